#include "core/bundle/audit_selection.h"

#include <algorithm>
#include <cstring>

#include "core/uuid.h"
#include "crypto/blake2b.h"

namespace fieldvault::core::bundle {
namespace {

int HexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

}  // namespace

AuditSelection::Key AuditSelection::KeyOf(std::string_view id) {
  Key key{};
  if (IsCanonicalUuid(id)) {
    size_t out = 0;
    for (size_t i = 0; i + 1 < id.size() && out < key.size();) {
      if (id[i] == '-') {
        ++i;
        continue;
      }
      key[out++] = static_cast<uint8_t>(HexValue(id[i]) << 4 | HexValue(id[i + 1]));
      i += 2;
    }
    return key;
  }
  // Record ids fieldvault writes are UUIDs; another id (a damaged or
  // hand-made record) is told apart by a hash far too long to collide.
  crypto::Blake2bHasher hasher;
  hasher.Update(std::span(reinterpret_cast<const uint8_t*>(id.data()), id.size()));
  const crypto::Blake2b512 digest = hasher.Finish();
  std::memcpy(key.data(), digest.data(), key.size());
  return key;
}

void AuditSelection::NoteCandidate(const CustodyEvent& event) {
  if (!event.bundle_id.empty() || event.record_type.empty() || event.record_id.empty()) {
    return;  // not about a record (Carries)
  }
  candidates_.push_back(KeyOf(event.record_id));
  candidates_sorted_ = false;
}

void AuditSelection::NoteCarried(std::string_view id) {
  if (candidates_.empty()) return;
  if (!candidates_sorted_) {
    std::sort(candidates_.begin(), candidates_.end());
    candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
    candidates_sorted_ = true;
  }
  const Key key = KeyOf(id);
  if (!std::binary_search(candidates_.begin(), candidates_.end(), key)) return;
  carried_.push_back(key);
  sealed_ = false;
}

bool AuditSelection::Carries(const CustodyEvent& event) {
  // An event naming a bundle: one this vault sent to the same recipients.
  // (A received bundle's id, in "imported", "bundle refused" and
  // "resolved", is never among them.)
  if (!event.bundle_id.empty()) return sent_to_same_.count(event.bundle_id) != 0;
  if (event.record_type.empty() || event.record_id.empty()) return false;
  if (!sealed_) {
    std::sort(carried_.begin(), carried_.end());
    sealed_ = true;
  }
  return std::binary_search(carried_.begin(), carried_.end(), KeyOf(event.record_id));
}

}  // namespace fieldvault::core::bundle
