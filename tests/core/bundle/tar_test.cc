#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/bundle/bundle_format.h"
#include "core/bundle/tar_reader.h"
#include "core/bundle/tar_writer.h"
#include "crypto/byte_stream.h"
#include "tests/core/bundle/hand_tar.h"

namespace fieldvault::core::bundle {
namespace {

using crypto::AsBytes;

std::string Member(const std::string& name, const std::string& data,
                   char type = '0', const std::string& link = "") {
  return testing::TarMemberBytes(name, data, type, link);
}

const std::string kEnd = testing::TarEnd();

// Reads every member of `tar`; returns the first error, or OK with the
// members' paths and contents.
Status ReadAll(const std::string& tar,
               std::vector<std::pair<std::string, std::string>>* out = nullptr) {
  crypto::MemorySource source(AsBytes(tar));
  FV_ASSIGN_OR_RETURN(auto reader, TarReader::Open(source));
  while (true) {
    FV_ASSIGN_OR_RETURN(auto member, reader->Next());
    if (!member) return Status::Ok();
    crypto::MemorySink sink;
    FV_ASSIGN_OR_RETURN(uint64_t copied, crypto::CopyStream(*reader, sink));
    if (copied != member->size) return Status::Corruption("size mismatch");
    if (out != nullptr) {
      out->emplace_back(member->path,
                        std::string(sink.bytes().begin(), sink.bytes().end()));
    }
  }
}

std::string WriteSample() {
  crypto::MemorySink sink;
  auto writer = TarWriter::Create(sink);
  EXPECT_TRUE(writer.ok());
  EXPECT_TRUE((*writer)->AddMember("manifest.json", AsBytes("{}\n")).ok());
  std::string big(1 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 7919) big[i] = static_cast<char>(i);
  EXPECT_TRUE((*writer)->BeginMember("attachments/big-one", big.size()).ok());
  for (size_t i = 0; i < big.size(); i += 10007) {
    size_t n = std::min<size_t>(10007, big.size() - i);
    EXPECT_TRUE((*writer)->Write(AsBytes(std::string_view(big).substr(i, n))).ok());
  }
  EXPECT_TRUE((*writer)->AddMember("records/incident.jsonl", {}).ok());
  EXPECT_TRUE((*writer)->Finish().ok());
  return std::string(sink.bytes().begin(), sink.bytes().end());
}

TEST(TarTest, RoundTripStreamsMembers) {
  std::string tar = WriteSample();
  std::vector<std::pair<std::string, std::string>> members;
  ASSERT_TRUE(ReadAll(tar, &members).ok());
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].first, "manifest.json");
  EXPECT_EQ(members[0].second, "{}\n");
  EXPECT_EQ(members[1].first, "attachments/big-one");
  EXPECT_EQ(members[1].second.size(), 1u << 20);
  EXPECT_EQ(members[1].second[7919], static_cast<char>(7919));
  EXPECT_EQ(members[2].first, "records/incident.jsonl");
  EXPECT_TRUE(members[2].second.empty());
}

