#include "core/records/record_search.h"

#include <string>
#include <string_view>

#include "core/records/model.h"

namespace fieldvault::core {

using nlohmann::json;

namespace {

std::string Text(const json& body, std::string_view key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

// Appends the non-empty texts at `keys`, one per line.
void AppendTexts(const json& body, std::initializer_list<std::string_view> keys,
                 std::string* out) {
  for (std::string_view key : keys) {
    std::string text = Text(body, key);
    if (text.empty()) continue;
    if (!out->empty()) out->push_back('\n');
    out->append(text);
  }
}

void AddPlaces(const json& body, std::initializer_list<std::string_view> keys,
               SearchDocument* document) {
  for (std::string_view key : keys) {
    std::string text = Text(body, key);
    if (!text.empty()) document->places.push_back(std::move(text));
  }
}

void AddList(const json& body, std::string_view key, std::string* out) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_array()) return;
  for (const json& element : *it) {
    if (!element.is_string()) continue;
    if (!out->empty()) out->push_back('\n');
    out->append(element.get<std::string>());
  }
}

}  // namespace

SearchDocument SearchDocumentFor(const json& body) {
  SearchDocument document;
  document.record_type = Text(body, "type");
  document.record_id = Text(body, "id");
  const std::string& type = document.record_type;
  if (type == kIncidentType) {
    document.title = Text(body, "title");
    document.label = document.title;
    AddPlaces(body, {"place", "admin_area"}, &document);
    AppendTexts(body, {"description"}, &document.body);
  } else if (type == kPersonType) {
    auto names = body.find("names");
    if (names != body.end() && names->is_array()) {
      for (const json& name : *names) {
        if (name.is_object()) document.names.push_back(Text(name, "full_name"));
      }
    }
    if (!document.names.empty()) document.label = document.names.front();
    AddList(body, "affiliations", &document.body);
    AppendTexts(body, {"notes"}, &document.body);
  } else if (type == kDetentionType) {
    document.title = Text(body, "case_number");
    document.label = "detention " + document.record_id.substr(0, 8);
    AddPlaces(body, {"place_of_arrest", "place_of_detention"}, &document);
    AppendTexts(body, {"authority", "court", "sentence"}, &document.body);
  } else if (type == kWitnessAccountType) {
    std::string pseudonym = Text(body, "witness_pseudonym");
    if (!pseudonym.empty()) document.names.push_back(pseudonym);
    document.label = pseudonym.empty()
                         ? "witness account " + document.record_id.substr(0, 8)
                         : "account of " + pseudonym;
    AppendTexts(body, {"statement", "translation"}, &document.body);
  } else if (type == kSourceType) {
    document.title = Text(body, "title");
    document.label = document.title;
    AddList(body, "links", &document.body);
    AppendTexts(body, {"notes"}, &document.body);
  }
  return document;
}

}  // namespace fieldvault::core
