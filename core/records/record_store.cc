#include "core/records/record_store.h"

#include "core/records/codes.h"
#include "core/records/edit_counts.h"
#include "core/records/record_json.h"
#include "core/records/record_search.h"
#include "core/records/record_store_traits.h"
#include "core/records/validation.h"
#include "core/records/version_source.h"
#include "core/uuid.h"

namespace fieldvault::core {

using nlohmann::json;

RecordStore::RecordStore(Database& db, Clock& clock,
                         crypto::RandomSource& random, std::string actor,
                         const NameNormalizer& normalizer, SearchIndex* search,
                         ChangeObserver on_change)
    : rows_(db),
      clock_(&clock),
      random_(&random),
      actor_(std::move(actor)),
      normalizer_(&normalizer),
      search_(search),
      on_change_(std::move(on_change)) {}

namespace {

// How an edit from `before` to `after` reads in the history: setting or
// clearing a person's merged_into is a merge or an unmerge.
std::string_view HowEdited(const json& before, const json& after) {
  auto merged_into = [](const json& body) {
    auto it = body.find("merged_into");
    return it != body.end() && it->is_string() ? it->get<std::string>()
                                               : std::string();
  };
  const std::string was = merged_into(before), is = merged_into(after);
  if (was == is) return kWrittenEdited;
  return is.empty() ? kWrittenUnmerged : kWrittenMerged;
}

// The source of a version written here by `how`, of a record whose stored
// version has `stored` (nullptr for a new record: created here).
VersionSource WrittenHere(std::string_view how, const StoredRecord* stored) {
  return VersionSource{std::string(how), "",
                       stored ? stored->source.origin : std::string()};
}

}  // namespace

template <typename T>
Status RecordStore::Prepare(T& /*record*/) {
  return Status::Ok();
}

// Person names get their script (when not given) and match key on every
// write, so lookups never depend on what a caller remembered to compute.
template <>
Status RecordStore::Prepare(Person& person) {
  for (size_t i = 0; i < person.names.size(); ++i) {
    PersonName& name = person.names[i];
    if (name.full_name.empty() || !IsValidUtf8(name.full_name)) continue;
    if (name.script.empty()) name.script = DetectScript(name.full_name);
    Result<std::string> key = normalizer_->MatchKey(name.full_name);
    if (!key.ok()) {
      return key.status().WithContext("person: names[" + std::to_string(i) +
                                      "]");
    }
    name.match_key = *std::move(key);
  }
  return Status::Ok();
}

Status RecordStore::Require(std::string_view type, std::string_view id,
                            std::string_view field) {
  if (id.empty()) return Status::Ok();
  FV_ASSIGN_OR_RETURN(bool exists, rows_.Exists(type, id));
  if (exists) return Status::Ok();
  const std::string noun(RecordNoun(type));
  const std::string command = "fieldvault " + std::string(RecordCommandName(type));
  // A tombstone is not "missing": say it was deleted, and where to see it.
  FV_ASSIGN_OR_RETURN(auto stored, rows_.Load(type, id));
  if (stored) {
    return Status::FailedPrecondition(std::string(field) + ": the " + noun +
                                      " " + std::string(id) + " was deleted")
        .WithHint("refer to a live " + noun + "; `" + command +
                  " list --deleted` shows the deleted ones too");
  }
  return Status::NotFound(std::string(field) + ": no " + noun + " " +
                          std::string(id) + " in this vault")
      .WithHint("list them with `" + command + " list`");
}

template <typename T>
Status RecordStore::CheckReferences(const T& record) {
  for (const Reference& reference : References(record)) {
    FV_RETURN_IF_ERROR(Require(reference.type, reference.id, reference.field));
  }
  return Status::Ok();
}

Status RecordStore::Index(const json& body, bool is_new) {
  if (search_ == nullptr) return Status::Ok();
  const SearchDocument document = SearchDocumentFor(body);
  return is_new ? search_->IndexNewRecord(document)
                : search_->IndexRecord(document);
}

Status RecordStore::Notify(std::string_view action, std::string_view type,
                           std::string_view id, int64_t version) {
  if (!on_change_) return Status::Ok();
  return on_change_(RecordChange{std::string(action), std::string(type),
                                 std::string(id),
                                 "version " + std::to_string(version)});
}

template <typename T>
Result<T> RecordStore::Create(T record) {
  constexpr std::string_view type = RecordTraits<T>::kType;
  const int64_t now = clock_->NowMicros();
  if (record.meta.id.empty()) {
    record.meta.id =
        sequential_ids_ ? sequential_ids_->Next() : NewUuid(*random_);
  } else {
    FV_ASSIGN_OR_RETURN(auto existing, rows_.Load(type, record.meta.id));
    if (existing) {
      return Status::AlreadyExists("a " + std::string(RecordNoun(type)) +
                                   " with id " + record.meta.id +
                                   " already exists");
    }
  }
  record.meta.created_at = now;
  record.meta.updated_at = now;
  record.meta.created_by = actor_;
  record.meta.edits.clear();
  CountEdit(record.meta.edits, actor_);
  record.meta.version = 1;
  record.meta.deleted = false;
  FV_RETURN_IF_ERROR(Prepare(record));
  FV_RETURN_IF_ERROR(Validate(record));
  FV_RETURN_IF_ERROR(CheckReferences(record));
  // A new id (random, or checked above): plain inserts, see Insert.
  const json body = ToJson(record);
  FV_RETURN_IF_ERROR(
      rows_.Insert(body, std::nullopt, WrittenHere(kWrittenCreated, nullptr)));
  FV_RETURN_IF_ERROR(Index(body, true));
  FV_RETURN_IF_ERROR(Notify("created", type, record.meta.id, 1));
  return record;
}

template <typename T>
Result<T> RecordStore::Update(T record) {
  constexpr std::string_view type = RecordTraits<T>::kType;
  FV_ASSIGN_OR_RETURN(auto stored, rows_.Load(type, record.meta.id));
  if (!stored) {
    return Status::NotFound("no " + std::string(RecordNoun(type)) + " " +
                            record.meta.id);
  }
  if (stored->deleted) {
    return Status::FailedPrecondition("the " + std::string(RecordNoun(type)) +
                                      " " + record.meta.id + " was deleted")
        .WithHint("a deleted record cannot be changed; its versions stay "
                  "visible with `fieldvault " +
                  std::string(RecordCommandName(type)) + " show ID --history`");
  }
  if (record.meta.version != stored->version) {
    return Status::FailedPrecondition("the " + std::string(RecordNoun(type)) +
                                      " was changed since it was read")
        .WithHint("show it again and repeat the edit");
  }
  FV_ASSIGN_OR_RETURN(T current, RecordTraits<T>::FromJson(stored->body));
  // Id, creation, version and the deleted flag stay the store's; the
  // confidentiality is the caller's to change (re-marking a record public).
  std::string confidentiality = std::move(record.meta.confidentiality);
  record.meta = current.meta;
  record.meta.confidentiality = std::move(confidentiality);
  FV_RETURN_IF_ERROR(Prepare(record));
  FV_RETURN_IF_ERROR(Validate(record));
  FV_RETURN_IF_ERROR(CheckReferences(record));
  if (ToJson(record) == stored->body) return current;  // nothing changed
  const int64_t now = clock_->NowMicros();
  CountEdit(record.meta.edits, actor_);
  record.meta.version = VersionOf(record.meta.edits);
  record.meta.updated_at = now;
  FV_RETURN_IF_ERROR(
      rows_.KeepHistory(type, record.meta.id, *stored, now, actor_));
  const json body = ToJson(record);
  FV_RETURN_IF_ERROR(rows_.Write(
      body, std::nullopt, WrittenHere(HowEdited(stored->body, body), &*stored)));
  FV_RETURN_IF_ERROR(Index(body, false));
  FV_RETURN_IF_ERROR(
      Notify("edited", type, record.meta.id, record.meta.version));
  return record;
}

Result<int64_t> RecordStore::Delete(std::string_view type,
                                    std::string_view id) {
  FV_ASSIGN_OR_RETURN(auto stored, rows_.Load(type, id));
  if (!stored) {
    return Status::NotFound("no " + std::string(RecordNoun(type)) + " " +
                            std::string(id));
  }
  if (stored->deleted) {
    return Status::FailedPrecondition("the " + std::string(RecordNoun(type)) +
                                      " " + std::string(id) +
                                      " is already deleted")
        .WithHint("`fieldvault " + std::string(RecordCommandName(type)) +
                  " list --deleted` shows the deleted ones");
  }
  const int64_t now = clock_->NowMicros();
  FV_ASSIGN_OR_RETURN(EditCounts edits, EditsOfRecord(stored->body));
  CountEdit(edits, actor_);
  const int64_t version = VersionOf(edits);
  json body = stored->body;
  body["deleted"] = true;
  body["edits"] = EditsToJson(edits);
  body["version"] = version;
  body["updated_at"] = FormatTimestamp(now);
  FV_RETURN_IF_ERROR(rows_.KeepHistory(type, id, *stored, now, actor_));
  FV_RETURN_IF_ERROR(
      rows_.Write(body, std::nullopt, WrittenHere(kWrittenDeleted, &*stored)));
  if (search_ != nullptr) {
    FV_RETURN_IF_ERROR(search_->RemoveRecord(type, id));
  }
  FV_RETURN_IF_ERROR(Notify("deleted", type, id, version));
  return version;
}

template <typename T>
Result<T> RecordStore::Get(std::string_view id) {
  constexpr std::string_view type = RecordTraits<T>::kType;
  FV_ASSIGN_OR_RETURN(auto stored, rows_.Load(type, id));
  if (!stored) {
    return Status::NotFound("no " + std::string(RecordNoun(type)) + " " +
                            std::string(id) + " in this vault");
  }
  Result<T> record = RecordTraits<T>::FromJson(stored->body);
  if (!record.ok()) {
    return Status::Corruption("the stored " + std::string(type) + " " +
                              std::string(id) + " is damaged: " +
                              record.status().message());
  }
  return record;
}

#define FV_INSTANTIATE_RECORD_STORE(T)                              \
  template Result<T> RecordStore::Create<T>(T record);              \
  template Result<T> RecordStore::Update<T>(T record);              \
  template Result<T> RecordStore::Get<T>(std::string_view id);
FV_INSTANTIATE_RECORD_STORE(Incident)
FV_INSTANTIATE_RECORD_STORE(Person)
FV_INSTANTIATE_RECORD_STORE(Detention)
FV_INSTANTIATE_RECORD_STORE(WitnessAccount)
FV_INSTANTIATE_RECORD_STORE(Source)
#undef FV_INSTANTIATE_RECORD_STORE

}  // namespace fieldvault::core
