// GuessLegacyEncoding on synthetic text saved in each character set.
#include "core/text/legacy_encoding.h"

#include <gtest/gtest.h>

namespace fieldvault::core {
namespace {

TEST(LegacyEncodingTest, NamesTheCharacterSetOfCommonSpreadsheetExports) {
  // "Тестов Синтетик" in Windows-1251 and in KOI8-R.
  EXPECT_EQ(GuessLegacyEncoding("\xD2\xE5\xF1\xF2\xEE\xE2 \xD1\xE8\xED\xF2\xE5\xF2\xE8\xEA,1990"),
            "Windows-1251 (Cyrillic)");
  EXPECT_EQ(GuessLegacyEncoding("\xF4\xC5\xD3\xD4\xCF\xD7 \xF3\xC9\xCE\xD4\xC5\xD4\xC9\xCB,1990"),
            "KOI8-R (Cyrillic)");
  // "Hélène Exemplova" in Windows-1252.
  EXPECT_EQ(GuessLegacyEncoding("H\xE9l\xE8ne Exemplova,1973"),
            "Windows-1252 (Western European)");
  EXPECT_EQ(GuessLegacyEncoding("Testov Sintetik,1990"), "");
}

}  // namespace
}  // namespace fieldvault::core
