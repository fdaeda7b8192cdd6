#include "core/bundle/manifest.h"

#include <gtest/gtest.h>

#include "core/bundle/bundle_format.h"
#include "crypto/byte_stream.h"

namespace fieldvault::core::bundle {
namespace {

Manifest SampleManifest() {
  Manifest m;
  m.bundle_id = "3f1c2a9e-8b7d-4c6e-9f5a-1b2c3d4e5f60";
  m.created_at = "2020-02-23T18:05:00Z";
  m.sender = {"RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3",
              "E7620F1842B4E81F", "Synthetic Monitor 7"};
  m.sequence = 2;
  m.previous_manifest = crypto::HashBlake2b512(crypto::AsBytes("previous"));
  m.recipients = {
      "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"};
  m.profile = "hq";
  m.scope = {"since-last", "2020-02-22T00:00:00Z", {}};
  m.record_counts = {{"incident", 3}, {"detention", 70}};
  m.left_out = {{"witness_account", 1}};
  m.files = {{"B2SUMS", 10, crypto::HashBlake2b512(crypto::AsBytes("b"))},
             {"records/incident.jsonl", 99,
              crypto::HashBlake2b512(crypto::AsBytes("i"))}};
  return m;
}

// The sample's JSON with `from` replaced by `to` (which must occur).
std::string Edited(const std::string& from, const std::string& to) {
  std::string text = SerializeManifest(SampleManifest());
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ManifestTest, RoundTrip) {
  std::string text = SerializeManifest(SampleManifest());
  EXPECT_EQ(text.rfind("{\n  \"format\": \"fieldvault-bundle\",\n  \"version\": 1,", 0),
            0u)
      << text;
  EXPECT_EQ(text.back(), '\n');
  auto parsed = ParseManifest(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(SerializeManifest(*parsed), text);
  EXPECT_EQ(parsed->sequence, 2u);
  EXPECT_EQ(parsed->record_counts.at("detention"), 70u);
  EXPECT_EQ(parsed->files[1].size, 99u);
  EXPECT_EQ(parsed->files[1].blake2b,
            crypto::HashBlake2b512(crypto::AsBytes("i")));
}

TEST(ManifestTest, NumbersSentToOthers) {
  Manifest m = SampleManifest();
  const std::string us = m.recipients[0];
  m.sequence = 5;
  m.sent_to_others[us] = {2, 4};
  std::string text = SerializeManifest(m);
  EXPECT_NE(text.find("\"sent_to_others\": {\n    \"" + us + "\": [\n      2,\n      4\n"),
            std::string::npos)
      << text;
  auto parsed = ParseManifest(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->sent_to_others.at(us), (SequenceRange{2, 4}));
  // Bundles written before the field existed have none.
  std::string old = SerializeManifest(SampleManifest());
  size_t at = old.find("  \"sent_to_others\": {},\n");
  ASSERT_NE(at, std::string::npos) << old;
  old.erase(at, std::string("  \"sent_to_others\": {},\n").size());
  ASSERT_TRUE(ParseManifest(old).ok());
  EXPECT_TRUE(ParseManifest(old)->sent_to_others.empty());
  // Only this bundle's recipients, only numbers before it.
  for (const auto& [who, range] :
       std::vector<std::pair<std::string, SequenceRange>>{
           {"age1someoneelse", {2, 4}}, {us, {0, 4}}, {us, {3, 2}}, {us, {2, 5}}}) {
    Manifest bad = m;
    bad.sent_to_others = {{who, range}};
    EXPECT_EQ(ParseManifest(SerializeManifest(bad)).status().code(),
              StatusCode::kCorruption)
        << who << " " << range.first << "-" << range.last;
  }
}

TEST(ManifestTest, FirstBundleHasNullPrevious) {
  Manifest m = SampleManifest();
  m.sequence = 1;
  m.previous_manifest.reset();
  std::string text = SerializeManifest(m);
  EXPECT_NE(text.find("\"previous_manifest_blake2b\": null"), std::string::npos);
  EXPECT_TRUE(ParseManifest(text).ok());
  m.sequence = 3;
  EXPECT_FALSE(ParseManifest(SerializeManifest(m)).ok());
}

TEST(ManifestTest, UnknownFormatOrVersionIsUnsupported) {
  EXPECT_EQ(ParseManifest(Edited("fieldvault-bundle", "other")).status().code(),
            StatusCode::kUnsupported);
  auto v2 = ParseManifest(Edited("\"version\": 1", "\"version\": 2"));
  EXPECT_EQ(v2.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(v2.status().message().find("version 2"), std::string::npos);
}

void ExpectCorrupt(const std::string& text, const std::string& words) {
  auto parsed = ParseManifest(text);
  EXPECT_EQ(parsed.status().code(), StatusCode::kCorruption) << text;
  EXPECT_NE(parsed.status().message().find(words), std::string::npos)
      << parsed.status().message();
}

TEST(ManifestTest, StrictAboutFieldsAndTypes) {
  ExpectCorrupt("not json", "not valid JSON");
  ExpectCorrupt("[]", "is not a JSON object");
  ExpectCorrupt(Edited("\"sequence\": 2", "\"sequence\": \"2\""),
                "sequence has the wrong type");
  ExpectCorrupt(Edited("\"sequence\": 2", "\"sequence\": -2"),
                "sequence has the wrong type");
  ExpectCorrupt(Edited("\"sequence\": 2", "\"sequence\": 2.5"),
                "sequence has the wrong type");
  ExpectCorrupt(Edited("\"sequence\": 2,", ""), "sequence is missing");
  ExpectCorrupt(Edited("\"profile\": \"hq\"", "\"profile\": \"hq\", \"extra\": 1"),
                "extra is not a known field");
  ExpectCorrupt(Edited("\"profile\": \"hq\"", "\"profile\": \"hq\", \"profile\": \"hq\""),
                "appears twice");
  ExpectCorrupt(Edited("\"profile\": \"hq\"", "\"profile\": \"press\""),
                "profile is not");
  ExpectCorrupt(Edited("E7620F1842B4E81F", "e7620f1842b4e81f"), "sender.key_id");
  ExpectCorrupt(Edited("3f1c2a9e-", "3f1c2a9g-"), "bundle_id is not a UUID");
  ExpectCorrupt(Edited("2020-02-23T18:05:00Z", "23/02/2020"), "created_at");
  ExpectCorrupt(Edited("\"age1", "\"ssh-ed25519 "), "recipients");
  ExpectCorrupt(Edited("\"detention\": 70", "\"detention\": -1"),
                "record_counts.detention is not a count");
  ExpectCorrupt(Edited("\"since-last\"", "\"everything\""), "scope.kind");
}

TEST(ManifestTest, RefusesControlCharactersMeantForATerminal) {
  // Parsed before the signature can be trusted, and shown in the report.
  ExpectCorrupt(Edited("Synthetic Monitor 7", "Monitor\\u001b[2J"),
                "sender.display_name holds a control character");
  ExpectCorrupt(Edited("Synthetic Monitor 7", "Monitor\\u009b2J"),
                "sender.display_name holds a control character");
  ExpectCorrupt(Edited("Synthetic Monitor 7", "Monitor\\nHQ says: trusted"),
                "sender.display_name holds a control character");
  EXPECT_TRUE(ParseManifest(Edited("Synthetic Monitor 7", "Тестовый монитор")).ok());
}

TEST(ManifestTest, StrictAboutFiles) {
  ExpectCorrupt(Edited("records/incident.jsonl", "../incident.jsonl"),
                "unsafe path");
  ExpectCorrupt(Edited("records/incident.jsonl", "manifest.json"),
                "lists the manifest");
  ExpectCorrupt(Edited("records/incident.jsonl", "B2SUMS"),
                "lists 'B2SUMS' twice");
  ExpectCorrupt(Edited("\"size\": 99", "\"size\": \"99\""),
                "files[].size has the wrong type");
  std::string text = SerializeManifest(SampleManifest());
  size_t hash = text.rfind("\"blake2b\": \"") + 12;
  text[hash] = 'G';
  ExpectCorrupt(text, "files[].blake2b");
  EXPECT_FALSE(ParseManifest(std::string(kMaxManifestBytes + 1, ' ')).ok());
}

}  // namespace
}  // namespace fieldvault::core::bundle
