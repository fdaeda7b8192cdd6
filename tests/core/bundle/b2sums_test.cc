#include "core/bundle/b2sums.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "crypto/byte_stream.h"

namespace fieldvault::core::bundle {
namespace {

TEST(B2SumsTest, SkipsManifestFilesAndMatchesB2SumCheck) {
  auto dir = std::filesystem::temp_directory_path() /
             ("fv-b2sums-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "records");
  std::vector<ManifestFile> files;
  auto add = [&](const std::string& path, const std::string& contents) {
    std::ofstream(dir / path, std::ios::binary) << contents;
    files.push_back({path, contents.size(),
                     crypto::HashBlake2b512(crypto::AsBytes(contents))});
  };
  add("B2SUMS", "ignored\n");
  add("records/incident.jsonl", "{\"id\":\"synthetic\"}\n");
  add("audit.jsonl", "");
  std::string text = FormatB2Sums(files);
  EXPECT_EQ(text.find("B2SUMS"), std::string::npos);
  EXPECT_EQ(text.substr(128, 2 + 22), "  records/incident.jsonl");
  std::ofstream(dir / "B2SUMS", std::ios::binary) << text;
  std::string check = "cd " + dir.string() + " && b2sum --strict -c B2SUMS >/dev/null";
  EXPECT_EQ(std::system(check.c_str()), 0);
  std::ofstream(dir / "audit.jsonl", std::ios::binary) << "tampered";
  EXPECT_NE(std::system((check + " 2>&1").c_str()), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fieldvault::core::bundle
