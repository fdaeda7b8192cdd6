// The public profile through the real binary: a vault with records of
// every confidentiality and a witness recording, exported with
// --profile public and decrypted with age, holds only what may be
// published.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/cli/field_hq_fixture.h"
#include "tests/core/attachments/synthetic_images.h"

namespace fieldvault::testing {
namespace {

class PublicExportTest : public FieldAndHqTest {
 protected:
  void SetUp() override {
    FieldAndHqTest::SetUp();
    Ok("hq", {"id", "export-age-identity", dir_.Join("hq.key"), "--yes"});
  }
  // A witness account of `incident` with `statement`, the consent
  // `purposes` and `confidentiality`; returns its id.
  std::string Witness(const std::string& incident, const std::string& statement,
                      const std::string& purposes, const std::string& confidentiality) {
    WriteFile(dir_.Join("statement"), statement);
    return Ok("field", {"witness", "add", "--incident", incident, "--pseudonym",
                        "Witness Synthetic-Z", "--relation", "eyewitness", "--date",
                        "2020-02-23", "--statement-file", dir_.Join("statement"),
                        "--consent", purposes, "--consent-method", "written",
                        "--confidentiality", confidentiality});
  }
  void Attach(const std::string& flag, const std::string& id, const std::string& bytes) {
    WriteFile(dir_.Join("file"), bytes);
    Ok("field", {"attach", "add", dir_.Join("file"), flag, id});
  }
};

TEST_F(PublicExportTest, ThePublicBundleHoldsOnlyWhatMayBePublished) {
  std::string incident = Ok("field", {"incident", "add", "--title",
                                      "Synthetic public incident", "--start",
                                      "2020-02-22", "--country", "KZ",
                                      "--confidentiality", "public"});
  std::string detainee = Ok("field", {"person", "add", "--name", "Synthetic Detainee-01"});
  Ok("field", {"detention", "add", "--person", detainee, "--incident", incident});
  Attach("--person", detainee, "synthetic detainee scan bytes");
  Ok("field", {"person", "add", "--name", "Synthetic Spokesperson-02",
               "--confidentiality", "public"});
  std::string anonymised = Witness(incident, "Synthetic anonymised statement",
                                   "store,publish_anonymised", "public");
  Attach("--witness", anonymised, "synthetic interview audio bytes");
  Witness(incident, "Synthetic statement for the vault only", "store,publish_named",
          "confidential");

  CliResult exported = In("field", {"export", "--to", dir_.Join("usb"), "--profile",
                                    "public", "--all", "--json"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto report = nlohmann::json::parse(exported.out);
  EXPECT_EQ(report["left_out"]["attachment"], 2);
  EXPECT_EQ(report["left_out"]["non_public_record"], 3);  // detainee, detention, account
  EXPECT_EQ(report["record_counts"]["attachment"], 0);

  CliResult plain = RunProgram("age", {"-d", "-i", dir_.Join("hq.key"),
                                       report["file"].get<std::string>()});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  for (const char* present : {"Synthetic public incident", "Synthetic Spokesperson-02",
                              "Synthetic anonymised statement"}) {
    EXPECT_NE(plain.out.find(present), std::string::npos) << present;
  }
  for (const char* absent : {"Synthetic Detainee-01", "synthetic detainee scan bytes",
                             "Witness Synthetic-Z", "synthetic interview audio bytes",
                             "Synthetic statement for the vault only"}) {
    EXPECT_EQ(plain.out.find(absent), std::string::npos) << absent;
  }
}

TEST_F(PublicExportTest, PhotosLeaveWithoutMetadataAndOtherFilesStayHome) {
  std::string incident = Ok("field", {"incident", "add", "--title",
                                      "Synthetic public incident", "--start",
                                      "2020-02-22", "--confidentiality", "public"});
  const SyntheticJpeg photo = MakeSyntheticJpeg(
      "synthetic picture of the square", "synthetic GPS 43.2381 N 76.9452 E");
  Attach("--incident", incident, photo.whole);
  Attach("--incident", incident, "%PDF-1.4 synthetic report with an author field");

  CliResult exported = In("field", {"export", "--to", dir_.Join("usb"), "--profile",
                                    "public", "--all", "--json"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto report = nlohmann::json::parse(exported.out);
  EXPECT_EQ(report["record_counts"]["attachment"], 1);
  EXPECT_EQ(report["left_out"]["attachment_with_metadata"], 1);

  // Standard tools: age, tar, b2sum; the photo is the cleaned one.
  const std::string out = dir_.Join("out");
  std::filesystem::create_directory(out);
  CliResult untar = RunProgram(
      "sh", {"-c", "age -d -i \"$1\" \"$2\" | tar -x -C \"$3\" && cd \"$3\" && "
                   "b2sum --quiet -c B2SUMS && cat attachments/*",
             "sh", dir_.Join("hq.key"), report["file"].get<std::string>(), out});
  ASSERT_EQ(untar.exit_code, 0) << untar.err;
  EXPECT_EQ(untar.out, photo.cleaned);
  // Nor its name or capture time (attach add took the file's time).
  const std::string description = ReadFile(out + "/records/attachment.jsonl");
  EXPECT_NE(description.find("\"captured_at\":\"\""), std::string::npos) << description;
  EXPECT_NE(description.find("\"original_name\":null"), std::string::npos) << description;
  // The monitor's vault keeps the photo as recorded.
  auto held = nlohmann::json::parse(
      Ok("field", {"attach", "list", "--incident", incident, "--json"}));
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0]["size"], photo.whole.size());
}

TEST_F(PublicExportTest, APublicBundleDoesNotHoldBackTheNextBundleForHq) {
  Ok("field", {"incident", "add", "--title", "Synthetic confidential incident",
               "--start", "2020-02-22"});
  CliResult published = In("field", {"export", "--to", dir_.Join("usb"), "--profile",
                                     "public", "--json"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_EQ(nlohmann::json::parse(published.out)["record_counts"]["incident"], 0);

  // The next bundle for HQ (--since-last, the default) carries what the
  // public one left out, and the custody events from before it.
  CliResult for_hq = In("field", {"export", "--to", dir_.Join("usb"), "--json"});
  ASSERT_EQ(for_hq.exit_code, 0) << for_hq.err;
  auto report = nlohmann::json::parse(for_hq.out);
  EXPECT_EQ(report["record_counts"]["incident"], 1);
  CliResult audit = RunProgram(
      "sh", {"-c", "age -d -i \"$1\" \"$2\" | tar -xO audit.jsonl", "sh",
             dir_.Join("hq.key"), report["file"].get<std::string>()});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find("\"action\":\"created\""), std::string::npos) << audit.out;

  // And the next public bundle starts after the previous public one.
  CliResult again = In("field", {"export", "--to", dir_.Join("usb"), "--profile",
                                 "public", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["left_out"].value("non_public_record", 0), 0);
}

TEST_F(PublicExportTest, PublicBundlesAreNumberedApartAndNeverImported) {
  ASSERT_EQ(In("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")}).exit_code, 0);
  auto exported = [&](const std::string& profile) {
    CliResult out = In("field", {"export", "--to", dir_.Join("usb"), "--profile", profile,
                                 "--json"});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    return out.exit_code == 0 ? nlohmann::json::parse(out.out) : nlohmann::json::object();
  };
  nlohmann::json published = exported("public");
  nlohmann::json for_hq = exported("hq");
  nlohmann::json published_again = exported("public");
  EXPECT_EQ(published["sequence"], 1);
  EXPECT_EQ(for_hq["sequence"], 1);
  EXPECT_EQ(published_again["sequence"], 2);

  // HQ verifies a public bundle, but does not import it.
  const std::string public_file = published["file"];
  CliResult verified = In("hq", {"verify", public_file});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("public sequence 1: numbered apart from HQ bundles"),
            std::string::npos) << verified.out;
  CliResult refused = In("hq", {"import", public_file});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE((refused.out + refused.err).find("bundle for publication"), std::string::npos)
      << refused.out << refused.err;

  // The HQ bundle is the first of its numbers: no gap, nothing missing.
  CliResult imported = In("hq", {"import", for_hq["file"].get<std::string>()});
  EXPECT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("sequence 1: first bundle from this signer"), std::string::npos)
      << imported.out;
  EXPECT_EQ(imported.out.find("missing"), std::string::npos) << imported.out;
}

}  // namespace
}  // namespace fieldvault::testing
