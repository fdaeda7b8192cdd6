#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/bundle/b2sums.h"
#include "core/bundle/bundle_reader.h"
#include "core/bundle/bundle_writer.h"
#include "core/bundle/tar_writer.h"
#include "crypto/byte_stream.h"
#include "crypto/init.h"

namespace fieldvault::core::bundle {
namespace {

using crypto::AsBytes;
using Files = std::vector<std::pair<std::string, std::string>>;

PayloadFile FromString(const std::string& path, std::string contents) {
  return {path, [contents](crypto::ByteSink& sink) {
            // Several writes, as a streaming producer would make.
            for (size_t i = 0; i < contents.size(); i += 1000) {
              FV_RETURN_IF_ERROR(sink.Write(
                  AsBytes(std::string_view(contents).substr(i, 1000))));
            }
            return Status::Ok();
          }};
}

Manifest ManifestFor(const PayloadDigest& digest) {
  Manifest m;
  m.bundle_id = "0d9b7a3c-1e2f-4a5b-8c6d-7e8f9a0b1c2d";
  m.created_at = "2020-02-23T18:05:00Z";
  m.sender = {"RWQsyntheticsyntheticsynthetic", "0123456789ABCDEF", ""};
  m.sequence = 1;
  m.recipients = {"age1synthetic"};
  m.profile = "hq";
  m.scope = {"all", "", {}};
  m.files = digest.files;
  return m;
}

const Files kPayload = {
    {"records/incident.jsonl", "{\"title\":\"Synthetic incident 1\"}\n"},
    {"audit.jsonl", ""},
    {"attachments/5b0e2a9c-0000-4000-8000-000000000001",
     std::string(3 << 20, 'p')}};

struct Written {
  std::string tar;
  Manifest manifest;
};

Written WriteBundle(const Files& files) {
  std::vector<PayloadFile> payload;
  for (const auto& [path, contents] : files) payload.push_back(FromString(path, contents));
  auto digest = DigestPayload(payload);
  EXPECT_TRUE(digest.ok()) << digest.status().ToString();
  Written written{"", ManifestFor(*digest)};
  crypto::MemorySink sink;
  uint64_t last_progress = 0;
  Status status = WriteBundleTar(sink, SerializeManifest(written.manifest),
                                 "signature text\n", *digest, payload,
                                 [&](uint64_t done, uint64_t total) {
                                   EXPECT_LE(done, total);
                                   last_progress = done;
                                 });
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(last_progress, digest->total_bytes);
  written.tar.assign(sink.bytes().begin(), sink.bytes().end());
  return written;
}

// Reads `tar` as a bundle against `manifest`; returns the payload seen.
Status ReadBundle(const std::string& tar, const Manifest& manifest,
                  Files* seen = nullptr, bool read_content = true) {
  crypto::MemorySource source(AsBytes(tar));
  FV_ASSIGN_OR_RETURN(auto reader, BundleReader::Open(source));
  return reader->ReadPayload(manifest, [&](const ManifestFile& file,
                                           crypto::ByteSource& content) {
    if (!read_content) return Status::Ok();
    crypto::MemorySink sink;
    FV_RETURN_IF_ERROR(crypto::CopyStream(content, sink).status());
    if (seen != nullptr) {
      seen->emplace_back(file.path,
                         std::string(sink.bytes().begin(), sink.bytes().end()));
    }
    return Status::Ok();
  });
}

// The writer and reader hash through SecretBytes buffers: libsodium first.
class BundleIoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::InitializeCrypto().ok()); }
};

TEST_F(BundleIoTest, RoundTrip) {
  Written written = WriteBundle(kPayload);
  crypto::MemorySource source(AsBytes(written.tar));
  auto reader = BundleReader::Open(source);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->manifest_bytes(), SerializeManifest(written.manifest));
  EXPECT_EQ((*reader)->signature_text(), "signature text\n");
  Files seen;
  ASSERT_TRUE(ReadBundle(written.tar, written.manifest, &seen).ok());
  EXPECT_EQ(seen, kPayload);
  EXPECT_EQ(written.manifest.files[0].path, "B2SUMS");
  EXPECT_EQ(written.manifest.files.size(), 4u);
}

