#include "share/audience_json.h"

#include <nlohmann/json.hpp>

#include <array>

namespace hoshitori::share {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kColumnNames = {"clear", "green", "amber",
                                                          "amber_strict", "red"};

json AudienceJson(const Audience& a) {
  return json{{"marking", TlpColumnName(a.marking)},
              {"owner", a.owner},
              {"author", a.author},
              {"group", a.group},
              {"recipient_orgs", a.recipient_orgs},
              {"named_recipients", a.named_recipients}};
}

Error Bad(const std::string& where, const std::string& what) {
  return MakeError(ErrorKind::kInvalid, "Invalid audience",
                   "共有範囲の JSON が不正です（" + where + "） / the audience JSON is invalid at " +
                       where + ": " + what);
}

Result<int64_t> IdAt(const json& value, const std::string& where) {
  if (!value.is_number_integer()) return Bad(where, "not a whole number");
  return value.get<int64_t>();
}

Result<std::vector<int64_t>> IdsAt(const json& object, const char* key, const std::string& where) {
  std::vector<int64_t> out;
  const auto found = object.find(key);
  if (found == object.end()) return out;
  if (!found->is_array()) return Bad(where + "." + key, "not an array");
  if (found->size() > kMaxAudienceIds) return Bad(where + "." + key, "too many ids");
  for (size_t i = 0; i < found->size(); ++i) {
    auto id = IdAt((*found)[i], where + "." + key + "[" + std::to_string(i) + "]");
    if (!id) return id.error();
    out.push_back(*id);
  }
  return out;
}

Result<Audience> AudienceAt(const json& value, const std::string& where) {
  if (!value.is_object()) return Bad(where, "not an object");
  Audience a;
  const auto marking = value.find("marking");
  if (marking == value.end() || !marking->is_string()) return Bad(where + ".marking", "missing");
  auto parsed = ParseTlpColumnName(marking->get_ref<const std::string&>());
  if (!parsed) return Bad(where + ".marking", parsed.error().message);
  a.marking = *parsed;
  for (const auto& [key, into] : {std::pair<const char*, int64_t*>{"owner", &a.owner},
                                  {"author", &a.author},
                                  {"group", &a.group}}) {
    if (const auto found = value.find(key); found != value.end()) {
      auto id = IdAt(*found, where + "." + key);
      if (!id) return id.error();
      *into = *id;
    }
  }
  auto orgs = IdsAt(value, "recipient_orgs", where);
  if (!orgs) return orgs.error();
  a.recipient_orgs = std::move(orgs).value();
  auto people = IdsAt(value, "named_recipients", where);
  if (!people) return people.error();
  a.named_recipients = std::move(people).value();
  return a;
}

}  // namespace

std::string_view TlpColumnName(Tlp marking) { return kColumnNames[static_cast<size_t>(marking)]; }

Result<Tlp> ParseTlpColumnName(std::string_view name) {
  for (size_t i = 0; i < kColumnNames.size(); ++i) {
    if (kColumnNames[i] == name) return static_cast<Tlp>(i);
  }
  return MakeError(ErrorKind::kInvalid, "Invalid marking",
                   "TLP の値が不正です / unknown marking \"" +
                       std::string(name.substr(0, 64)) +
                       "\" (clear, green, amber, amber_strict or red)");
}

std::string AudienceToJson(const SharedObject& object) {
  json out = AudienceJson(object.audience);
  json inherited = json::array();
  for (const Audience& a : object.inherited) inherited.push_back(AudienceJson(a));
  out["inherited"] = inherited;
  return out.dump();
}

Result<SharedObject> AudienceFromJson(std::string_view text) {
  if (text.size() > kMaxAudienceJsonBytes) return Bad("$", "too long");
  const json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) return Bad("$", "not JSON");
  SharedObject object;
  auto own = AudienceAt(value, "$");
  if (!own) return own.error();
  object.audience = std::move(own).value();
  if (const auto found = value.find("inherited"); found != value.end()) {
    if (!found->is_array()) return Bad("$.inherited", "not an array");
    if (found->size() > kMaxInheritedAudiences) return Bad("$.inherited", "too many audiences");
    for (size_t i = 0; i < found->size(); ++i) {
      auto a = AudienceAt((*found)[i], "$.inherited[" + std::to_string(i) + "]");
      if (!a) return a.error();
      object.inherited.push_back(std::move(a).value());
    }
  }
  return object;
}

}  // namespace hoshitori::share
