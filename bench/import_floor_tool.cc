// Bench-only: the SQLCipher floor of P3 for compare_import.sh — what
// writing exactly the rows a detainee import wrote costs inside vault.db,
// whatever fieldvault does to compute them.
//
//   import_floor_tool SOURCE_VAULT TARGET_VAULT PASSPHRASE_FILE [records]
//
// Reads every row `detainees import` wrote into SOURCE_VAULT (incidents,
// persons, person_names, detentions, search_documents, and search_fts's
// text) into memory, then, timed, inserts them with prepared statements
// into TARGET_VAULT (a fresh vault, same passphrase) in one VaultWrite:
// same schema, indexes, foreign keys, FTS4 index, page size, cipher, HMAC,
// secure delete, synchronous setting and the import's 64 MiB page cache;
// then commits. Rows go in line by line as the import writes them (a
// person, its names, its search document, the detention, its search
// document). No CSV, validation, match keys, JSON or reference checks.
// With `records`, the search tables are left out, which splits the floor
// into record rows and search index.
//
// Prints "floor_rows N wall_ms W cpu_ms C" on stdout (insert + commit
// only, not the unlock or the read).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "bench/passphrase_file.h"
#include "core/clock.h"
#include "core/vault/vault.h"
#include "crypto/init.h"

namespace fv = fieldvault;

namespace {

using Value = std::variant<std::monostate, int64_t, double, std::string>;
using Row = std::vector<Value>;

// One table's rows, with the INSERT that writes them back.
struct Table {
  std::string insert_sql;
  std::vector<Row> rows;
  size_t next = 0;
};

fv::Result<fv::core::Vault> OpenVault(const std::string& dir,
                                      const fv::crypto::SecretBytes& secret) {
  return fv::core::Vault::Open(dir, secret, fv::crypto::SystemRandom(),
                               fv::core::SystemClock());
}

// Reads `columns` of `table` in rowid order (docid for search_fts).
fv::Result<Table> ReadTable(fv::core::Database& db, const std::string& table,
                            const std::vector<std::string>& columns) {
  std::string list;
  std::string marks;
  for (const std::string& column : columns) {
    list += (list.empty() ? "" : ", ") + column;
    marks += marks.empty() ? "?" : ", ?";
  }
  const std::string order = table == "search_fts" ? "docid" : "rowid";
  FV_ASSIGN_OR_RETURN(auto select, db.Prepare("SELECT " + list + " FROM " +
                                              table + " ORDER BY " + order));
  Table out;
  out.insert_sql =
      "INSERT INTO " + table + " (" + list + ") VALUES (" + marks + ")";
  while (true) {
    FV_ASSIGN_OR_RETURN(bool more, select.Step());
    if (!more) return out;
    Row row;
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
      if (select.ColumnIsNull(i)) {
        row.emplace_back();
      } else if (columns[i] == "docid" || columns[i] == "version" ||
                 columns[i] == "position" || columns[i].ends_with("_at") ||
                 columns[i] == "deleted") {
        row.emplace_back(select.ColumnInt64(i));
      } else {
        row.emplace_back(select.ColumnText(i));
      }
    }
    out.rows.push_back(std::move(row));
  }
}

constexpr const char* kRecordColumns =
    "id version created_at created_by updated_at confidentiality deleted body";

std::vector<std::string> Columns(const std::string& extra, bool record) {
  std::vector<std::string> columns;
  std::string words = (record ? std::string(kRecordColumns) + " " : "") + extra;
  size_t start = 0;
  while (start < words.size()) {
    size_t end = words.find(' ', start);
    if (end == std::string::npos) end = words.size();
    if (end > start) columns.push_back(words.substr(start, end - start));
    start = end + 1;
  }
  return columns;
}

fv::Status InsertNext(fv::core::Statement& insert, Table& table) {
  if (table.next == table.rows.size()) return fv::Status::Ok();
  const Row& row = table.rows[table.next++];
  FV_RETURN_IF_ERROR(insert.Reset());
  for (size_t i = 0; i < row.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (const auto* n = std::get_if<int64_t>(&row[i])) {
      FV_RETURN_IF_ERROR(insert.BindInt64(index, *n));
    } else if (const auto* text = std::get_if<std::string>(&row[i])) {
      FV_RETURN_IF_ERROR(insert.BindText(index, *text));
    } else {
      FV_RETURN_IF_ERROR(insert.BindNull(index));
    }
  }
  return insert.Run();
}

