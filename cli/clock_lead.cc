#include "cli/clock_lead.h"

#include <cstdio>

#include "cli/output.h"
#include "core/clock.h"
#include "core/vault/clock_lead.h"

namespace fieldvault::cli {

std::string DescribeLead(int64_t micros) {
  constexpr int64_t kHour = int64_t{3600} * 1000000;
  struct Unit {
    const char* name;
    int64_t micros;
  };
  for (const Unit& unit : {Unit{"year", kHour * 24 * 365},
                           Unit{"day", kHour * 24}, Unit{"hour", kHour}}) {
    const int64_t count = micros / unit.micros;
    // "26 hours" reads better than "1 day"; from two days on, days.
    if (count >= 2 || (count >= 1 && unit.micros == kHour)) {
      return std::to_string(count) + " " + unit.name + (count == 1 ? "" : "s");
    }
  }
  return "less than an hour";
}

int64_t VaultClockLead(core::Vault& vault) {
  // The CLI opens every vault with the system clock (open_vault.cc).
  Result<int64_t> lead = core::ClockLeadMicros(vault, core::SystemClock());
  return lead.ok() ? *lead : 0;
}

void WarnIfClockAhead(core::Vault& vault) {
  const int64_t lead = VaultClockLead(vault);
  if (lead <= kClockLeadReportedMicros) return;
  const int64_t now = core::SystemClock().NowMicros();
  PrintWarning("this vault's latest change is dated " +
               core::FormatUtc(now + lead) + ", " + DescribeLead(lead) +
               " ahead of this computer's clock (" + core::FormatUtc(now) +
               "): a command ran while the clock was set wrong, and the "
               "vault's times never go back, so new changes and custody "
               "events are dated from then on");
  std::fprintf(stderr,
               "fieldvault: hint: if this computer's date is wrong now, set "
               "it right before recording anything; if it is right, default "
               "status dates are still today's, but tell HQ that this "
               "vault's change times read ahead\n");
}

}  // namespace fieldvault::cli
