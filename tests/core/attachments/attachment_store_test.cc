#include "core/attachments/attachment_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/attachments/mime_type.h"
#include "crypto/encoding.h"
#include "tests/core/temp_database.h"

namespace fieldvault::core {
namespace {

constexpr char kIncidentId[] = "2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10";

// Produces `size` bytes of a fixed pseudo-random pattern without holding
// them, so big attachments can be tested with little memory.
class PatternSource final : public crypto::ByteSource {
 public:
  explicit PatternSource(uint64_t size) : remaining_(size) {}
  Result<size_t> Read(std::span<uint8_t> out) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>(out.size(), remaining_));
    for (size_t i = 0; i < n; ++i) {
      state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
      out[i] = static_cast<uint8_t>(state_ >> 56);
    }
    remaining_ -= n;
    return n;
  }

 private:
  uint64_t remaining_;
  uint64_t state_ = 7;
};

class AttachmentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(CreateAttachmentSchema(temp_.db()).ok());
  }

  Result<Attachment> Add(std::span<const uint8_t> bytes, std::string name,
                         std::string mime = "") {
    crypto::MemorySource source(bytes);
    auto transaction = Transaction::Begin(temp_.db());
    EXPECT_TRUE(transaction.ok());
    NewAttachment request{"incident", kIncidentId, std::move(name),
                          std::move(mime), PartialDate()};
    auto added = AddAttachment(temp_.db(), request, source, random_, 1000,
                               "vault-synthetic");
    if (added.ok()) {
      EXPECT_TRUE(transaction->Commit().ok());
    }
    return added;
  }

  TempDatabase temp_;
  crypto::DeterministicRandom random_{42};
};

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> bytes(size);
  PatternSource source(size);
  EXPECT_TRUE(crypto::ReadFull(source, bytes).ok());
  return bytes;
}

TEST_F(AttachmentStoreTest, RoundTripsAcrossChunkBoundaries) {
  for (size_t size : {size_t{0}, size_t{1}, kAttachmentChunkBytes - 1,
                      kAttachmentChunkBytes, kAttachmentChunkBytes + 1,
                      3 * kAttachmentChunkBytes + 17}) {
    std::vector<uint8_t> bytes = Pattern(size);
    auto added = Add(bytes, "/home/monitor/Testova/clip.bin");
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    EXPECT_EQ(added->size, size);
    EXPECT_EQ(added->original_name, "clip.bin");  // path dropped
    EXPECT_EQ(added->blake2b_512,
              crypto::HexEncode(crypto::HashBlake2b512(bytes)));
    crypto::MemorySink sink;
    auto extracted = ExtractAttachment(temp_.db(), added->id, sink);
    ASSERT_TRUE(extracted.ok()) << extracted.status().ToString();
    EXPECT_EQ(sink.bytes(), bytes) << size;
  }
}

TEST_F(AttachmentStoreTest, RecordsMetadataAndLists) {
  std::string jpeg = "\xFF\xD8\xFF\xE0synthetic";
  auto added = Add(crypto::AsBytes(jpeg), "photo_0001.JPG");
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->mime_type, "image/jpeg");
  auto got = GetAttachment(temp_.db(), added->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->owner_type, "incident");
  EXPECT_EQ(got->owner_id, kIncidentId);
  EXPECT_EQ(got->created_by, "vault-synthetic");
  EXPECT_EQ(got->size, jpeg.size());
  ASSERT_TRUE(Add(crypto::AsBytes("notes"), "notes.txt", "text/plain").ok());
  auto all = ListAttachments(temp_.db(), "incident", kIncidentId);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  auto none = ListAttachments(temp_.db(), "person", kIncidentId);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(AttachmentStoreTest, TamperedChunkFailsTheHashCheck) {
  auto added = Add(Pattern(kAttachmentChunkBytes + 100), "clip.bin");
  ASSERT_TRUE(added.ok());
  ASSERT_TRUE(temp_.db()
                  .Exec("UPDATE attachment_chunks SET data = zeroblob(100)"
                        " WHERE seq = 1")
                  .ok());
  crypto::MemorySink sink;
  auto extracted = ExtractAttachment(temp_.db(), added->id, sink);
  EXPECT_EQ(extracted.status().code(), StatusCode::kCorruption);
}

