// The records' tables in vault.db, created by the records migration
// (core/records/migration_records.cc). docs/data-model.md describes them.
//
// Each record type has its own table whose `body` column holds the
// record's JSON exactly as record_json.h writes it (the form bundles carry),
// beside the meta fields and a few columns extracted from the body for
// lists, reports and lookups. Person names and their match keys are rows of
// `person_names`. `record_history` keeps every replaced version's JSON,
// `record_conflicts` what an import could not reconcile, and `vocabulary`
// the controlled vocabularies of vocabulary.h.
#ifndef FIELDVAULT_CORE_RECORDS_RECORDS_SCHEMA_H_
#define FIELDVAULT_CORE_RECORDS_RECORDS_SCHEMA_H_

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core {

// Creates the tables and indexes that are missing and adds the vocabulary
// terms that are missing; running it again changes nothing. Runs inside
// the caller's transaction. kIoError from the database (the caller's
// rollback then undoes everything).
Status CreateRecordsSchema(Database& db);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_RECORDS_SCHEMA_H_
