#include "core/vault/clock_lead.h"

namespace fieldvault::core {

Result<int64_t> ClockLeadMicros(Vault& vault, Clock& wall) {
  // The same floor Vault::Open gives its clock.
  FV_ASSIGN_OR_RETURN(
      int64_t latest,
      vault.db().QueryInt64(
          "SELECT COALESCE(MAX(occurred_at_micros), 0) FROM custody_log"));
  const int64_t now = wall.NowMicros();
  return latest > now ? latest - now : 0;
}

}  // namespace fieldvault::core
