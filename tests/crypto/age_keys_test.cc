#include "crypto/age_keys.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/byte_stream.h"
#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

// The example key pair of the age specification.
constexpr std::string_view kSpecIdentity =
    "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
constexpr std::string_view kSpecRecipient =
    "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";

std::string Text(const SecretBytes& secret) {
  return std::string(secret.Reveal().begin(), secret.Reveal().end());
}

TEST(AgeKeysTest, SpecificationExample) {
  ASSERT_TRUE(InitializeCrypto().ok());
  auto identity = AgeIdentity::Parse(AsBytes(kSpecIdentity));
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->Recipient().ToString(), kSpecRecipient);
  EXPECT_EQ(Text(identity->ToSecretString()), kSpecIdentity);
  auto recipient = AgeRecipient::Parse(kSpecRecipient);
  ASSERT_TRUE(recipient.ok());
  EXPECT_EQ(*recipient, identity->Recipient());
}

TEST(AgeKeysTest, GenerateRoundTrips) {
  ASSERT_TRUE(InitializeCrypto().ok());
  DeterministicRandom random(7);
  AgeIdentity a = AgeIdentity::Generate(random);
  AgeIdentity b = AgeIdentity::Generate(random);
  EXPECT_NE(a.Recipient(), b.Recipient());
  auto parsed = AgeIdentity::Parse(a.ToSecretString().Reveal());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Recipient(), a.Recipient());
  auto recipient = AgeRecipient::Parse(a.Recipient().ToString());
  ASSERT_TRUE(recipient.ok());
  EXPECT_EQ(*recipient, a.Recipient());
}

TEST(AgeKeysTest, StrictCaseAndPrefix) {
  ASSERT_TRUE(InitializeCrypto().ok());
  std::string lower(kSpecIdentity);
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  EXPECT_FALSE(AgeIdentity::Parse(AsBytes(lower)).ok());
  std::string upper(kSpecRecipient);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  EXPECT_FALSE(AgeRecipient::Parse(upper).ok());
  // An identity is not a recipient and vice versa.
  EXPECT_FALSE(AgeRecipient::Parse(kSpecIdentity).ok());
  EXPECT_FALSE(AgeIdentity::Parse(AsBytes(kSpecRecipient)).ok());
  EXPECT_FALSE(AgeRecipient::Parse(std::string(kSpecRecipient) + "q").ok());
  EXPECT_FALSE(AgeRecipient::Parse("").ok());
  std::string typo(kSpecRecipient);
  typo[10] = typo[10] == 'q' ? 'p' : 'q';
  EXPECT_FALSE(AgeRecipient::Parse(typo).ok());
}

TEST(AgeKeysTest, IdentityFileInAgeKeygenFormat) {
  ASSERT_TRUE(InitializeCrypto().ok());
  DeterministicRandom random(9);
  AgeIdentity identity = AgeIdentity::Generate(random);
  SecretBytes file = FormatIdentityFile(identity, "2026-02-22T10:00:00Z");
  std::string text = Text(file);
  EXPECT_EQ(text, "# created: 2026-02-22T10:00:00Z\n# public key: " +
                      identity.Recipient().ToString() + "\n" +
                      Text(identity.ToSecretString()) + "\n");
  auto parsed = ParseIdentityFile(file.Reveal());
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].Recipient(), identity.Recipient());

  // Several keys, CRLF, blank lines and comments.
  std::string two = "# two keys\r\n\r\n" + std::string(kSpecIdentity) +
                    "\r\n" + Text(identity.ToSecretString());
  auto both = ParseIdentityFile(AsBytes(two));
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].Recipient().ToString(), kSpecRecipient);
}

TEST(AgeKeysTest, IdentityFileErrorsNameTheLineNotTheSecret) {
  ASSERT_TRUE(InitializeCrypto().ok());
  std::string broken = "# comment\n" + std::string(kSpecIdentity) + "\n" +
                       std::string(kSpecIdentity).substr(0, 70) + "QQQQ\n";
  auto parsed = ParseIdentityFile(AsBytes(broken));
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("line 3"), std::string::npos);
  EXPECT_EQ(parsed.status().ToString().find("GFPYYSJZ"), std::string::npos);
  EXPECT_FALSE(ParseIdentityFile(AsBytes("# only a comment\n")).ok());
  EXPECT_FALSE(ParseIdentityFile({}).ok());
}

TEST(AgeKeysTest, WrapUnwrap) {
  ASSERT_TRUE(InitializeCrypto().ok());
  DeterministicRandom random(3);
  AgeIdentity mine = AgeIdentity::Generate(random);
  AgeIdentity other = AgeIdentity::Generate(random);
  SecretBytes file_key(kAgeFileKeyBytes);
  random.Fill(file_key.MutableReveal());
  auto stanza = mine.Recipient().Wrap(file_key, random);
  ASSERT_TRUE(stanza.ok());
  EXPECT_EQ(stanza->type, "X25519");
  EXPECT_EQ(stanza->body.size(), 32u);
  std::vector<AgeStanza> stanzas = {AgeStanza{"other", {}, {}}, *stanza};
  auto unwrapped = mine.Unwrap(stanzas);
  ASSERT_TRUE(unwrapped.ok());
  ASSERT_TRUE(unwrapped->has_value());
  EXPECT_TRUE((*unwrapped)->Equals(file_key));
  auto not_mine = other.Unwrap(stanzas);
  ASSERT_TRUE(not_mine.ok());
  EXPECT_FALSE(not_mine->has_value());
  // A low-order recipient key cannot be used.
  std::array<uint8_t, 32> zero{};
  EXPECT_FALSE(AgeRecipient::FromPublicKey(zero).Wrap(file_key, random).ok());
  EXPECT_FALSE(mine.Recipient().Wrap(SecretBytes(15), random).ok());
}

}  // namespace
}  // namespace fieldvault::crypto
