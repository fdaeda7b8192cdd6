#include "core/bundle/bundle_registry.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "crypto/encoding.h"
#include "crypto/init.h"
#include "crypto/random.h"

namespace fieldvault::core::bundle {
namespace {

using Kind = SequenceVerdict::Kind;

crypto::Blake2b512 HashOf(const std::string& text) {
  return crypto::HashBlake2b512(crypto::AsBytes(text));
}

// Bundle n of a synthetic signer, chained to n-1.
Manifest ManifestNumber(uint64_t n, const std::string& id_suffix = "0") {
  Manifest m;
  m.bundle_id = "00000000-0000-4000-8000-0000000000" + std::to_string(n % 10) +
                id_suffix;
  m.sequence = n;
  if (n > 1) m.previous_manifest = HashOf("manifest " + std::to_string(n - 1));
  return m;
}

std::map<uint64_t, ReceivedBundle> Imported(std::initializer_list<uint64_t> numbers) {
  std::map<uint64_t, ReceivedBundle> imported;
  for (uint64_t n : numbers) {
    Manifest m = ManifestNumber(n);
    imported[n] = {m.bundle_id, "", "key", n,
                   crypto::HexEncode(HashOf("manifest " + std::to_string(n))),
                   m.previous_manifest ? crypto::HexEncode(*m.previous_manifest) : "",
                   "imported", "", 0};
  }
  return imported;
}

SequenceVerdict Check(std::initializer_list<uint64_t> imported, const Manifest& m) {
  return CheckSequence(Imported(imported), m,
                       HashOf("manifest " + std::to_string(m.sequence)));
}

TEST(BundleRegistryTest, SequenceRule) {
  EXPECT_EQ(Check({}, ManifestNumber(1)).kind, Kind::kNext);
  EXPECT_EQ(Check({1, 2}, ManifestNumber(3)).kind, Kind::kNext);
  EXPECT_TRUE(Check({1, 2}, ManifestNumber(3)).accepted);
  EXPECT_EQ(Check({1, 2}, ManifestNumber(2)).kind, Kind::kAlreadyImported);
  EXPECT_FALSE(Check({1, 2}, ManifestNumber(2)).accepted);

  SequenceVerdict replay = Check({1, 2}, ManifestNumber(2, "9"));
  EXPECT_EQ(replay.kind, Kind::kReplay);
  EXPECT_NE(replay.text.find("replay or a fork"), std::string::npos);

  SequenceVerdict gap = Check({1}, ManifestNumber(4));
  EXPECT_EQ(gap.kind, Kind::kGap);
  EXPECT_TRUE(gap.accepted);
  EXPECT_EQ(gap.text, "missing 2, 3");
  EXPECT_EQ(Check({}, ManifestNumber(60)).text, "missing 1 to 59 (59 bundles)");

  EXPECT_EQ(Check({1, 4}, ManifestNumber(2)).kind, Kind::kFillsGap);
  EXPECT_EQ(Check({1, 2, 4}, ManifestNumber(3)).kind, Kind::kFillsGap);

  Manifest forked = ManifestNumber(3);
  forked.previous_manifest = HashOf("some other manifest");
  EXPECT_EQ(Check({1, 2}, forked).kind, Kind::kChainBroken);
  EXPECT_FALSE(Check({1, 2}, forked).accepted);
  // A late bundle 3 must be the one bundle 4 names.
  SequenceVerdict late = CheckSequence(Imported({1, 2, 4}), ManifestNumber(3),
                                       HashOf("not the manifest 4 names"));
  EXPECT_EQ(late.kind, Kind::kChainBroken);
}

// Numbers the sender says went only to other recipients are no gap.
TEST(BundleRegistryTest, NumbersSentToOthersAreNoGap) {
  const std::string us = "age1us", them = "age1them";
  Manifest m = ManifestNumber(5);
  m.sent_to_others[us] = {3, 4};
  m.sent_to_others[them] = {1, 4};
  auto check = [&](std::initializer_list<uint64_t> imported) {
    return CheckSequence(Imported(imported), m, HashOf("manifest 5"), us);
  };
  EXPECT_EQ(check({1, 2}).kind, Kind::kNext);
  EXPECT_EQ(check({1, 2}).text, "next after 2 (3, 4 went to other recipients)");
  SequenceVerdict lost = check({1});
  EXPECT_EQ(lost.kind, Kind::kGap);
  EXPECT_EQ(lost.text, "missing 2; 3, 4 went to other recipients");
  // Only our own entry counts, and only while it reaches this bundle.
  EXPECT_EQ(CheckSequence(Imported({1}), m, HashOf("manifest 5"), "age1else").text,
            "missing 2, 3, 4");
  m.sent_to_others[us] = {1, 4};
  EXPECT_EQ(CheckSequence(Imported({}), m, HashOf("manifest 5"), us).text,
            "first bundle from this signer (1, 2, 3, 4 went to other recipients)");
  // A late bundle still fills a gap as before.
  EXPECT_EQ(Check({1, 4}, ManifestNumber(2)).kind, Kind::kFillsGap);
}

// A register row of bundle `name` (its manifest hashes to HashOf(name)),
// numbered `n`, naming `previous` (a name, or "" for none).
ReceivedBundle Row(const std::string& name, uint64_t n, const std::string& previous,
                   const std::string& verdict, const std::string& detail = "") {
  return {"id-" + name, "", "key", n, crypto::HexEncode(HashOf(name)),
          previous.empty() ? "" : crypto::HexEncode(HashOf(previous)), verdict, detail, 0};
}

// Bundle `name`, numbered `n`, naming bundle `previous` (a name).
Manifest Named(const std::string& name, uint64_t n, const std::string& previous) {
  Manifest m;
  m.bundle_id = "id-" + name;
  m.sequence = n;
  if (!previous.empty()) m.previous_manifest = HashOf(previous);
  return m;
}

// The reviewer's scenario (s11 finding 1): HQ imported 1-4; a vault
// restored from a backup taken after 3 sent its own 4 and 5, refused.
SignerChain RestoredFork() {
  SignerChain chain;
  chain.imported = Imported({1, 2, 3, 4});
  for (const ReceivedBundle& r :
       {Row("fork 4", 4, "manifest 3", "refused", "refused: sequence 4 was already used"),
        Row("fork 5", 5, "fork 4", "refused", "refused: its previous-manifest hash")}) {
    chain.refused_manifests[r.manifest_blake2b] = r;
    chain.open_refusals.push_back(r);
  }
  return chain;
}

SequenceVerdict CheckNamed(const SignerChain& chain, const std::string& name, uint64_t n,
                           const std::string& previous) {
  return CheckSequence(chain, Named(name, n, previous), HashOf(name));
}

TEST(BundleRegistryTest, AForkCannotWinBySkippingANumber) {
  const SignerChain chain = RestoredFork();
  // Before the fix, the fork's bundle 6 was accepted as "missing 5".
  SequenceVerdict six = CheckNamed(chain, "fork 6", 6, "fork 5");
  EXPECT_EQ(six.kind, Kind::kContinuesRefused);
  EXPECT_FALSE(six.accepted);
  EXPECT_EQ(six.text, "it continues bundle 5 (id-fork 5), which was refused as a fork");
  // Nor by skipping more, naming a bundle HQ never saw.
  SequenceVerdict nine = CheckNamed(chain, "fork 9", 9, "fork 8");
  EXPECT_EQ(nine.kind, Kind::kUntiedWhileForked);
  EXPECT_FALSE(nine.accepted);
  EXPECT_NE(nine.text.find("refused as a fork"), std::string::npos);
  // Without the refusals the same bundle is only a gap, as before.
  SignerChain plain;
  plain.imported = chain.imported;
  EXPECT_EQ(CheckNamed(plain, "fork 9", 9, "fork 8").kind, Kind::kGap);
  // The chain HQ holds goes on: the original vault's 5 is next.
  EXPECT_EQ(CheckSequence(chain, ManifestNumber(5), HashOf("manifest 5")).kind, Kind::kNext);
  // A bundle forking off an older imported bundle is refused.
  EXPECT_EQ(CheckNamed(plain, "old fork", 6, "manifest 2").kind, Kind::kChainBroken);
  EXPECT_EQ(CheckNamed(plain, "odd", 3, "manifest 4").kind, Kind::kReplay);
}

TEST(BundleRegistryTest, ARestoredVaultContinuesTheChainHqHolds) {
  const SignerChain chain = RestoredFork();
  // export --continue-after 4: a number past the fork's, naming HQ's 4.
  SequenceVerdict next = CheckNamed(chain, "continued", 6, "manifest 4");
  EXPECT_EQ(next.kind, Kind::kNext);
  EXPECT_TRUE(next.accepted);
  EXPECT_EQ(next.text, "continues the chain after 4 (5 skipped by the sender)");
  // Once it is imported, nothing fits between 4 and it.
  SignerChain after = chain;
  after.imported[6] = Row("continued", 6, "manifest 4", "imported");
  after.open_refusals.clear();
  EXPECT_EQ(CheckSequence(after, ManifestNumber(5), HashOf("manifest 5")).kind,
            Kind::kChainBroken);
  EXPECT_EQ(CheckNamed(after, "late", 5, "somewhere").kind, Kind::kChainBroken);
  EXPECT_EQ(CheckNamed(after, "seven", 7, "continued").kind, Kind::kNext);
}

// A keyed scratch database with the bundle registers as migrations 2 and
// 6 left them (sequence numbers per vault), removed at the end.
class RegistryDatabase {
 public:
  RegistryDatabase()
      : path_(std::filesystem::temp_directory_path() /
              ("fv-registry-test-" + std::to_string(::getpid()) + ".db")) {
    EXPECT_TRUE(crypto::InitializeCrypto().ok());
    std::filesystem::remove(path_);
    auto db = Database::Open(path_, Database::Mode::kCreate);
    EXPECT_TRUE(db.ok());
    db_.emplace(std::move(db).value());
    crypto::SecretBytes key(32);
    crypto::SystemRandom().Fill(key.MutableReveal());
    EXPECT_TRUE(db_->Key(key).ok());
    EXPECT_TRUE(CreateBundleRegistrySchema(*db_).ok());
    EXPECT_TRUE(AddSentBundleState(*db_).ok());
  }
  ~RegistryDatabase() {
    db_.reset();
    std::filesystem::remove(path_);
  }
  Database& operator*() { return *db_; }