TEST(TarTest, GnuTarReadsOutputWithFixedMetadata) {
  auto dir = std::filesystem::temp_directory_path() /
             ("fv-tar-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "out");
  {
    std::ofstream file(dir / "b.tar", std::ios::binary);
    file << WriteSample();
  }
  std::string listing;
  FILE* pipe = ::popen(("tar --numeric-owner -tvf " + (dir / "b.tar").string() +
                        " 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char line[512];
  while (std::fgets(line, sizeof(line), pipe) != nullptr) listing += line;
  EXPECT_EQ(::pclose(pipe), 0) << listing;
  EXPECT_NE(listing.find("-rw-r--r-- 0/0         1048576 1970-01-01 00:00 "
                         "attachments/big-one"),
            std::string::npos)
      << listing;
  std::string extract = "tar -xf " + (dir / "b.tar").string() + " -C " +
                        (dir / "out").string();
  EXPECT_EQ(std::system(extract.c_str()), 0);
  std::ifstream manifest(dir / "out" / "manifest.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(manifest), {}), "{}\n");
  EXPECT_EQ(std::filesystem::file_size(dir / "out" / "attachments" / "big-one"),
            1u << 20);
  std::filesystem::remove_all(dir);
}

TEST(TarTest, WriterRefusesBadPathsAndWrongSizes) {
  crypto::MemorySink sink;
  auto writer = TarWriter::Create(sink);
  ASSERT_TRUE(writer.ok());
  EXPECT_FALSE((*writer)->BeginMember("../escape", 1).ok());
  EXPECT_FALSE((*writer)->BeginMember("/etc/passwd", 1).ok());
  EXPECT_FALSE((*writer)->Write(AsBytes("x")).ok());  // no member open
  ASSERT_TRUE((*writer)->BeginMember("audit.jsonl", 2).ok());
  EXPECT_FALSE((*writer)->Write(AsBytes("abc")).ok());
  ASSERT_TRUE((*writer)->Write(AsBytes("a")).ok());
  EXPECT_FALSE((*writer)->BeginMember("B2SUMS", 0).ok());
  EXPECT_FALSE((*writer)->Finish().ok());
}

TEST(TarTest, WriterReportsSinkErrors) {
  class FullDisk final : public crypto::ByteSink {
   public:
    Status Write(std::span<const uint8_t>) override {
      return Status::IoError("no space left on device");
    }
  } full;
  auto writer = TarWriter::Create(full);
  ASSERT_TRUE(writer.ok());
  std::string data(64 * 1024, 'y');
  Status status = (*writer)->AddMember("audit.jsonl", AsBytes(data));
  if (status.ok()) status = (*writer)->Finish();
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("no space"), std::string::npos);
}

void ExpectRefused(const std::string& tar, const std::string& words) {
  Status status = ReadAll(tar);
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << status.ToString();
  EXPECT_NE(status.message().find(words), std::string::npos)
      << status.message();
}

TEST(TarTest, ReaderAcceptsHandMadeUstar) {
  std::vector<std::pair<std::string, std::string>> members;
  Status status = ReadAll(Member("records/person.jsonl", "{}\n") + kEnd, &members);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].second, "{}\n");
}

TEST(TarTest, ReaderRefusesHostileMembers) {
  ExpectRefused(Member("../evil", "x") + kEnd, "'..' leaves the bundle");
  ExpectRefused(Member("records/../../evil", "x") + kEnd, "'..'");
  ExpectRefused(Member("/etc/cron.d/evil", "x") + kEnd, "absolute path");
  ExpectRefused(Member("a\x1b[2Jb", "x") + kEnd, "a\\x1b[2Jb");
  ExpectRefused(Member("link", "", '2', "/etc/passwd") + kEnd, "is a link");
  ExpectRefused(Member("a", "x") + Member("hard", "", '1', "a") + kEnd,
                "is a link");
  ExpectRefused(Member("records", "", '5') + kEnd, "not a regular file");
  ExpectRefused(Member("dev", "", '3') + kEnd, "not a regular file");
  ExpectRefused(Member("dev", "", '4') + kEnd, "not a regular file");
  ExpectRefused(Member("fifo", "", '6') + kEnd, "not a regular file");
  ExpectRefused(Member("audit.jsonl", "a") + Member("audit.jsonl", "b") + kEnd,
                "appears twice");
}

TEST(TarTest, ReaderRefusesMemberWhoseDataIsNotItsSize) {
  // Found by fuzz/tar_reader: with a sparse map of one empty run, libarchive
  // reports the real size (1 byte), sees no sparse runs, and delivers no
  // data; the member must not read as a complete empty file.
  std::string tar = testing::GnuSparseHeader("records/s.jsonl", 90, 0, 1) + kEnd;
  crypto::MemorySource source(AsBytes(tar));
  auto reader = TarReader::Open(source);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto member = (*reader)->Next();
  ASSERT_TRUE(member.ok()) << member.status().ToString();
  ASSERT_TRUE(member->has_value());
  crypto::MemorySink sink;
  auto copied = crypto::CopyStream(**reader, sink);
  ASSERT_FALSE(copied.ok()) << "read " << *copied << " of " << (*member)->size;
  EXPECT_EQ(copied.status().code(), StatusCode::kCorruption);
  EXPECT_NE(copied.status().message().find("declared size"), std::string::npos)
      << copied.status().message();
  // A sparse map with a real run is refused when the member is reached.
  ExpectRefused(testing::GnuSparseHeader("records/s.jsonl", 90, 1, 91) + kEnd,
                "sparse");
}

TEST(TarTest, ReaderRefusesOversizedHeaders) {
  // A pax record's length prefix counts itself.
  std::string body = " comment=" + std::string(kMaxHeaderBytes, 'c') + "\n";
  std::string record = std::to_string(body.size() + 4) + body;
  ASSERT_EQ(record.size(), body.size() + 4);
  std::string tar = Member("PaxHeader/x", record, 'x') +
                    Member("audit.jsonl", "x") + kEnd;
  ExpectRefused(tar, "oversized headers");
}

TEST(TarTest, ReaderRefusesTruncationAndTrailingData) {
  std::string whole = Member("audit.jsonl", std::string(2000, 'a')) + kEnd;
  ExpectRefused(whole.substr(0, 1500), "truncated");
  ExpectRefused(whole.substr(0, 512 + 2048), "no end marker");
  ExpectRefused(whole + Member("hidden", "x"), "after its end-of-archive");
  EXPECT_TRUE(ReadAll(whole + std::string(8192, '\0')).ok());
  ExpectRefused("this is not a tar stream at all" + std::string(1024, 'z'),
                "damaged");
}

}  // namespace
}  // namespace fieldvault::core::bundle
