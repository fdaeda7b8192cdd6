#include "core/bundle/bundle_order.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <optional>

#include "core/bundle/bundle_seal.h"
#include "core/identity/identity_store.h"
#include "crypto/byte_stream.h"

namespace fieldvault::core::bundle {
namespace {

struct Placed {
  std::string path;
  std::optional<std::string> group;  // sender key and profile; nullopt: did not open
  uint64_t sequence = 0;
};

// The unverified manifest's sender, profile and sequence of `path`.
void Peek(const std::vector<crypto::AgeIdentity>& identities, Placed& placed) {
  const int fd = ::open(placed.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  {
    crypto::FdSource file(fd);
    auto opener = BundleOpener::Open(file, identities);
    if (opener.ok()) {
      const Manifest& m = (*opener)->manifest();
      placed.group = m.sender.minisign_public_key + " " + m.profile;
      placed.sequence = m.sequence;
    }
  }  // the opener, and its read-ahead, are gone before the file is closed
  ::close(fd);
}

}  // namespace

std::vector<std::string> InSequenceOrder(Vault& vault,
                                         const std::vector<std::string>& paths,
                                         const ReceiveOptions& options) {
  std::vector<crypto::AgeIdentity> loaded;
  if (!options.use_given_identities) {
    auto identities = LoadAgeIdentities(vault.db());
    if (!identities.ok()) return paths;  // ReceiveBundle reports why
    loaded = std::move(identities).value();
  }
  const std::vector<crypto::AgeIdentity>& identities =
      options.use_given_identities ? options.identities : loaded;
  std::vector<Placed> placed;
  std::vector<std::string> groups;  // in the order first seen
  for (const std::string& path : paths) {
    placed.push_back({path, std::nullopt, 0});
    Peek(identities, placed.back());
    if (placed.back().group &&
        std::find(groups.begin(), groups.end(), *placed.back().group) == groups.end()) {
      groups.push_back(*placed.back().group);
    }
  }
  auto rank = [&](const Placed& p) {
    if (!p.group) return groups.size();
    return static_cast<size_t>(std::find(groups.begin(), groups.end(), *p.group) -
                               groups.begin());
  };
  std::stable_sort(placed.begin(), placed.end(), [&](const Placed& a, const Placed& b) {
    const size_t ra = rank(a), rb = rank(b);
    if (ra != rb) return ra < rb;
    return a.group && a.sequence < b.sequence;
  });
  std::vector<std::string> ordered;
  for (Placed& p : placed) ordered.push_back(std::move(p.path));
  return ordered;
}

}  // namespace fieldvault::core::bundle