 private:
  std::string path_;
  std::optional<Database> db_;
};

TEST(BundleRegistryTest, NumbersPerProfileKeepTheNumbersUsedBefore) {
  RegistryDatabase db;
  // Numbered per vault before migration 8.
  for (SentBundle sent : {SentBundle{1, "id-1", "aa", "", {"age1a"}, "hq", "all", 100},
                          SentBundle{2, "id-2", "bb", "", {"age1a"}, "public", "all", 200},
                          SentBundle{3, "id-3", "cc", "", {"age1a"}, "hq", "since-last", 300},
                          SentBundle{4, "id-4", "dd", "", {"age1a"}, "public", "all", 400}}) {
    sent.state = sent.bundle_id == "id-4" ? "pending" : "written";
    ASSERT_TRUE(RecordSentBundle(*db, sent).ok());
  }
  ASSERT_TRUE(NumberSequencesPerProfile(*db).ok());
  // Each profile's next bundle follows its highest number and chains to it.
  EXPECT_EQ((*LastSentBundle(*db, "hq"))->manifest_blake2b, "cc");
  EXPECT_EQ((*LastSentBundle(*db, "public"))->sequence, 4u);
  EXPECT_EQ((*LastSentBundle(*db, "public"))->state, "pending");
  auto not_written = SentBundlesNotWritten(*db);
  ASSERT_TRUE(not_written.ok());
  ASSERT_EQ(not_written->size(), 1u);
  EXPECT_EQ(not_written->front().bundle_id, "id-4");
  EXPECT_TRUE(RecordSentBundle(*db, {4, "id-5", "ee", "", {"age1a"}, "hq", "all", 500}).ok());
  EXPECT_TRUE(
      RecordSentBundle(*db, {5, "id-6", "ff", "", {"age1a"}, "public", "all", 600}).ok());
  EXPECT_FALSE(
      RecordSentBundle(*db, {4, "id-7", "gg", "", {"age1a"}, "public", "all", 700}).ok());
}

TEST(BundleRegistryTest, LastSequenceToARecipient) {
  RegistryDatabase db;
  ASSERT_TRUE(NumberSequencesPerProfile(*db).ok());
  EXPECT_EQ(*LastSequenceTo(*db, "age1a", "hq"), 0u);
  ASSERT_TRUE(RecordSentBundle(*db, {1, "id-1", "aa", "", {"age1a", "age1ab"}, "hq", "all", 100}).ok());
  ASSERT_TRUE(RecordSentBundle(*db, {2, "id-2", "bb", "", {"age1ab"}, "hq", "all", 200}).ok());
  ASSERT_TRUE(RecordSentBundle(*db, {1, "id-3", "cc", "", {"age1a"}, "public", "all", 300}).ok());
  EXPECT_EQ(*LastSequenceTo(*db, "age1a", "hq"), 1u);  // not age1ab's
  EXPECT_EQ(*LastSequenceTo(*db, "age1ab", "hq"), 2u);
  EXPECT_EQ(*LastSequenceTo(*db, "age1a", "public"), 1u);
  EXPECT_EQ(*LastSequenceTo(*db, "age1b", "hq"), 0u);
}

TEST(BundleRegistryTest, RegistersSentAndReceivedBundles) {
  RegistryDatabase db;
  ASSERT_TRUE(NumberSequencesPerProfile(*db).ok());

  EXPECT_FALSE(*LastSentBundle(*db, "hq"));
  SentBundle first{1, "id-1", "aa", "bb", {"age1a", "age1b"}, "hq", "all", 100, "written"};
  SentBundle second{2, "id-2", "cc", "dd", {"age1a"}, "hq", "since-last", 200, "written"};
  ASSERT_TRUE(RecordSentBundle(*db, first).ok());
  ASSERT_TRUE(RecordSentBundle(*db, second).ok());
  EXPECT_FALSE(RecordSentBundle(*db, second).ok());
  EXPECT_EQ((*LastSentBundle(*db, "hq"))->sequence, 2u);
  auto to_both = LastSentBundleTo(*db, {"age1a", "age1b"}, "hq");
  ASSERT_TRUE(to_both.ok() && to_both->has_value());
  EXPECT_EQ((*to_both)->bundle_id, "id-1");
  EXPECT_EQ((*to_both)->recipients, first.recipients);
  EXPECT_FALSE(*LastSentBundleTo(*db, {"age1b"}, "hq"));

  // A bundle not confirmed on the medium keeps its number but does not
  // move the --since-last marker.
  SentBundle third{3, "id-3", "ee", "ff", {"age1a", "age1b"}, "hq", "since-last", 300};
  ASSERT_TRUE(RecordSentBundle(*db, third).ok());
  EXPECT_EQ((*LastSentBundle(*db, "hq"))->sequence, 3u);
  EXPECT_EQ((*LastSentBundle(*db, "hq"))->state, "pending");
  EXPECT_EQ((*LastSentBundleTo(*db, {"age1a", "age1b"}, "hq"))->sequence, 1u);
  ASSERT_TRUE(SetSentBundleState(*db, "id-3", kSentFailed).ok());
  EXPECT_EQ((*LastSentBundleTo(*db, {"age1a", "age1b"}, "hq"))->sequence, 1u);
  ASSERT_TRUE(SetSentBundleState(*db, "id-3", kSentWritten).ok());
  EXPECT_EQ((*LastSentBundleTo(*db, {"age1a", "age1b"}, "hq"))->sequence, 3u);
  EXPECT_EQ(SetSentBundleState(*db, "id-9", kSentWritten).code(), StatusCode::kNotFound);

  // A public bundle has numbers of its own and moves neither marker of the
  // hq profile: it left out everything not marked public, and custody
  // events.
  SentBundle published{1, "id-4", "gg", "hh", {"age1a", "age1b"}, "public", "since-last", 400,
                       "written"};
  ASSERT_TRUE(RecordSentBundle(*db, published).ok());
  SentBundle published_again{1, "id-5", "ii", "jj", {"age1a"}, "public", "all", 500};
  EXPECT_FALSE(RecordSentBundle(*db, published_again).ok());
  EXPECT_EQ((*LastSentBundle(*db, "hq"))->sequence, 3u);
  EXPECT_EQ((*LastSentBundle(*db, "public"))->bundle_id, "id-4");
  EXPECT_EQ((*LastSentBundleTo(*db, {"age1a", "age1b"}, "hq"))->sequence, 3u);
  EXPECT_EQ((*LastSentBundleTo(*db, {"age1a", "age1b"}, "public"))->bundle_id, "id-4");
  EXPECT_EQ((*LastWrittenBundle(*db, "hq"))->sequence, 3u);
  EXPECT_EQ((*LastWrittenBundle(*db, "public"))->bundle_id, "id-4");

  ReceivedBundle imported{"id-1", "h", "KEY", 1, "m1", "", "imported", "", 5};
  ReceivedBundle refused{"id-9", "h", "KEY", 2, "m9", "m1", "refused", "replay", 6};
  ASSERT_TRUE(RecordReceivedBundle(*db, imported).ok());
  ASSERT_TRUE(RecordReceivedBundle(*db, refused).ok());
  EXPECT_EQ(ListReceivedBundles(*db)->size(), 2u);
  auto from = ImportedFrom(*db, "KEY");
  ASSERT_EQ(from->size(), 1u);
  EXPECT_EQ(from->at(1).manifest_blake2b, "m1");
  EXPECT_TRUE(ImportedFrom(*db, "OTHER")->empty());
}

TEST(BundleRegistryTest, ForkRefusalsStayOpenUntilATiedImportPassesThem) {
  RegistryDatabase db;
  const std::string refused = "refused: sequence 2 was already used by bundle x";
  for (const ReceivedBundle& r :
       {Row("manifest 1", 1, "", "imported"), Row("manifest 2", 2, "manifest 1", "imported"),
        Row("fork 4", 4, "fork 3", "refused", refused),
        // Not fork refusals: a damaged file, a verify.
        Row("damaged 3", 3, "manifest 2", "refused", "the bundle was altered"),
        Row("fork 5", 5, "fork 4", "verified"),
        // An import that is not tied (a gap) does not close the refusal.
        Row("manifest 9", 9, "manifest 8", "imported")}) {
    ASSERT_TRUE(RecordReceivedBundle(*db, r).ok());
  }
  auto chain = ChainOf(*db, "key");
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_EQ(chain->imported.size(), 3u);
  ASSERT_EQ(chain->open_refusals.size(), 1u);
  EXPECT_EQ(chain->open_refusals[0].bundle_id, "id-fork 4");
  EXPECT_EQ(chain->refused_manifests.size(), 1u);
  EXPECT_TRUE(chain->refused_manifests.contains(crypto::HexEncode(HashOf("fork 4"))));
  EXPECT_TRUE(ChainOf(*db, "other key")->open_refusals.empty());
  // A tied import numbered lower leaves it open; one at least as high
  // closes it, but the refused manifest is still never continued.
  ASSERT_TRUE(RecordReceivedBundle(*db, Row("manifest 3", 3, "manifest 2", "imported")).ok());
  EXPECT_EQ(ChainOf(*db, "key")->open_refusals.size(), 1u);
  ASSERT_TRUE(RecordReceivedBundle(*db, Row("manifest 4", 4, "manifest 3", "imported")).ok());
  auto closed = ChainOf(*db, "key");
  ASSERT_TRUE(closed.ok());
  EXPECT_TRUE(closed->open_refusals.empty());
  EXPECT_EQ(closed->refused_manifests.size(), 1u);
  EXPECT_EQ(CheckNamed(*closed, "fork 5", 5, "fork 4").kind, Kind::kContinuesRefused);
}

}  // namespace
}  // namespace fieldvault::core::bundle