struct Source {
  Table incidents, persons, names, detentions, documents, texts;
};

fv::Result<Source> ReadSource(fv::core::Database& db, bool search) {
  Source s;
  FV_ASSIGN_OR_RETURN(s.incidents, ReadTable(db, "incidents", Columns(
      "title start_date place admin_area country", true)));
  FV_ASSIGN_OR_RETURN(s.persons, ReadTable(db, "persons", Columns(
      "kind display_name merged_into", true)));
  FV_ASSIGN_OR_RETURN(s.names, ReadTable(db, "person_names", Columns(
      "person_id position full_name script match_key", false)));
  FV_ASSIGN_OR_RETURN(s.detentions, ReadTable(db, "detentions", Columns(
      "person_id incident_id detained_at current_status", true)));
  if (search) {
    FV_ASSIGN_OR_RETURN(s.documents, ReadTable(db, "search_documents", Columns(
        "docid record_type record_id label", false)));
    FV_ASSIGN_OR_RETURN(s.texts, ReadTable(db, "search_fts", Columns(
        "docid names title places body keys", false)));
  }
  return s;
}

double CpuMs() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// The incident (and its search document) first, then line by line.
fv::Status WriteRows(fv::core::Database& db, Source& s) {
  Table* tables[] = {&s.incidents, &s.persons,   &s.names,
                     &s.detentions, &s.documents, &s.texts};
  enum { kIncident, kPerson, kName, kDetention, kDocument, kText };
  std::vector<fv::core::Statement> insert;
  for (Table* table : tables) {
    FV_ASSIGN_OR_RETURN(auto statement, db.Prepare(table->insert_sql));
    insert.push_back(std::move(statement));
  }
  auto next = [&](int table) { return InsertNext(insert[table], *tables[table]); };
  for (size_t i = 0; i < s.incidents.rows.size(); ++i) {
    for (int table : {kIncident, kDocument, kText}) {
      FV_RETURN_IF_ERROR(next(table));
    }
  }
  while (s.persons.next < s.persons.rows.size() ||
         s.detentions.next < s.detentions.rows.size()) {
    for (int table : {kPerson, kName, kDocument, kText, kDetention, kDocument,
                      kText}) {
      FV_RETURN_IF_ERROR(next(table));
    }
  }
  // Further names of folded persons, if any, come last.
  while (s.names.next < s.names.rows.size()) FV_RETURN_IF_ERROR(next(kName));
  return fv::Status::Ok();
}

fv::Status Run(char** argv, bool search) {
  FV_RETURN_IF_ERROR(fv::crypto::InitializeCrypto());
  FV_ASSIGN_OR_RETURN(auto passphrase, fv::bench::ReadPassphraseFile(argv[3]));
  Source source;
  {
    FV_ASSIGN_OR_RETURN(fv::core::Vault from, OpenVault(argv[1], passphrase));
    FV_ASSIGN_OR_RETURN(source, ReadSource(from.db(), search));
  }
  FV_ASSIGN_OR_RETURN(fv::core::Vault to, OpenVault(argv[2], passphrase));
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuMs();
  FV_ASSIGN_OR_RETURN(fv::core::VaultWrite write, to.BeginWrite());
  FV_RETURN_IF_ERROR(write.db().Exec("PRAGMA cache_size = -65536"));
  FV_RETURN_IF_ERROR(WriteRows(write.db(), source));
  FV_RETURN_IF_ERROR(write.Commit());
  const double wall_ms = std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - start)
                             .count();
  std::printf("floor_rows %zu wall_ms %.0f cpu_ms %.0f\n",
              source.persons.rows.size() + source.names.rows.size() +
                  source.detentions.rows.size() + source.documents.rows.size() +
                  source.texts.rows.size(),
              wall_ms, CpuMs() - cpu_start);
  return fv::Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  const bool records_only = argc == 5 && std::string(argv[4]) == "records";
  if (argc != 4 && !records_only) {
    std::fprintf(stderr,
                 "usage: %s SOURCE_VAULT TARGET_VAULT PASSPHRASE_FILE "
                 "[records]\n",
                 argv[0]);
    return 2;
  }
  fv::Status status = Run(argv, !records_only);
  if (!status.ok()) {
    std::fprintf(stderr, "import_floor_tool: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
