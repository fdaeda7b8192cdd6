// A vault clock left ahead of the computer's: one command run while the
// laptop's clock was set wrong (a mistyped year) leaves the vault's latest
// custody event in the future, and since the vault's times never go back
// (core/clock.h) every later change is dated there too. This says so, with
// the cause and what to do, on every command that opens the vault, and
// gives `status` the figures.
#ifndef FIELDVAULT_CLI_CLOCK_LEAD_H_
#define FIELDVAULT_CLI_CLOCK_LEAD_H_

#include <cstdint>
#include <string>

#include "core/vault/vault.h"

namespace fieldvault::cli {

// A lead above this is reported; below it, a clock merely set back since
// (travel across time zones, a few minutes of drift) is not worth a word.
inline constexpr int64_t kClockLeadReportedMicros =
    int64_t{24} * 3600 * 1000000;

// "36 years", "3 days", "26 hours": a lead in words, in its largest unit.
std::string DescribeLead(int64_t micros);

// When `vault`'s clock is more than kClockLeadReportedMicros ahead of the
// computer's, prints a warning and a hint to stderr (cause, what still
// works, what to do). Prints nothing otherwise, or when the lead cannot be
// read (the command then fails on its own).
void WarnIfClockAhead(core::Vault& vault);

// How far `vault`'s clock runs ahead of the computer's (core/vault/
// clock_lead.h), 0 when it cannot be read.
int64_t VaultClockLead(core::Vault& vault);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_CLOCK_LEAD_H_
