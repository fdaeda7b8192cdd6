// The sequence rule of bundle_registry.h: how a received bundle's number
// and previous-manifest hash are judged against what this vault imported
// from its signer and the bundles of that signer it refused as a fork.
// Pure: it reads no database (ChainOf, in bundle_registry.cc, does).
#include <algorithm>
#include <iterator>
#include <optional>

#include "core/bundle/bundle_registry.h"
#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

// "4, 5" or "4 to 41 (38 bundles)": never a list that could be huge.
std::string Missing(uint64_t from, uint64_t to) {
  if (to - from < 5) {
    std::string text;
    for (uint64_t n = from; n <= to; ++n) {
      text += (text.empty() ? "" : ", ") + std::to_string(n);
    }
    return text;
  }
  return std::to_string(from) + " to " + std::to_string(to) + " (" +
         std::to_string(to - from + 1) + " bundles)";
}

}  // namespace

SequenceVerdict CheckSequence(const std::map<uint64_t, ReceivedBundle>& imported,
                              const Manifest& manifest,
                              const crypto::Blake2b512& manifest_hash,
                              std::string_view recipient) {
  SignerChain chain;
  chain.imported = imported;
  return CheckSequence(chain, manifest, manifest_hash, recipient);
}

namespace {

using Kind = SequenceVerdict::Kind;

// The refusals that depend on the bundle itself: a bundle id or number
// used, a chain that does not hold with what was imported or that
// continues a refused fork. nullopt when none applies.
std::optional<SequenceVerdict> Refusal(const SignerChain& chain, const Manifest& manifest,
                                       const std::string& hash,
                                       const std::string& previous,
                                       std::optional<uint64_t> tied_to) {
  const auto& imported = chain.imported;
  const uint64_t seq = manifest.sequence;
  for (const auto& [number, bundle] : imported) {
    if (bundle.bundle_id == manifest.bundle_id) {
      if (number == seq && bundle.manifest_blake2b == hash) {
        return SequenceVerdict{Kind::kAlreadyImported, false, "already imported"};
      }
      return SequenceVerdict{Kind::kReplay, false,
                             "bundle id " + manifest.bundle_id +
                                 " was already imported with other content"};
    }
  }
  if (auto used = imported.find(seq); used != imported.end()) {
    return SequenceVerdict{Kind::kReplay, false,
                           "sequence " + std::to_string(seq) + " was already used by bundle " +
                               used->second.bundle_id + ": a replay or a fork"};
  }
  if (auto fork = chain.refused_manifests.find(previous);
      !tied_to && fork != chain.refused_manifests.end()) {
    return SequenceVerdict{Kind::kContinuesRefused, false,
                           "it continues bundle " + std::to_string(fork->second.sequence) +
                               " (" + fork->second.bundle_id +
                               "), which was refused as a fork"};
  }
  auto before = imported.find(seq - 1);
  if (before != imported.end() && before->second.manifest_blake2b != previous) {
    return SequenceVerdict{Kind::kChainBroken, false,
                           "its previous-manifest hash does not match bundle " +
                               std::to_string(seq - 1) + " (a fork, or a forged chain)"};
  }
  if (tied_to) {
    // It names bundle k: nothing imported may stand between k and it.
    if (*tied_to >= seq) {
      return SequenceVerdict{Kind::kChainBroken, false,
                             "its previous manifest is that of bundle " +
                                 std::to_string(*tied_to) + ", numbered after it"};
    }
    auto between = imported.upper_bound(*tied_to);
    if (between != imported.end() && between->first < seq) {
      return SequenceVerdict{
          Kind::kChainBroken, false,
          "its previous manifest is bundle " + std::to_string(*tied_to) +
              "'s, but bundle " + std::to_string(between->first) +
              " followed that one (a fork of an older bundle)"};
    }
  }
  const uint64_t last = imported.empty() ? 0 : imported.rbegin()->first;
  auto after = imported.find(seq + 1);
  if (seq < last && after != imported.end() && after->second.previous_manifest != hash) {
    return SequenceVerdict{Kind::kChainBroken, false,
                           "bundle " + std::to_string(seq + 1) +
                               " does not name this one as its previous manifest"};
  }
  // Between two imported bundles of which the upper one names the lower
  // as its previous (a continuation skipped those numbers) nothing fits.
  auto hi = imported.upper_bound(seq);
  if (hi != imported.end() && hi != imported.begin()) {
    auto lo = std::prev(hi);
    if (hi->second.previous_manifest == lo->second.manifest_blake2b) {
      return SequenceVerdict{Kind::kChainBroken, false,
                             "bundle " + std::to_string(hi->first) + " continues bundle " +
                                 std::to_string(lo->first) +
                                 " directly: no bundle numbered between them belongs "
                                 "to the chain (a fork)"};
    }
  }
  return std::nullopt;
}

}  // namespace

SequenceVerdict CheckSequence(const SignerChain& chain, const Manifest& manifest,
                              const crypto::Blake2b512& manifest_hash,
                              std::string_view recipient) {
  const auto& imported = chain.imported;
  const uint64_t seq = manifest.sequence;
  const std::string hash = crypto::HexEncode(manifest_hash);
  const std::string previous =
      manifest.previous_manifest ? crypto::HexEncode(*manifest.previous_manifest) : "";
  std::optional<uint64_t> tied_to;
  for (const auto& [number, bundle] : imported) {
    if (!previous.empty() && bundle.manifest_blake2b == previous) tied_to = number;
  }
  if (auto refused = Refusal(chain, manifest, hash, previous, tied_to)) return *refused;
  const uint64_t last = imported.empty() ? 0 : imported.rbegin()->first;
  auto after = imported.find(seq + 1);
  const bool tied = tied_to || (after != imported.end()) ||
                    (seq == 1 && imported.empty());
  if (!tied && !chain.open_refusals.empty()) {
    // Once a fork showed itself, a bundle that cannot be tied to the chain
    // HQ holds may be the fork's, skipping the numbers it was refused at.
    const ReceivedBundle& fork = chain.open_refusals.back();
    return {Kind::kUntiedWhileForked, false,
            "bundle " + std::to_string(fork.sequence) + " (" + fork.bundle_id +
                ") of this signer was refused as a fork, and this one does not "
                "continue a bundle imported here (the last is " +
                std::to_string(last) + ")"};
  }
  if (seq < last) return {Kind::kFillsGap, true, "fills the gap before " + std::to_string(last)};
  const std::string next = last == 0 ? "first bundle from this signer"
                                     : "next after " + std::to_string(last);
  if (seq == last + 1) return {Kind::kNext, true, next};
  if (tied_to && *tied_to == last) {
    return {Kind::kNext, true,
            "continues the chain after " + std::to_string(last) + " (" +
                Missing(last + 1, seq - 1) + " skipped by the sender)"};
  }
  // The top of the gap may have gone to others only: no loss.
  uint64_t missing_to = seq - 1;
  std::string elsewhere;
  auto others = manifest.sent_to_others.find(std::string(recipient));
  if (others != manifest.sent_to_others.end() && others->second.last == seq - 1) {
    const uint64_t from = std::max(others->second.first, last + 1);
    elsewhere = Missing(from, seq - 1) + " went to other recipients";
    missing_to = from - 1;
  }
  if (missing_to <= last) return {Kind::kNext, true, next + " (" + elsewhere + ")"};
  return {Kind::kGap, true,
          "missing " + Missing(last + 1, missing_to) +
              (elsewhere.empty() ? "" : "; " + elsewhere)};
}

}  // namespace fieldvault::core::bundle
