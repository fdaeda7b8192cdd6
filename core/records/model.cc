#include "core/records/model.h"

namespace fieldvault::core {

std::string_view CurrentStatus(const Detention& detention) {
  if (detention.status_history.empty()) return {};
  return detention.status_history.back().status;
}

bool ConsentAllows(const WitnessAccount& account, std::string_view purpose) {
  for (const Consent& consent : account.consents) {
    if (consent.purpose == purpose) {
      return consent.granted && !consent.withdrawn.known();
    }
  }
  return false;  // no decision recorded: not allowed
}

}  // namespace fieldvault::core
