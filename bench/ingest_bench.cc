// In-process benchmarks of the ingest side (targets in BRIEF.md):
//   P4  search latency over 1M detentions (and their 1M persons), by query;
//   P5  attaching a 1 GiB file to a record, in bytes per second, committed
//       (fsync'd) inside one VaultWrite.
// The search corpus is built once into FIELDVAULT_BENCH_DIR (default
// /tmp/fieldvault-bench) and reused by later runs; delete it to rebuild.
//   ingest_bench --benchmark_filter=Search --benchmark_repetitions=5
//   FIELDVAULT_BENCH_ATTACH_MIB=1024 ingest_bench
//       --benchmark_filter='Attach|Floor'
// (BM_SqlcipherBlobFloor is P5's reference: bare blobs into the same
// keyed vault.db, the ceiling for any store inside it.)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "bench/bench_vault.h"
#include "bench/synthetic_detainees.h"
#include "core/attachments/attachment_store.h"
#include "core/clock.h"
#include "core/names/match_key.h"
#include "core/search/search_index.h"
#include "core/vault/vault.h"
#include "crypto/init.h"
#include "crypto/random.h"

namespace fieldvault {
namespace {

constexpr uint64_t kCorpusDetentions = 1000000;

using bench::BenchDir;
using bench::NewVault;
using bench::Passphrase;

// The P4 corpus: per synthetic row, a person document (its name) and a
// detention document (case number, places, authority), as the records
// store indexes them.
void BuildCorpus(core::Vault& vault, core::SearchIndex& index) {
  auto write = vault.BeginWrite();
  if (!write.ok()) std::exit(2);
  for (uint64_t i = 0; i < kCorpusDetentions; ++i) {
    bench::SyntheticDetainee d = bench::MakeDetainee(i);
    const std::string n = std::to_string(i);
    Status status = index.IndexRecord(
        {"person", "p-" + n, d.name, {d.name}, "", {}, ""});
    if (status.ok()) {
      status = index.IndexRecord({"detention", "d-" + n, "detention " + n, {},
                                  d.case_number,
                                  {d.place_of_arrest, d.place_of_detention},
                                  "Synthetic District Police"});
    }
    if (!status.ok()) {
      std::fprintf(stderr, "index: %s\n", status.ToString().c_str());
      std::exit(2);
    }
  }
  if (!write->AppendCustodyEvent({"created", "", "", "", "bench corpus"})
           .ok() ||
      !write->Commit().ok()) {
    std::exit(2);
  }
}

struct Corpus {
  std::optional<core::Vault> vault;
  std::optional<core::NameNormalizer> normalizer;
  std::optional<core::SearchIndex> index;
};

Corpus& SharedCorpus() {
  static Corpus* corpus = [] {
    auto* c = new Corpus;
    c->normalizer.emplace(core::NameNormalizer::Create().value());
    const std::string dir = BenchDir() + "/search-corpus";
    auto opened = core::Vault::Open(dir, Passphrase(), crypto::SystemRandom(),
                                    core::SystemClock());
    const bool fresh = !opened.ok();
    c->vault.emplace(fresh ? NewVault(dir) : std::move(opened).value());
    c->index.emplace(
        core::SearchIndex::Create(c->vault->db(), *c->normalizer).value());
    if (fresh) {
      std::fprintf(stderr, "building the 1M-detention corpus in %s...\n",
                   dir.c_str());
      BuildCorpus(*c->vault, *c->index);
    }
    return c;
  }();
  return *corpus;
}

// Queries: a full name across scripts, a rare name word, a unique case
// number, a place shared by a sixth of the rows, a prefix.
constexpr const char* kQueries[] = {
    "testov7 testbek",  // Latin query; half the matches are Cyrillic
    "Тестов7",          // Cyrillic query, finds Latin spellings too
    "SYN-654321",       // one detention
    "Abay",             // ~170k detentions
    "prim*",            // prefix over names
};

void BM_Search(benchmark::State& state) {
  Corpus& corpus = SharedCorpus();
  const char* query = kQueries[state.range(0)];
  size_t hits = 0;
  for (auto _ : state) {
    auto result = corpus.index->Search(query, {});
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    hits = result->size();
    benchmark::DoNotOptimize(hits);
  }
  state.SetLabel(std::string(query) + " (" + std::to_string(hits) + " shown)");
}
BENCHMARK(BM_Search)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

// The file both attach benchmarks read: FIELDVAULT_BENCH_ATTACH_MIB MiB
// (default 1024) of random bytes, made once and reused.
std::string AttachInput(uint64_t& bytes) {
  const char* mib_text = std::getenv("FIELDVAULT_BENCH_ATTACH_MIB");
  bytes = (mib_text ? std::strtoull(mib_text, nullptr, 10) : 1024) << 20;
  const std::string dir = BenchDir();
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/attach-input.bin";
  if (!std::filesystem::exists(file) ||
      std::filesystem::file_size(file) != bytes) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<uint8_t> block(1 << 20);
    for (uint64_t done = 0; done < bytes; done += block.size()) {
      crypto::SystemRandom().Fill(block);
      if (::write(fd, block.data(), block.size()) < 0) std::exit(2);
    }
    ::close(fd);
  }
  return file;
}

// P5: `attach add` in process — read, hash, chunk into vault.db, commit —
// a fresh vault each time.
void BM_AttachFile(benchmark::State& state) {
  uint64_t bytes = 0;
  const std::string file = AttachInput(bytes);
  for (auto _ : state) {
    state.PauseTiming();
    core::Vault vault = NewVault(BenchDir() + "/attach-vault");
    int fd = ::open(file.c_str(), O_RDONLY);
    state.ResumeTiming();
    crypto::FdSource source(fd);
    auto write = vault.BeginWrite();
    auto added = core::AddAttachment(
        write->db(),
        {"incident", "2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10", "big.bin", "",
         core::PartialDate()},
        source, vault.random(), vault.clock().NowMicros(), vault.vault_id());
    if (!added.ok() ||
        !write->AppendCustodyEvent({"created", "attachment", added->id, "", ""})
             .ok() ||
        !write->Commit().ok()) {
      state.SkipWithError("attach failed");
      return;
    }
    ::close(fd);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_AttachFile)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

// P5's reference in the same run: the same file inserted as bare 256 KiB
// blobs into a table of the same keyed vault.db (same page size, cipher,
// HMAC and synchronous settings) and committed — no hash, no metadata.
// This is the fastest any attachment store inside vault.db can go here.
void BM_SqlcipherBlobFloor(benchmark::State& state) {
  uint64_t bytes = 0;
  const std::string file = AttachInput(bytes);
  for (auto _ : state) {
    state.PauseTiming();
    core::Vault vault = NewVault(BenchDir() + "/floor-vault");
    int fd = ::open(file.c_str(), O_RDONLY);
    state.ResumeTiming();
    crypto::FdSource source(fd);
    auto write = vault.BeginWrite();
    bool ok = write->db().Exec("CREATE TABLE floor (data BLOB)").ok();
    auto insert = write->db().Prepare("INSERT INTO floor (data) VALUES (?1)");
    std::vector<uint8_t> buffer(core::kAttachmentChunkBytes);
    while (ok && insert.ok()) {
      auto n = crypto::ReadFull(source, buffer);
      if (!n.ok() || *n == 0) break;
      ok = insert->Reset().ok() &&
           insert->BindBlobNoCopy(1, std::span(buffer.data(), *n)).ok() &&
           insert->Run().ok();
    }
    if (!ok || !insert.ok() || !write->Commit().ok()) {
      state.SkipWithError("floor insert failed");
      return;
    }
    ::close(fd);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_SqlcipherBlobFloor)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
}  // namespace fieldvault

int main(int argc, char** argv) {
  if (!fieldvault::crypto::InitializeCrypto().ok()) return 2;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