TEST_F(BundleIoTest, WriterRefusesReservedAndDuplicateNames) {
  EXPECT_FALSE(DigestPayload(std::vector{FromString("B2SUMS", "")}).ok());
  EXPECT_FALSE(DigestPayload(std::vector{FromString("manifest.json", "")}).ok());
  EXPECT_FALSE(DigestPayload(std::vector{FromString("a", ""), FromString("a", "")}).ok());
  EXPECT_FALSE(DigestPayload(std::vector{FromString("../a", "")}).ok());
}

TEST_F(BundleIoTest, WriterNoticesDataChangingBetweenPasses) {
  int calls = 0;
  std::vector<PayloadFile> payload = {
      {"audit.jsonl", [&](crypto::ByteSink& sink) {
         return sink.Write(AsBytes(++calls == 1 ? "first" : "other"));
       }}};
  auto digest = DigestPayload(payload);
  ASSERT_TRUE(digest.ok());
  crypto::MemorySink sink;
  Status status = WriteBundleTar(sink, "{}", "sig", *digest, payload, {});
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("changed while"), std::string::npos);
}

// A tar with exactly these members, for hostile cases.
std::string RawTar(const Files& members) {
  crypto::MemorySink sink;
  auto tar = TarWriter::Create(sink);
  for (const auto& [path, contents] : members) {
    EXPECT_TRUE((*tar)->AddMember(path, AsBytes(contents)).ok());
  }
  EXPECT_TRUE((*tar)->Finish().ok());
  return std::string(sink.bytes().begin(), sink.bytes().end());
}

void ExpectRefused(const std::string& tar, const Manifest& manifest,
                   const std::string& words, bool read_content = true) {
  Status status = ReadBundle(tar, manifest, nullptr, read_content);
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << status.ToString();
  EXPECT_NE(status.message().find(words), std::string::npos) << status.message();
}

Files MembersOf(const Written& written) {
  Files members = {{"manifest.json", SerializeManifest(written.manifest)},
                   {"manifest.json.minisig", "sig"},
                   {"B2SUMS", FormatB2Sums(written.manifest.files)}};
  members.insert(members.end(), kPayload.begin(), kPayload.end());
  return members;
}

TEST_F(BundleIoTest, ReaderRefusesWhatTheManifestDoesNotSay) {
  Written written = WriteBundle(kPayload);
  Files members = MembersOf(written);
  ASSERT_TRUE(ReadBundle(RawTar(members), written.manifest).ok());

  Files extra = members;
  extra.push_back({"records/extra.jsonl", "{}\n"});
  ExpectRefused(RawTar(extra), written.manifest, "does not list: 'records/extra.jsonl'");

  Files tampered = members;
  tampered[3].second[5] ^= 1;
  ExpectRefused(RawTar(tampered), written.manifest, "does not match the manifest");
  // Even a consumer that reads nothing gets the file checked.
  ExpectRefused(RawTar(tampered), written.manifest, "does not match", false);

  Files longer = members;
  longer[5].second += "x";
  ExpectRefused(RawTar(longer), written.manifest, "does not match the manifest");

  Files missing = members;
  missing.pop_back();
  ExpectRefused(RawTar(missing), written.manifest, "is missing");

  Files b2sums = members;
  b2sums[2].second[0] = b2sums[2].second[0] == 'a' ? 'b' : 'a';
  Manifest relisted = written.manifest;
  relisted.files[0].blake2b = crypto::HashBlake2b512(AsBytes(b2sums[2].second));
  ExpectRefused(RawTar(b2sums), relisted, "B2SUMS does not match");

  Files reordered = members;
  std::swap(reordered[0], reordered[1]);
  ExpectRefused(RawTar(reordered), written.manifest, "does not start with");
}

}  // namespace
}  // namespace fieldvault::core::bundle