TEST_F(AttachmentStoreTest, ChunksAndSizeExtractionStillChecksTheChunks) {
  std::vector<uint8_t> bytes = Pattern(2 * kAttachmentChunkBytes + 100);
  auto added = Add(bytes, "clip.bin");
  ASSERT_TRUE(added.ok());
  crypto::MemorySink sink;
  ASSERT_TRUE(ExtractAttachment(temp_.db(), added->id, sink,
                                ContentCheck::kChunksAndSize).ok());
  EXPECT_EQ(sink.bytes(), bytes);
  // Same sizes, other bytes, through the database itself: not seen here
  // (a bundle's recipient and CheckAttachmentContents see it).
  ASSERT_TRUE(temp_.db()
                  .Exec("UPDATE attachment_chunks SET data = zeroblob(100)"
                        " WHERE seq = 2")
                  .ok());
  crypto::MemorySink changed;
  auto extracted =
      ExtractAttachment(temp_.db(), added->id, changed, ContentCheck::kChunksAndSize);
  ASSERT_TRUE(extracted.ok());
  EXPECT_NE(crypto::HexEncode(crypto::HashBlake2b512(changed.bytes())),
            extracted->blake2b_512);
  // A missing chunk is still refused here.
  ASSERT_TRUE(
      temp_.db().Exec("DELETE FROM attachment_chunks WHERE seq = 1").ok());
  crypto::MemorySink cut;
  EXPECT_EQ(ExtractAttachment(temp_.db(), added->id, cut, ContentCheck::kChunksAndSize)
                .status()
                .code(),
            StatusCode::kCorruption);
}

TEST_F(AttachmentStoreTest, ContentCheckFindsEachDamagedAttachment) {
  auto intact = Add(Pattern(kAttachmentChunkBytes + 7), "intact.bin");
  auto changed = Add(Pattern(2 * kAttachmentChunkBytes), "changed.bin");
  auto cut = Add(Pattern(3 * kAttachmentChunkBytes), "cut.bin");
  ASSERT_TRUE(intact.ok() && changed.ok() && cut.ok());
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  auto progress = [&](uint64_t done, uint64_t total) { calls.push_back({done, total}); };
  auto clean = CheckAttachmentContents(temp_.db(), progress);
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_EQ(clean->checked, 3u);
  EXPECT_EQ(clean->bytes, 6 * kAttachmentChunkBytes + 7);
  EXPECT_TRUE(clean->damaged.empty());
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), std::make_pair(clean->bytes, clean->bytes));

  // One byte of one chunk, same length: only the hash tells.
  ASSERT_TRUE(temp_.db()
                  .Exec("UPDATE attachment_chunks SET data = zeroblob(1) || "
                        "substr(data, 2) WHERE seq = 1 AND attachment_id = '" +
                        changed->id + "'")
                  .ok());
  ASSERT_TRUE(temp_.db()
                  .Exec("DELETE FROM attachment_chunks WHERE seq = 2 AND "
                        "attachment_id = '" + cut->id + "'")
                  .ok());
  ASSERT_TRUE(RedactAttachmentName(temp_.db(), cut->id, 2000).ok());
  auto found = CheckAttachmentContents(temp_.db(), {});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->checked, 3u);
  ASSERT_EQ(found->damaged.size(), 2u);
  EXPECT_EQ(found->damaged[0].id, changed->id);
  EXPECT_EQ(found->damaged[0].original_name, "changed.bin");
  EXPECT_NE(found->damaged[0].problem.find("BLAKE2b-512"), std::string::npos);
  EXPECT_EQ(found->damaged[1].id, cut->id);
  EXPECT_FALSE(found->damaged[1].original_name.has_value());
  // The same check as extracting: both are refused there too.
  crypto::MemorySink sink;
  EXPECT_EQ(ExtractAttachment(temp_.db(), changed->id, sink).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(ExtractAttachment(temp_.db(), cut->id, sink).status().code(),
            StatusCode::kCorruption);
  EXPECT_TRUE(ExtractAttachment(temp_.db(), intact->id, sink).ok());
}

TEST_F(AttachmentStoreTest, VerifiedSourceHashIsRecorded) {
  std::vector<uint8_t> bytes = Pattern(kAttachmentChunkBytes + 3);
  crypto::MemorySource source(bytes);
  NewAttachment request{"incident", kIncidentId, "clip.bin", "", PartialDate()};
  request.verified_blake2b = crypto::HashBlake2b512(bytes);
  auto added = AddAttachment(temp_.db(), request, source, random_, 1000,
                             "vault-synthetic");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->blake2b_512, crypto::HexEncode(*request.verified_blake2b));
  crypto::MemorySink sink;
  ASSERT_TRUE(ExtractAttachment(temp_.db(), added->id, sink).ok());
  EXPECT_EQ(sink.bytes(), bytes);
}

