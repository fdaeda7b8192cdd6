// Bench-only: the SQLCipher floors of P1 and P2 for compare_bundle.sh —
// what any export or import must spend inside vault.db on the same bytes,
// whatever fieldvault does around it.
//
//   vault_floor_tool read VAULT_DIR PASSPHRASE_FILE
//       unlocks the vault (one Argon2id, as `export` does) and reads every
//       record body and every attachment chunk out of vault.db in store
//       order: page decryption and HMAC checks only — P1's floor.
//   vault_floor_tool write VAULT_DIR PASSPHRASE_FILE FILE...
//       unlocks the vault and writes the files as bare rows into tables of
//       it: a *.jsonl file one row per line (the records, no index, no
//       parse), any other as 256 KiB blobs (the attachments); same page
//       size, cipher, HMAC, secure delete, synchronous and writeback
//       settings as the vault's stores; then commits: page encryption and
//       the fsyncs only — P2's floor. No hash, no metadata, no custody
//       event.
// Nothing is printed on stdout (compare_bundle.sh times the process).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/attachments/attachment_store.h"
#include "bench/passphrase_file.h"
#include "core/clock.h"
#include "core/vault/vault.h"
#include "crypto/init.h"

namespace fv = fieldvault;

namespace {

// Reads every row of `sql`'s first column; returns the bytes read.
fv::Result<uint64_t> ReadColumn(fv::core::Database& db, const std::string& sql) {
  FV_ASSIGN_OR_RETURN(auto select, db.Prepare(sql));
  uint64_t bytes = 0;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return bytes;
    // SQLite has decrypted every page of the value by now.
    bytes += select.ColumnBlob(0).size();
  }
}

fv::Status ReadFloor(fv::core::Vault& vault) {
  uint64_t bytes = 0;
  for (const char* table : {"sources", "incidents", "persons", "detentions",
                            "witness_accounts"}) {
    FV_ASSIGN_OR_RETURN(uint64_t n, ReadColumn(vault.db(), std::string("SELECT body FROM ") + table));
    bytes += n;
  }
  FV_ASSIGN_OR_RETURN(uint64_t n, ReadColumn(vault.db(), "SELECT data FROM attachment_chunks"
                                                         " ORDER BY attachment_id, seq"));
  std::fprintf(stderr, "floor: read %llu bytes\n",
               static_cast<unsigned long long>(bytes + n));
  return fv::Status::Ok();
}

// One row per line of a *.jsonl file.
fv::Status WriteLines(fv::core::Statement& insert, const std::string& path) {
  std::ifstream in(path);
  if (!in) return fv::Status::IoError("cannot open " + path);
  std::string line;
  while (std::getline(in, line)) {
    FV_RETURN_IF_ERROR(insert.Reset());
    FV_RETURN_IF_ERROR(insert.BindText(1, line));
    FV_RETURN_IF_ERROR(insert.Run());
  }
  return fv::Status::Ok();
}

fv::Status WriteFile(fv::core::Database& db, fv::core::Statement& insert,
                     const std::string& path, std::vector<uint8_t>& buffer,
                     int64_t& chunks) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fv::Status::IoError("cannot open " + path);
  fv::crypto::FdSource source(fd);
  fv::Status status = fv::Status::Ok();
  while (status.ok()) {
    auto n = fv::crypto::ReadFull(source, buffer);
    if (!n.ok() || *n == 0) { status = n.status(); break; }
    status = insert.Reset();
    if (status.ok()) status = insert.BindBlobNoCopy(1, std::span(buffer.data(), *n));
    if (status.ok()) status = insert.Run();
    if (++chunks % 64 == 0) db.StartWriteback();  // as the attachment store
  }
  ::close(fd);
  return status;
}

fv::Status WriteFloor(fv::core::Vault& vault, int argc, char** argv) {
  FV_ASSIGN_OR_RETURN(fv::core::VaultWrite write, vault.BeginWrite());
  FV_RETURN_IF_ERROR(write.db().Exec("CREATE TABLE floor (data BLOB);"
                                     "CREATE TABLE floor_lines (line TEXT)"));
  FV_ASSIGN_OR_RETURN(auto insert,
                      write.db().Prepare("INSERT INTO floor (data) VALUES (?1)"));
  FV_ASSIGN_OR_RETURN(auto insert_line,
                      write.db().Prepare("INSERT INTO floor_lines (line) VALUES (?1)"));
  std::vector<uint8_t> buffer(fv::core::kAttachmentChunkBytes);
  int64_t chunks = 0;
  for (int i = 4; i < argc; ++i) {
    const std::string path = argv[i];
    if (path.ends_with(".jsonl")) {
      FV_RETURN_IF_ERROR(WriteLines(insert_line, path));
    } else {
      FV_RETURN_IF_ERROR(WriteFile(write.db(), insert, path, buffer, chunks));
    }
  }
  return write.Commit();
}

fv::Status Run(int argc, char** argv) {
  FV_RETURN_IF_ERROR(fv::crypto::InitializeCrypto());
  const std::string mode = argv[1];
  FV_ASSIGN_OR_RETURN(auto passphrase, fv::bench::ReadPassphraseFile(argv[3]));
  FV_ASSIGN_OR_RETURN(fv::core::Vault vault,
                      fv::core::Vault::Open(argv[2], passphrase,
                                            fv::crypto::SystemRandom(),
                                            fv::core::SystemClock()));
  if (mode == "read") return ReadFloor(vault);
  return WriteFloor(vault, argc, argv);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (!((mode == "read" && argc == 4) || (mode == "write" && argc >= 4))) {
    std::fprintf(stderr,
                 "usage: %s read VAULT_DIR PASSPHRASE_FILE\n"
                 "       %s write VAULT_DIR PASSPHRASE_FILE FILE...\n",
                 argv[0], argv[0]);
    return 2;
  }
  fv::Status status = Run(argc, argv);
  if (!status.ok()) {
    std::fprintf(stderr, "vault_floor_tool: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
