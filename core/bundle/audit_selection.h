// Which of the sender's custody events a bundle's audit.jsonl carries.
//
// The custody log records everything that happened in a vault: at HQ, the
// labels of every signer it trusts, every bundle it imported from whom,
// the conflicts it resolved against which monitor's copy. A bundle goes to
// its recipients, so it carries only the events they may see
// (docs/bundle-format.md, "audit.jsonl"):
//   - events about a record or attachment that this bundle carries (its id
//     in records/*.jsonl or records/attachment.jsonl) and that name no
//     bundle: the record's own history, never that of a record the
//     profile withheld or that this bundle does not hold;
//   - events about a bundle this vault sent (exported, withheld by
//     profile, export failed, export interrupted) to the same recipients
//     as this bundle: a recipient learns nothing of bundles sent to others
//     (the manifest's sent_to_others tells it that numbers went elsewhere,
//     not to whom), and an "exported" event, which names its bundle's
//     recipients by the sender's labels, names only this bundle's.
// Nothing else: not vault-level events (keyrings, signers trusted, display
// name, passphrase, migrations), not imports or refusals of received
// bundles, not conflict resolutions (they name another signer's bundle).
// Events are sent whole or not at all (their hash covers every field), so
// a receiver still checks and keeps each as the sender logged it; the
// sender's sequence numbers then have gaps, which is expected.
#ifndef FIELDVAULT_CORE_BUNDLE_AUDIT_SELECTION_H_
#define FIELDVAULT_CORE_BUNDLE_AUDIT_SELECTION_H_

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/vault/custody_log.h"

namespace fieldvault::core::bundle {

class AuditSelection {
 public:
  // `sent_to_same`: the ids of the bundles this vault sent to the same
  // recipients as the bundle being written (BundlesSentTo,
  // bundle_registry.h).
  explicit AuditSelection(std::set<std::string> sent_to_same = {})
      : sent_to_same_(std::move(sent_to_same)) {}

  // Notes an event that the bundle may carry (one after its start), before
  // any NoteCarried: only the records and attachments such events are
  // about are remembered as carried, so memory follows the number of
  // events, not of records.
  void NoteCandidate(const CustodyEvent& event);
  // Forgets the carried ids: a new pass over the payload begins.
  void Clear() {
    carried_.clear();
    sealed_ = true;
  }
  // Notes that the bundle carries the record or attachment `id`.
  void NoteCarried(std::string_view id);
  // True when `event` goes in the bundle (above). Call after every
  // carried id of the pass was noted.
  bool Carries(const CustodyEvent& event);

 private:
  // An id as 16 bytes: a canonical UUID's own bytes (exact), any other
  // id's BLAKE2b-512 truncated to 128 bits. 16 bytes an id keeps memory
  // small for a bundle of a million records.
  using Key = std::array<uint8_t, 16>;
  static Key KeyOf(std::string_view id);

  std::set<std::string> sent_to_same_;
  std::vector<Key> candidates_;  // sorted once the first id is carried
  bool candidates_sorted_ = true;
  std::vector<Key> carried_;  // sorted when sealed_
  bool sealed_ = true;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_AUDIT_SELECTION_H_
