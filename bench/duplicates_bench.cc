// P7 (BRIEF.md): duplicate-person candidates over 100k persons, target
// <= 10 s. Two measurements:
//   BM_FindDuplicates      candidate detection alone over 100k persons
//                          held in memory (core::FindDuplicatePersons);
//   BM_DuplicatesInVault   what `fieldvault person duplicates` does after
//                          unlocking: read the 100k persons and their
//                          detentions from a SQLCipher vault, then detect.
// The synthetic persons: ~91k on a first list (half written in Cyrillic,
// half in Latin), and a second list of ~9k of them again: 5% of the first
// list in the other script (certain), 2% with one letter wrong (likely),
// 1% without a birth year, 1% namesakes born another year. The vault is
// built once into FIELDVAULT_BENCH_DIR (default /tmp/fieldvault-bench) by
// importing the two lists as detainee CSVs of two incidents, and reused.
//   duplicates_bench --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_vault.h"
#include "bench/synthetic_detainees.h"
#include "core/clock.h"
#include "core/csv/detainee_import.h"
#include "core/names/match_key.h"
#include "core/records/duplicate_persons.h"
#include "core/records/records_schema.h"
#include "core/vault/vault.h"
#include "crypto/init.h"
#include "crypto/random.h"

namespace fieldvault {
namespace {

constexpr uint64_t kFirstList = 91000;
constexpr double kTargetSeconds = 10.0;

struct ListedPerson {
  std::string name;
  std::string birth_year;  // "" when unknown
  bool second_list = false;
};

// A name in the script `cyrillic` asks for, with no digits: a surname
// (two roots and an ending), a given name and a second given name; ~295k
// distinct names, so some of the 100k are namesakes, as in real lists.
std::string SyntheticName(uint64_t i, bool cyrillic) {
  const uint64_t mix = i * 2654435761u;
  const size_t root = mix % 16, ending = (mix / 16) % 8;
  const size_t given = (mix / 128) % 12, prefix = (mix / 1536) % 16;
  const size_t second = (mix / 24576) % 12;
  const auto& roots = cyrillic ? bench::kRootsCyrillic : bench::kRootsLatin;
  const auto& endings =
      cyrillic ? bench::kEndingsCyrillic : bench::kEndingsLatin;
  const auto& givens = cyrillic ? bench::kGivenCyrillic : bench::kGivenLatin;
  return std::string(roots[prefix]) + roots[root] + endings[ending] + " " +
         givens[given] + " " + givens[second];
}

std::vector<ListedPerson> SyntheticPersons() {
  std::vector<ListedPerson> persons;
  for (uint64_t i = 0; i < kFirstList; ++i) {
    const bool cyrillic = i % 2 == 0;
    const std::string year = std::to_string(1950 + (i * 40503u) % 55);
    persons.push_back({SyntheticName(i, cyrillic), year, false});
    const uint64_t roll = (i * 7919u) % 100;
    if (roll < 5) {  // the other script
      persons.push_back({SyntheticName(i, !cyrillic), year, true});
    } else if (roll < 7) {  // one letter wrong
      std::string typo = SyntheticName(i, false);
      typo[2] = typo[2] == 'x' ? 'y' : 'x';
      persons.push_back({typo, year, true});
    } else if (roll < 8) {  // birth year unknown
      persons.push_back({SyntheticName(i, !cyrillic), "", true});
    } else if (roll < 9) {  // a namesake
      persons.push_back({SyntheticName(i, cyrillic),
                         std::to_string(1950 + (i * 40503u + 7) % 55), true});
    }
  }
  return persons;
}

std::vector<core::PersonForMatching> InMemory() {
  auto normalizer = core::NameNormalizer::Create().value();
  std::vector<core::PersonForMatching> out;
  uint64_t n = 0;
  for (const ListedPerson& listed : SyntheticPersons()) {
    core::PersonForMatching person;
    person.id = "person-" + std::to_string(n);
    person.created_at = static_cast<int64_t>(n++);
    person.names = {listed.name};
    person.match_keys = {normalizer.MatchKey(listed.name).value()};
    person.birth_date = core::PartialDate::Parse(listed.birth_year).value();
    person.places_and_dates = {"Almaty 2020-02-22"};
    person.detentions = 1;
    out.push_back(std::move(person));
  }
  return out;
}

void Report(benchmark::State& state, size_t persons,
            const std::vector<core::DuplicateGroup>& groups) {
  size_t certain = 0;
  for (const auto& g : groups) certain += g.certain_merges;
  state.counters["persons"] = static_cast<double>(persons);
  state.counters["groups"] = static_cast<double>(groups.size());
  state.counters["certain_merges"] = static_cast<double>(certain);
  state.counters["target_s"] = kTargetSeconds;
}

void BM_FindDuplicates(benchmark::State& state) {
  static const std::vector<core::PersonForMatching> persons = InMemory();
  std::vector<core::DuplicateGroup> groups;
  for (auto _ : state) {
    groups = core::FindDuplicatePersons(persons, {});
    benchmark::DoNotOptimize(groups.data());
  }
  Report(state, persons.size(), groups);
}
BENCHMARK(BM_FindDuplicates)->Unit(benchmark::kMillisecond)->UseRealTime();

// One detainee CSV per list; the import folds lines only within a file.
std::string Csv(const std::vector<ListedPerson>& persons, bool second_list) {
  std::string csv = "name,birth_date,detained_at,legal_status\n";
  for (const ListedPerson& p : persons) {
    if (p.second_list != second_list) continue;
    csv += p.name + "," + p.birth_year + ",2020-02-22,released\n";
  }
  return csv;
}

void Check(const Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
  std::exit(2);
}

// Imports both lists, each into its own incident, in one transaction.
void BuildVault(core::Vault& vault, const core::NameNormalizer& normalizer) {
  const std::vector<ListedPerson> persons = SyntheticPersons();
  auto write = vault.BeginWrite();
  Check(write.status(), "begin");
  core::RecordStore store(write->db(), core::SystemClock(),
                          crypto::SystemRandom(), "bench", normalizer,
                          nullptr, {});
  for (bool second : {false, true}) {
    core::Incident incident;
    incident.title = second ? "Synthetic list B" : "Synthetic list A";
    incident.start_date = core::PartialDate::Parse("2020-02-22").value();
    incident.admin_area = "Almaty";
    incident.country = "KZ";
    auto created = store.Create(incident);
    Check(created.status(), "incident");
    const std::string csv = Csv(persons, second);
    crypto::MemorySource source(std::span<const uint8_t>(
        reinterpret_cast<const uint8_t*>(csv.data()), csv.size()));
    core::DetaineeImportOptions options;
    options.incident_id = created->meta.id;
    auto report = core::ImportDetainees(source, options, store, normalizer);
    Check(report.status(), "import");
    if (!report->ok()) Check(Status::InvalidArgument(report->problems[0]), "csv");
  }
  Check(write->AppendCustodyEvent({"created", "", "", "", "bench lists"}),
        "custody");
  Check(write->Commit(), "commit");
}

struct VaultCorpus {
  std::optional<core::Vault> vault;
  std::optional<core::NameNormalizer> normalizer;
};

VaultCorpus& SharedVault() {
  static VaultCorpus* corpus = [] {
    auto* c = new VaultCorpus;
    c->normalizer.emplace(core::NameNormalizer::Create().value());
    const std::string dir = bench::BenchDir() + "/duplicates-corpus";
    auto opened = core::Vault::Open(dir, bench::Passphrase(),
                                    crypto::SystemRandom(),
                                    core::SystemClock());
    if (opened.ok()) {
      c->vault.emplace(std::move(opened).value());
    } else {
      std::fprintf(stderr, "building the 100k-person vault in %s...\n",
                   dir.c_str());
      c->vault.emplace(bench::NewVault(dir));
      BuildVault(*c->vault, *c->normalizer);
    }
    return c;
  }();
  return *corpus;
}

void BM_DuplicatesInVault(benchmark::State& state) {
  VaultCorpus& corpus = SharedVault();
  core::RecordStore store(corpus.vault->db(), core::SystemClock(),
                          crypto::SystemRandom(), "bench", *corpus.normalizer,
                          nullptr, {});
  std::vector<core::DuplicateGroup> groups;
  size_t persons = 0;
  for (auto _ : state) {
    auto loaded = core::LoadPersonsForMatching(store);
    Check(loaded.status(), "load");
    persons = loaded->size();
    groups = core::FindDuplicatePersons(*loaded, {});
    benchmark::DoNotOptimize(groups.data());
  }
  Report(state, persons, groups);
}
BENCHMARK(BM_DuplicatesInVault)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
}  // namespace fieldvault

int main(int argc, char** argv) {
  if (!fieldvault::crypto::InitializeCrypto().ok()) return 2;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
