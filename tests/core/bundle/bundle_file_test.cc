// BundleFile's I/O: WritebackSink writes exactly what it is given whatever
// the windows it hands to writeback, and the read-back of a bundle file
// tells a faithful copy from a damaged or truncated one.
#include "core/bundle/bundle_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <vector>

#include "core/bundle/medium_read.h"
#include "crypto/init.h"

namespace fieldvault::core::bundle {
namespace {

class BundleFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    dir_ = std::filesystem::temp_directory_path() /
           ("fv-bundle-file-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::vector<uint8_t> Contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  // Synthetic bytes, different at every offset.
  static std::vector<uint8_t> Pattern(size_t size) {
    std::vector<uint8_t> bytes(size);
    if (size > 0) crypto::DeterministicRandom(7).Fill(bytes);
    return bytes;
  }

  void WriteFile(const std::string& path, std::span<const uint8_t> bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }

  static crypto::CopyTag TagOf(const crypto::CopyCheck& check,
                               std::span<const uint8_t> bytes) {
    crypto::CopyCheck::TaggingSink sink(check, nullptr);
    EXPECT_TRUE(sink.Write(bytes).ok());
    return sink.Finish();
  }

  crypto::DeterministicRandom random_{11};
  std::filesystem::path dir_;
};

constexpr MediumRead kBothWays[] = {MediumRead::kDirectWherePossible,
                                    MediumRead::kBuffered};
constexpr MediumWrite kBothWrites[] = {MediumWrite::kDirectWherePossible,
                                       MediumWrite::kBuffered};

// Whether this test's file system takes aligned O_DIRECT writes.
bool DirectWritesWork(const std::string& dir) {
  const std::string path = dir + "/direct-probe";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_DIRECT | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  void* block = std::aligned_alloc(4096, 4096);
  std::memset(block, 0, 4096);
  const bool written = ::pwrite(fd, block, 4096, 0) == 4096;
  std::free(block);
  ::close(fd);
  std::filesystem::remove(path);
  return written;
}

// What a sink says of `bytes`: its Write's error, else its Finish's.
Status WriteAll(WritebackSink& sink, std::span<const uint8_t> bytes) {
  Status written = sink.Write(bytes);
  return written.ok() ? sink.Finish() : written;
}

TEST_F(BundleFileTest, WritebackSinkWritesExactlyWhatItIsGiven) {
  // Over two windows and a part of a third, in pieces that straddle the
  // block and window boundaries.
  const std::vector<uint8_t> bytes =
      Pattern(2 * WritebackSink::kWritebackWindowBytes + 123457);
  for (MediumWrite how : kBothWrites) {
    const std::string path = Path("written");
    std::filesystem::remove(path);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    {
      WritebackSink sink(fd, nullptr, {}, how);
      std::span<const uint8_t> rest(bytes);
      for (size_t piece = 1; !rest.empty(); piece = piece * 3 + 4099) {
        const size_t n = std::min(piece, rest.size());
        ASSERT_TRUE(sink.Write(rest.first(n)).ok());
        rest = rest.subspan(n);
      }
      ASSERT_TRUE(sink.Finish().ok());
    }
    ASSERT_EQ(::fsync(fd), 0);
    ::close(fd);
    EXPECT_EQ(Contents(path), bytes);
  }
}

TEST_F(BundleFileTest, WritebackSinkReportsAFailedWrite) {
  const std::string path = Path("read-only");
  std::ofstream(path) << "x";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  WritebackSink sink(fd);
  const std::vector<uint8_t> bytes = Pattern(1000);
  Status status = WriteAll(sink, bytes);
  ::close(fd);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

// /dev/full fails every write with ENOSPC, as a full USB stick does: the
// sink reports the full medium (kMediumFull, which the exporter turns into
// "the bundle does not fit"), not a bare I/O error, and what to do.
TEST_F(BundleFileTest, WritebackSinkSaysAFullMediumIsFull) {
  int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  if (fd < 0) GTEST_SKIP() << "this system has no /dev/full";
  WritebackSink sink(fd);
  const std::vector<uint8_t> bytes = Pattern(1000);
  Status status = WriteAll(sink, bytes);
  ::close(fd);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_TRUE(status.message().starts_with(kMediumFull)) << status.message();
  EXPECT_NE(status.hint().find("free some space"), std::string::npos)
      << status.hint();
}

// A file larger than the file system allows (FAT32: 4 GiB) fails with
// EFBIG, which is not a full or unmounted stick: the sink says what it is
// and how to split the handoff. RLIMIT_FSIZE gives the same EFBIG.
TEST_F(BundleFileTest, WritebackSinkSaysTheFileSystemCannotHoldTheFile) {
  const std::string path = Path("too-large");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto previous = ::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of the signal
  struct rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  WritebackSink sink(fd);
  Status status = WriteAll(sink, Pattern(8192));
  ::setrlimit(RLIMIT_FSIZE, &saved);
  ::signal(SIGXFSZ, previous);
  ::close(fd);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message(), "the stick's file system cannot hold a file this large "
                              "(FAT32 stops at 4 GiB)");
  EXPECT_NE(status.hint().find("--incident"), std::string::npos) << status.hint();
  EXPECT_NE(status.hint().find("exFAT"), std::string::npos) << status.hint();
  EXPECT_EQ(status.hint().find("mounted"), std::string::npos) << status.hint();
}

// Once its interrupt flag is set (a signal handler does, on Ctrl-C), the
// sink writes nothing more and says so with an error the exporter and the
// CLI recognise.
TEST_F(BundleFileTest, WritebackSinkStopsOnceInterrupted) {
  for (MediumWrite how : kBothWrites) {
    const std::string path = Path("interrupted");
    std::filesystem::remove(path);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    std::atomic<bool> interrupted{false};
    WritebackSink sink(fd, &interrupted, {}, how);
    const std::vector<uint8_t> bytes = Pattern(1000);
    EXPECT_TRUE(sink.Write(bytes).ok());
    interrupted = true;
    Status status = sink.Write(bytes);
    EXPECT_TRUE(IsWriteInterrupted(sink.Finish()));
    ::close(fd);
    EXPECT_TRUE(IsWriteInterrupted(status)) << status.message();
    EXPECT_TRUE(IsWriteInterrupted(status.WithContext("write the bundle")));
    EXPECT_FALSE(IsWriteInterrupted(Status::IoError("write the bundle")));
    // Nothing given after the flag reached the file (O_DIRECT still held
    // the first 1000 bytes, which are dropped with the file).
    EXPECT_LE(std::filesystem::file_size(path), 1000u);
  }
}

TEST_F(BundleFileTest, TheMediumReadsBackWhatWasWritten) {
  crypto::CopyCheck check(random_);
  const std::string path = Path("bundle");
  for (size_t size : {size_t{0}, size_t{1}, size_t{4095}, size_t{4096},
                      kMediumReadBlockBytes, kMediumReadBlockBytes + 1,
                      2 * kMediumReadBlockBytes + 12345}) {
    const std::vector<uint8_t> bytes = Pattern(size);
    WriteFile(path, bytes);
    for (MediumRead how : kBothWays) {
      auto tag = TagFromMedium(path, check, how);
      ASSERT_TRUE(tag.ok()) << tag.status().ToString();
      EXPECT_TRUE(crypto::CopyCheck::Same(*tag, TagOf(check, bytes))) << size;
    }
  }
}

TEST_F(BundleFileTest, ADamagedOrTruncatedCopyDoesNotReadBackTheSame) {
  crypto::CopyCheck check(random_);
  const std::vector<uint8_t> bytes = Pattern(2 * kMediumReadBlockBytes + 777);
  const crypto::CopyTag written = TagOf(check, bytes);
  std::vector<uint8_t> flipped = bytes;
  flipped[kMediumReadBlockBytes + 4321] ^= 0x01;
  const std::vector<std::vector<uint8_t>> copies = {
      flipped,
      std::vector<uint8_t>(bytes.begin(), bytes.end() - 1),
      std::vector<uint8_t>(bytes.begin(), bytes.begin() + kMediumReadBlockBytes),
      {},
  };
  const std::string path = Path("bundle");
  for (const auto& copy : copies) {
    WriteFile(path, copy);
    for (MediumRead how : kBothWays) {
      auto tag = TagFromMedium(path, check, how);
      ASSERT_TRUE(tag.ok());
      EXPECT_FALSE(crypto::CopyCheck::Same(*tag, written)) << copy.size();
    }
  }
}

TEST_F(BundleFileTest, AMissingFileIsAnIoError) {
  crypto::CopyCheck check(random_);
  for (MediumRead how : kBothWays) {
    auto tag = TagFromMedium(Path("absent"), check, how);
    ASSERT_FALSE(tag.ok());
    EXPECT_EQ(tag.status().code(), StatusCode::kIoError);
  }
}

TEST_F(BundleFileTest, ABundleIsReadBackWhileItIsWritten) {
  crypto::CopyCheck check(random_);
  constexpr uint64_t kWindow = WritebackSink::kWritebackWindowBytes;
  constexpr uint64_t kBlock = WritebackSink::kDirectBlockBytes;
  const std::vector<uint8_t> bytes = Pattern(3 * kWindow + kMediumReadBlockBytes + 99);
  for (MediumWrite how : kBothWrites) {
    std::filesystem::remove(Path("final.fvb"));
    auto file = BundleFile::Create(Path("final.fvb"), random_);
    ASSERT_TRUE(file.ok());
    auto follower = MediumFollower::Start(file->temp_path(), check);
    ASSERT_TRUE(follower.ok()) << follower.status().ToString();
    std::vector<uint64_t> announced;
    crypto::CopyTag written;
    {
      WritebackSink out(file->fd(), nullptr, [&](uint64_t on_medium) {
        announced.push_back(on_medium);
        (*follower)->OnMedium(on_medium);
      }, how);
      crypto::CopyCheck::TaggingSink tagging(check, &out);
      for (size_t at = 0; at < bytes.size(); at += 1 << 20) {
        const size_t n = std::min<size_t>(1 << 20, bytes.size() - at);
        ASSERT_TRUE(tagging.Write(std::span(bytes).subspan(at, n)).ok());
      }
      written = tagging.Finish();
      ASSERT_TRUE(out.Finish().ok());
    }
    ASSERT_TRUE(file->Flush().ok());
    auto read_back = (*follower)->Finish();
    ASSERT_TRUE(read_back.ok()) << read_back.status().ToString();
    EXPECT_TRUE(crypto::CopyCheck::Same(*read_back, written));
    // What the medium held while the rest was written: each O_DIRECT block
    // as its write returned; through the page cache, each window before
    // the last one. The rest was read after the flush.
    std::vector<uint64_t> expected = {kWindow, 2 * kWindow};
    if (how == MediumWrite::kDirectWherePossible && DirectWritesWork(dir_.string())) {
      expected.clear();
      for (uint64_t at = kBlock; at <= bytes.size(); at += kBlock) expected.push_back(at);
    }
    EXPECT_EQ(announced, expected);
    ASSERT_TRUE(file->Rename().ok());
    ASSERT_TRUE(file->FlushDirectory().ok());
    EXPECT_EQ(Contents(Path("final.fvb")), bytes);
  }
}

TEST_F(BundleFileTest, AFollowedCopyDamagedBeforeItWasReadDoesNotReadBackTheSame) {
  crypto::CopyCheck check(random_);
  const std::vector<uint8_t> bytes = Pattern(3 * kMediumReadBlockBytes + 5);
  const crypto::CopyTag written = TagOf(check, bytes);
  for (size_t damaged : {size_t{10}, 2 * kMediumReadBlockBytes + 1, bytes.size() - 1}) {
    for (MediumRead how : kBothWays) {
      std::vector<uint8_t> copy = bytes;
      copy[damaged] ^= 0x80;
      WriteFile(Path("bundle"), copy);
      auto follower = MediumFollower::Start(Path("bundle"), check, how);
      ASSERT_TRUE(follower.ok());
      (*follower)->OnMedium(2 * kMediumReadBlockBytes);
      auto tag = (*follower)->Finish();
      ASSERT_TRUE(tag.ok()) << tag.status().ToString();
      EXPECT_FALSE(crypto::CopyCheck::Same(*tag, written)) << damaged;
    }
  }
}

}  // namespace
}  // namespace fieldvault::core::bundle