TEST_F(AttachmentStoreTest, KeepsAGivenIdOnce) {
  constexpr char kSenderId[] = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  for (const char* id : {kSenderId, kSenderId, "not-a-uuid"}) {
    crypto::MemorySource source(crypto::AsBytes("synthetic"));
    NewAttachment request{"incident", kIncidentId, "a.txt", "", PartialDate()};
    request.id = id;
    auto added = AddAttachment(temp_.db(), request, source, random_, 1000,
                               "vault-synthetic");
    if (id == std::string("not-a-uuid")) {
      EXPECT_EQ(added.status().code(), StatusCode::kInvalidArgument);
    } else if (added.ok()) {
      EXPECT_EQ(added->id, kSenderId);
    } else {
      EXPECT_EQ(added.status().code(), StatusCode::kAlreadyExists);
    }
  }
  auto all = ListAttachments(temp_.db(), "", "");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

TEST_F(AttachmentStoreTest, MissingOrShortChunksAreDamage) {
  auto added = Add(Pattern(3 * kAttachmentChunkBytes), "clip.bin");
  ASSERT_TRUE(added.ok());
  ASSERT_TRUE(
      temp_.db().Exec("DELETE FROM attachment_chunks WHERE seq = 1").ok());
  crypto::MemorySink sink;
  EXPECT_EQ(ExtractAttachment(temp_.db(), added->id, sink).status().code(),
            StatusCode::kCorruption);

  auto second = Add(Pattern(2 * kAttachmentChunkBytes + 5), "b.bin");
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(temp_.db()
                  .Exec("UPDATE attachment_chunks SET data = substr(data, 1, 10)"
                        " WHERE seq = 0 AND attachment_id = '" + second->id +
                        "'")
                  .ok());
  EXPECT_EQ(ExtractAttachment(temp_.db(), second->id, sink).status().code(),
            StatusCode::kCorruption);
}

TEST_F(AttachmentStoreTest, RejectsBadRequests) {
  crypto::MemorySource source(crypto::AsBytes("x"));
  NewAttachment request{"vault", kIncidentId, "a.txt", "", PartialDate()};
  EXPECT_EQ(AddAttachment(temp_.db(), request, source, random_, 1, "v")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  request = {"incident", "not-a-uuid", "a.txt", "", PartialDate()};
  EXPECT_FALSE(AddAttachment(temp_.db(), request, source, random_, 1, "v").ok());
  request = {"incident", kIncidentId, "a.txt", "not a mime", PartialDate()};
  EXPECT_FALSE(AddAttachment(temp_.db(), request, source, random_, 1, "v").ok());
  request = {"incident", kIncidentId, "bad\xFF.txt", "", PartialDate()};
  EXPECT_FALSE(AddAttachment(temp_.db(), request, source, random_, 1, "v").ok());
  request = {"incident", kIncidentId, "photo\x1b[2J.jpg", "", PartialDate()};
  EXPECT_FALSE(AddAttachment(temp_.db(), request, source, random_, 1, "v").ok());
  EXPECT_EQ(GetAttachment(temp_.db(), kIncidentId).status().code(),
            StatusCode::kNotFound);
}

TEST_F(AttachmentStoreTest, RedactsTheName) {
  auto added = Add(crypto::AsBytes("x"), "Testova_interview.m4a");
  ASSERT_TRUE(added.ok());
  ASSERT_TRUE(RedactAttachmentName(temp_.db(), added->id, 2000).ok());
  auto got = GetAttachment(temp_.db(), added->id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->original_name.has_value());
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->updated_at, 2000);
  EXPECT_EQ(RedactAttachmentName(temp_.db(), kIncidentId, 1).code(),
            StatusCode::kNotFound);
}

TEST_F(AttachmentStoreTest, ReceivedMetadataFollowsTheNewerVersion) {
  auto added = Add(crypto::AsBytes("x"), "synthetic-interview.m4a");
  ASSERT_TRUE(added.ok());
  auto apply = [&](std::optional<std::string> name, int64_t version) {
    auto change = ApplyReceivedMetadata(temp_.db(), added->id,
                                        {name, *PartialDate::Parse("2020-02-22"), version},
                                        3000 + version);
    EXPECT_TRUE(change.ok()) << change.status().ToString();
    return change.ok() ? *change : MetadataChange::kUnchanged;
  };
  // Same version: left as it is, whatever it says.
  EXPECT_EQ(apply(std::nullopt, 1), MetadataChange::kUnchanged);
  EXPECT_EQ(GetAttachment(temp_.db(), added->id)->original_name, "synthetic-interview.m4a");
  // A newer version (the sender redacted the name) wins.
  EXPECT_EQ(apply(std::nullopt, 2), MetadataChange::kUpdated);
  auto got = GetAttachment(temp_.db(), added->id);
  EXPECT_FALSE(got->original_name.has_value());
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->updated_at, 3002);
  EXPECT_EQ(got->captured_at.text(), "2020-02-22");
  EXPECT_EQ(got->size, 1u);
  // An older one is ignored; a redacted name never comes back.
  EXPECT_EQ(apply("synthetic-interview.m4a", 1), MetadataChange::kIgnoredOlder);
  EXPECT_EQ(apply("synthetic-interview.m4a", 5), MetadataChange::kUpdated);
  got = GetAttachment(temp_.db(), added->id);
  EXPECT_FALSE(got->original_name.has_value());
  EXPECT_EQ(got->version, 5);

  EXPECT_EQ(ApplyReceivedMetadata(temp_.db(), kIncidentId, {}, 1).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ApplyReceivedMetadata(temp_.db(), added->id, {std::nullopt, {}, 0}, 1)
                .status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyReceivedMetadata(temp_.db(), added->id, {std::string("\xff"), {}, 9}, 1)
                .status().code(),
            StatusCode::kInvalidArgument);
}

