// CLI tests of what the published figures rest on, through the real
// binary: status dates that a clock set wrong cannot push into the future,
// counts of people ever in a status, groups of unknown size, person-merge
// loops, and photos' capture times. Every name and text is synthetic.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_runner.h"
#include "tests/cli/field_hq_fixture.h"
#include "tests/core/attachments/exif_jpeg.h"

namespace fieldvault::testing {
namespace {

using nlohmann::json;

constexpr const char* kLibFaketime =
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

class FiguresCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(pass_file(), "synthetic monitor passphrase\n");
    ::chmod(pass_file().c_str(), 0600);
    CliResult init =
        RunFieldvault({"init", "--vault", vault(), "--passphrase-file",
                       pass_file(), "--kdf-memory", "1", "--kdf-passes", "1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  std::string vault() const { return dir_.Join("vault"); }
  std::string pass_file() const { return dir_.Join("pass"); }

  CliResult Run(std::vector<std::string> args, const std::string& input = "",
                const std::map<std::string, std::string>& env = {}) {
    args.insert(args.end(),
                {"--vault", vault(), "--passphrase-file", pass_file()});
    return RunFieldvault(args, input, env);
  }
  std::string Ok(std::vector<std::string> args, const std::string& input = "") {
    CliResult result = Run(std::move(args), input);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::string out = result.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  json Json(std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(Ok(std::move(args)), nullptr, false);
  }
  std::string AddIncident() {
    return Ok({"incident", "add", "--title", "Synthetic protest arrests",
               "--start", "2020-02-22", "--admin-area", "Almaty", "--country",
               "KZ"});
  }
  std::string AddDetention(const std::string& incident,
                           const std::string& name) {
    std::string person = Ok({"person", "add", "--name", name});
    return Ok({"detention", "add", "--person", person, "--incident", incident,
               "--detained-at", "2020-02-22", "--status",
               "administrative_detention", "--days", "15", "--source-note",
               "synthetic list"});
  }

  TempDir dir_;
};

// This computer's date, as `detention status` takes it by default.
std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

TEST_F(FiguresCommandsTest, AStatusDatedInTheFutureIsRefused) {
  std::string incident = AddIncident();
  std::string detention = AddDetention(incident, "Testov Synthetic-01");
  CliResult future = Run({"detention", "status", detention, "--status",
                          "released", "--status-date", "2099-01-05"});
  EXPECT_EQ(future.exit_code, 2) << future.err;
  EXPECT_NE(future.err.find("the status date 2099-01-05 is in the future"),
            std::string::npos)
      << future.err;
  EXPECT_NE(future.err.find("this computer's date is wrong"), std::string::npos)
      << future.err;
  std::string person = Ok({"person", "add", "--name", "Testov Synthetic-02"});
  CliResult added = Run({"detention", "add", "--person", person, "--incident",
                         incident, "--detained-at", "2099-02-22", "--status",
                         "detained_without_charge"});
  EXPECT_EQ(added.exit_code, 2) << added.err;
  EXPECT_NE(added.err.find("--detained-at"), std::string::npos) << added.err;
  // Nothing was written: the history still has its one status.
  EXPECT_EQ(Json({"detention", "show", detention})["status_history"].size(),
            1u);
}

// One command run with the clock set 36 years ahead leaves the vault's
// clock there; the next status, with the clock right again, is dated today
// all the same, and every command says what happened.
TEST_F(FiguresCommandsTest,
       AClockOnceSetAheadNeitherDatesStatusesNorGoesUnsaid) {
  if (::access(kLibFaketime, R_OK) != 0)
    GTEST_SKIP() << "libfaketime not installed";
  std::string incident = AddIncident();
  std::string detention = AddDetention(incident, "Testov Synthetic-03");
  const char* asan = std::getenv("ASAN_OPTIONS");
  CliResult ahead = Run({"incident", "edit", incident, "--title",
                         "Synthetic protest arrests (edited)"},
                        "",
                        {{"LD_PRELOAD", kLibFaketime},
                         {"FAKETIME", "@2062-11-30 10:00:00"},
                         {"ASAN_OPTIONS", std::string(asan ? asan : "") +
                                              ":verify_asan_link_order=0"}});
  ASSERT_EQ(ahead.exit_code, 0) << ahead.err;
  CliResult status = Run({"detention", "status", detention, "--status",
                          "released", "--source-note", "synthetic family"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.err.find("fieldvault: warning: this vault's latest change "
                            "is dated 2062-11-30T10:00"),
            std::string::npos)
      << status.err;
  EXPECT_NE(status.err.find("years ahead of this computer's clock"),
            std::string::npos)
      << status.err;
  EXPECT_NE(status.err.find("fieldvault: hint: if this computer's date is "
                            "wrong now"),
            std::string::npos)
      << status.err;
  json shown = Json({"detention", "show", detention});
  ASSERT_EQ(shown["status_history"].size(), 2u);
  EXPECT_EQ(shown["status_history"][1]["date"]["value"], Today());
  json summary = Json({"status"});
  EXPECT_EQ(summary["clock_ahead"], true);
  // How far ahead is given (its size, 2062 less today, is checked through
  // the warning's date above).
  EXPECT_TRUE(summary["clock_ahead_seconds"].is_number_integer()) << summary.dump();
  EXPECT_NE(Ok({"status"}).find("ahead of this computer's"), std::string::npos);
}

TEST_F(FiguresCommandsTest, AVaultClockInStepSaysNothing) {
  CliResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(status.err.find("ahead"), std::string::npos) << status.err;
  EXPECT_EQ(Json({"status"})["clock_ahead"], false);
}

// The BRIEF's "23 of them placed in administrative detention" stays 23
// with --ever after three of them are released, while the current figure
// drops to 20.
TEST_F(FiguresCommandsTest, EverCountsTheAlmatySampleAfterReleases) {
  const std::string sample =
      std::string(FIELDVAULT_SOURCE_DIR) + "/examples/almaty-2020-02-22";
  std::string incident = AddIncident();
  CliResult imported = Run({"detainees", "import", sample + "/detainees.csv",
                            "--incident", incident});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  int released = 0;
  for (const json& d : Json({"detention", "list", "--incident", incident})) {
    if (released == 3) break;
    if (d["status_history"].back()["status"] != "administrative_detention") {
      continue;
    }
    Ok({"detention", "status", d["id"].get<std::string>(), "--status",
        "released", "--status-date", "2020-03-09", "--source-note",
        "synthetic family"});
    ++released;
  }
  ASSERT_EQ(released, 3);
  json now = Json({"report", "--incident", incident});
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0]["by_status"]["administrative_detention"], 20);
  EXPECT_FALSE(now[0].contains("ever_by_status"));
  json ever = Json({"report", "--incident", incident, "--ever"});
  EXPECT_EQ(ever[0]["detained"], 70);
  EXPECT_EQ(ever[0]["by_status"]["administrative_detention"], 20);
  EXPECT_EQ(ever[0]["ever_by_status"]["administrative_detention"], 23);
  EXPECT_EQ(ever[0]["ever_by_status"]["released"],
            ever[0]["by_status"]["released"].get<int>());
  std::string text = Ok({"report", "--ever"});
  EXPECT_NE(text.find("of them, at some time: 23 placed in administrative "
                      "detention"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("STATUS"), std::string::npos) << text;
  EXPECT_NE(text.find("EVER"), std::string::npos) << text;
  std::string csv = Ok({"report", "--csv", "--ever"});
  EXPECT_NE(csv.find(",lower_bound,ever_detained_without_charge,"),
            std::string::npos)
      << csv;
}

// A group whose size nobody knows can be recorded; the report then says
// "at least", and a size given later (or cleared again) is taken.
TEST_F(FiguresCommandsTest, AGroupOfUnknownSizeMakesFiguresLowerBounds) {
  std::string incident = AddIncident();
  std::string group = Ok({"person", "add", "--group", "--name",
                          "Synthetic column, number unknown"});
  ASSERT_EQ(group.size(), 36u);
  EXPECT_NE(Ok({"person", "list"}).find("group of unknown size"),
            std::string::npos);
  EXPECT_TRUE(Json({"person", "show", group})["group_size"].is_null());
  Ok({"detention", "add", "--person", group, "--incident", incident,
      "--detained-at", "2020-02-22", "--status", "detained_without_charge",
      "--source-note", "synthetic list"});
  AddDetention(incident, "Testov Synthetic-04");
  json figures = Json({"report"});
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0]["detained"], 2);
  EXPECT_EQ(figures[0]["lower_bound"], true);
  EXPECT_EQ(figures[0]["groups_of_unknown_size"], 1);
  std::string text = Ok({"report"});
  EXPECT_NE(text.find("at least 2 detained in Almaty on 2020-02-22"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("figures are lower bounds"), std::string::npos) << text;
  Ok({"person", "edit", group, "--size", "40"});
  EXPECT_EQ(Json({"report"})[0]["detained"], 41);
  EXPECT_EQ(Ok({"report"}).find("at least"), std::string::npos);
  Ok({"person", "edit", group, "--size", ""});
  EXPECT_EQ(Json({"report"})[0]["lower_bound"], true);
  CliResult zero = Run({"person", "add", "--group", "--size", "0", "--name",
                        "Synthetic empty column"});
  EXPECT_EQ(zero.exit_code, 2) << zero.err;
  CliResult individual =
      Run({"person", "add", "--size", "3", "--name", "Testov Synthetic-05"});
  EXPECT_EQ(individual.exit_code, 2) << individual.err;
}

// Without --captured-at, a photo's capture time is its EXIF
// DateTimeOriginal, and a file without one says its time is the file's.
TEST_F(FiguresCommandsTest, APhotosCaptureTimeComesFromItsExif) {
  std::string incident = AddIncident();
  const Bytes jpeg = ExifJpeg("2020:02:22 12:10:05", "+06:00", true);
  WriteFile(dir_.Join("photo.jpg"), std::string(jpeg.begin(), jpeg.end()));
  CliResult added =
      Run({"attach", "add", dir_.Join("photo.jpg"), "--incident", incident});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("Captured 2020-02-22T12:10:05+06:00 (the photo's "
                           "EXIF DateTimeOriginal"),
            std::string::npos)
      << added.out;
  WriteFile(dir_.Join("notes.txt"), "synthetic notes\n");
  json plain =
      Json({"attach", "add", dir_.Join("notes.txt"), "--incident", incident});
  EXPECT_EQ(plain["captured_at_source"], "file_time");
  CliResult text =
      Run({"attach", "add", dir_.Join("notes.txt"), "--incident", incident});
  EXPECT_NE(text.out.find("(the file's modification time"), std::string::npos)
      << text.out;
  json given = Json({"attach", "add", dir_.Join("photo.jpg"), "--incident",
                     incident, "--captured-at", "2020-02-23"});
  EXPECT_EQ(given["captured_at"], "2020-02-23");
  EXPECT_EQ(given["captured_at_source"], "option");
}

// A bundle that would merge two persons into each other (each side merged
// them the other way round) is refused with what to do; after the unmerge
// it imports, and `check` has nothing to say.
class MergeLoopImportTest : public FieldAndHqTest {
 protected:
  json Json(const std::string& vault, std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(Ok(vault, std::move(args)), nullptr, false);
  }
};

TEST_F(MergeLoopImportTest, ABundleClosingAMergeLoopIsRefused) {
  Ok("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")});
  std::string incident =
      Ok("field", {"incident", "add", "--title", "Synthetic arrests", "--start",
                   "2020-02-22", "--country", "KZ"});
  std::string p =
      Ok("field", {"person", "add", "--name", "Testov Synthetic-21"});
  std::string q =
      Ok("field", {"person", "add", "--name", "Testov Sintetik-21"});
  for (const std::string& person : {p, q}) {
    Ok("field", {"detention", "add", "--person", person, "--incident", incident,
                 "--detained-at", "2020-02-22"});
  }
  auto export_bundle = [&]() {
    return Json("field", {"export", "--to", dir_.Join("usb")})["file"]
        .get<std::string>();
  };
  CliResult first = In("hq", {"import", export_bundle()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  Ok("hq", {"person", "merge", p, "--into", q});
  Ok("field", {"person", "merge", q, "--into", p});
  const std::string bundle = export_bundle();
  CliResult refused = In("hq", {"import", bundle});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("the persons would be merged into each other"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("--unmerge"), std::string::npos) << refused.err;
  EXPECT_EQ(In("hq", {"check"}).exit_code, 0);
  Ok("hq", {"person", "edit", p, "--unmerge"});
  CliResult imported = In("hq", {"import", bundle});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(Json("hq", {"person", "show", q})["merged_into"], p);
  EXPECT_EQ(Json("hq", {"report"})[0]["detained"], 1);
  EXPECT_EQ(In("hq", {"check"}).exit_code, 0);
}

}  // namespace
}  // namespace fieldvault::testing
