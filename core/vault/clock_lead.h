// How far a vault's clock runs ahead of the computer's. A vault's times
// never go back (core/clock.h: MonotonicClock, floored at the latest
// custody event), so one command run while the laptop's clock was set
// ahead (a mistyped year) leaves every later change dated in that future.
// The CLI reports such a lead and takes the dates a monitor calls "today"
// from the computer's clock instead.
#ifndef FIELDVAULT_CORE_VAULT_CLOCK_LEAD_H_
#define FIELDVAULT_CORE_VAULT_CLOCK_LEAD_H_

#include <cstdint>

#include "core/clock.h"
#include "core/vault/vault.h"
#include "crypto/status.h"

namespace fieldvault::core {

// How far `vault`'s latest custody event (the floor of vault.clock()) is
// ahead of `wall` now, in microseconds; 0 when it is not ahead. `wall` is
// the clock the vault was opened with, as it is. kIoError from the
// database.
Result<int64_t> ClockLeadMicros(Vault& vault, Clock& wall);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_CLOCK_LEAD_H_