// 256 MiB through the store: memory must stay flat (the test would take
// gigabytes otherwise under ASan) and the hash must survive the round trip.
TEST_F(AttachmentStoreTest, LargeAttachmentStreams) {
  constexpr uint64_t kSize = 256ULL << 20;
  PatternSource content(kSize);
  NewAttachment request{"incident", kIncidentId, "big.bin", "", PartialDate()};
  auto transaction = Transaction::Begin(temp_.db());
  ASSERT_TRUE(transaction.ok());
  auto added =
      AddAttachment(temp_.db(), request, content, random_, 1, "vault-synthetic");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  ASSERT_TRUE(transaction->Commit().ok());
  EXPECT_EQ(added->size, kSize);
  PatternSource again(kSize);
  auto expected = crypto::HashBlake2b512(again);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(added->blake2b_512, crypto::HexEncode(*expected));
  crypto::HashingSink sink(nullptr);
  auto extracted = ExtractAttachment(temp_.db(), added->id, sink);
  ASSERT_TRUE(extracted.ok()) << extracted.status().ToString();
  EXPECT_EQ(sink.bytes_written(), kSize);
  EXPECT_EQ(crypto::HexEncode(sink.Finish()), added->blake2b_512);
}

TEST(MimeTypeTest, GuessesFromMagicThenExtension) {
  using std::string_view_literals::operator""sv;
  auto bytes = [](std::string_view s) { return crypto::AsBytes(s); };
  EXPECT_EQ(GuessMimeType(bytes("\x89PNG\r\n\x1A\n...."), "x.bin"),
            "image/png");
  EXPECT_EQ(GuessMimeType(bytes("%PDF-1.7"), "scan"), "application/pdf");
  EXPECT_EQ(GuessMimeType(bytes("RIFF\0\0\0\0WAVEfmt "sv), "a"), "audio/wav");
  EXPECT_EQ(GuessMimeType(bytes("\0\0\0\x18" "ftypM4A \0\0"sv), "a"),
            "audio/mp4");
  EXPECT_EQ(GuessMimeType(bytes("\0\0\0\x18" "ftypisom\0\0"sv), "a"),
            "video/mp4");
  EXPECT_EQ(GuessMimeType(bytes("PK\x03\x04...."), "report.DOCX"),
            "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document");
  EXPECT_EQ(GuessMimeType(bytes("PK\x03\x04...."), "a.txt"),
            "application/zip");
  EXPECT_EQ(GuessMimeType(bytes("plain words"), "notes.txt"), "text/plain");
  EXPECT_EQ(GuessMimeType(bytes("plain words"), "notes"),
            "application/octet-stream");
  EXPECT_EQ(GuessMimeType({}, ".hidden"), "application/octet-stream");
  EXPECT_TRUE(IsValidMimeType("image/jpeg"));
  EXPECT_TRUE(IsValidMimeType("application/vnd.oasis.opendocument.text"));
  EXPECT_FALSE(IsValidMimeType("image"));
  EXPECT_FALSE(IsValidMimeType("image/"));
  EXPECT_FALSE(IsValidMimeType("image/jp eg"));
}

}  // namespace
}  // namespace fieldvault::core
