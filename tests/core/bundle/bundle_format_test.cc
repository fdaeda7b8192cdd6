#include "core/bundle/bundle_format.h"

#include <gtest/gtest.h>

namespace fieldvault::core::bundle {
namespace {

TEST(BundleFormatTest, AcceptsTheNamesBundlesUse) {
  for (const char* path :
       {"manifest.json", "manifest.json.minisig", "B2SUMS", "audit.jsonl",
        "records/witness_account.jsonl",
        "attachments/0b7c1e9a-5d1f-4c7e-9a51-3f3c8e2b6d10"}) {
    EXPECT_TRUE(CheckMemberPath(path).ok()) << path;
  }
}

TEST(BundleFormatTest, RefusesUnsafePaths) {
  for (const char* path :
       {"", "/abs", "..", "../x", "a/../b", "a/..", "./a", "a/./b", "a//b",
        "a/", "a\\b", "a b", "caf\xc3\xa9", "a\nb", "a:b"}) {
    Status status = CheckMemberPath(path);
    EXPECT_EQ(status.code(), StatusCode::kCorruption) << path;
    EXPECT_NE(status.message().find("unsafe path"), std::string::npos);
  }
  EXPECT_FALSE(CheckMemberPath(std::string(kMaxPathBytes + 1, 'a')).ok());
  EXPECT_TRUE(CheckMemberPath(std::string(kMaxPathBytes, 'a')).ok());
}

TEST(BundleFormatTest, PrintableForMessageEscapesControlBytes) {
  EXPECT_EQ(PrintableForMessage("a\x1b[31mb\\"), "a\\x1b[31mb\\x5c");
  EXPECT_EQ(PrintableForMessage(std::string(500, 'q')).size(), 123u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
