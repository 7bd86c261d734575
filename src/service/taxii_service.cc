#include "service/taxii_service.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <mutex>
#include <cstdio>
#include <random>
#include <set>
#include <unordered_map>
#include <variant>

#include "service/security.h"
#include "service/sharing_group_service.h"
#include "service/tlp_reader.h"
#include "share/audience_json.h"

namespace hoshitori::service {

namespace {

using nlohmann::json;

// The TLP 2.0 marking-definition objects OASIS published for STIX 2.1 (one id per marking,
// in Tlp order).
constexpr std::array<std::string_view, 5> kTlpMarkingRefs = {
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",  // TLP:CLEAR
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",  // TLP:GREEN
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",  // TLP:AMBER
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",  // TLP:AMBER+STRICT
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",  // TLP:RED
};

// 32 hex digits as a UUID with version `version` and the RFC 4122 variant.
std::string UuidFromHex(std::string hex, char version) {
  static constexpr char kHex[] = "0123456789abcdef";
  hex[12] = version;
  const int nibble = hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0';
  hex[16] = kHex[(nibble & 0x3) | 0x8];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !IsHex(text[i])) return false;
  }
  return true;
}

bool IsStixType(std::string_view type) {
  if (type.size() < 3 || type.size() > 250 || type.front() == '-' || type.back() == '-') {
    return false;
  }
  return std::all_of(type.begin(), type.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

Error NoCollection(std::string_view id) {
  return NotFound("コレクション " + std::string(id.substr(0, 64)) +
                  " は表示できません / no collection " + std::string(id.substr(0, 64)) +
                  " is visible to you");
}

Error BadFilter(const std::string& what) {
  return Invalid("Invalid filter", "絞り込みの指定が不正です / " + what);
}

// date_added: UTC with microseconds from the system clock, strictly increasing within the
// process (two objects added in one microsecond get consecutive values), so `added_after`
// never splits objects of one instant. Paging does not rely on it: rows are ordered by
// (added_at, id).
std::string AddedNow() {
  static std::mutex mutex;
  static int64_t last = 0;
  int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  {
    std::lock_guard lock(mutex);
    micros = std::max(micros, last + 1);
    last = micros;
  }
  const std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[96];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(micros % 1000000));
  return out;
}

std::string HexOf(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : text) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (!IsHex(hex[i]) || !IsHex(hex[i + 1])) return std::nullopt;
    const auto value = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    out += static_cast<char>(value(hex[i]) * 16 + value(hex[i + 1]));
  }
  return out;
}

// A `next` token: the hex of "added_at id" of the last row of a page.
std::string NextToken(const StoredShareObject& last) {
  return HexOf(last.added_at + " " + std::to_string(last.id));
}

std::optional<std::pair<std::string, int64_t>> ParseNextToken(std::string_view token) {
  if (token.size() > 128) return std::nullopt;
  const auto text = FromHex(token);
  if (!text) return std::nullopt;
  const size_t space = text->find(' ');
  if (space == std::string::npos) return std::nullopt;
  const auto added = NormaliseTimestamp(text->substr(0, space));
  const std::string id = text->substr(space + 1);
  if (!added || id.empty() || id.size() > 18 ||
      !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::make_pair(*added, std::stoll(id));
}

// A failure of one posted object, ja / en.
json Failure(const json& object, const std::string& ja, const std::string& en) {
  const auto text = [&](const char* key) {
    const auto found = object.is_object() ? object.find(key) : object.end();
    if (found == object.end() || !found->is_string()) return std::string();
    return found->get<std::string>().substr(0, 300);
  };
  std::string version = text("modified");
  if (version.empty()) version = text("created");
  return json{{"id", text("id")}, {"version", version}, {"message", ja + " / " + en}};
}

// A posted object's checked facts.
struct Checked {
  std::string id;
  std::string type;
  std::string version;  // normalised
  std::string version_as_given;
  share::Tlp marking = share::Tlp::kRed;
};

// The object's STIX common properties and its TLP marking, or the failure to report.
std::variant<Checked, json> Check(const json& object) {
  if (!object.is_object()) return Failure(object, "オブジェクトではありません", "not a JSON object");
  if (object.dump().size() > kMaxTaxiiObjectBytes) {
    return Failure(object, "オブジェクトが大きすぎます（256 KiB まで）",
                   "the object is larger than 256 KiB");
  }
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_string()) return std::nullopt;
    return found->get<std::string>();
  };
  Checked out;
  const auto type = text("type");
  if (!type || !IsStixType(*type)) {
    return Failure(object, "type が不正です", "type is missing or not a STIX type name");
  }
  out.type = *type;
  const auto id = text("id");
  if (!id || !id->starts_with(*type + "--") || !IsUuid(id->substr(type->size() + 2))) {
    return Failure(object, "id は <type>--<UUID> の形式です", "id must be <type>--<UUID>");
  }
  out.id = *id;
  if (text("spec_version") != std::optional<std::string>("2.1")) {
    return Failure(object, "spec_version は 2.1 です", "spec_version must be \"2.1\"");
  }
  const auto created = text("created");
  if (!created || !NormaliseTimestamp(*created)) {
    return Failure(object, "created が日時ではありません", "created must be a UTC timestamp");
  }
  const auto modified = text("modified");
  if (modified && !NormaliseTimestamp(*modified)) {
    return Failure(object, "modified が日時ではありません", "modified must be a UTC timestamp");
  }
  if (!modified && *type != "marking-definition") {
    return Failure(object, "modified がありません", "modified is required");
  }
  out.version_as_given = modified ? *modified : *created;
  out.version = *NormaliseTimestamp(out.version_as_given);
  std::optional<share::Tlp> marking;
  if (const auto refs = object.find("object_marking_refs"); refs != object.end()) {
    if (!refs->is_array()) {
      return Failure(object, "object_marking_refs は配列です", "object_marking_refs must be a list");
    }
    for (const json& ref : *refs) {
      if (!ref.is_string()) continue;
      const auto tlp = TlpOfMarkingRef(ref.get_ref<const std::string&>());
      if (!tlp) continue;
      if (marking && *marking != *tlp) {
        return Failure(object, "TLP の指定が複数あります", "the object carries two TLP markings");
      }
      marking = tlp;
    }
  }
  if (!marking) {
    return Failure(object,
                   "TLP 2.0 の指定がありません（object_marking_refs に TLP 2.0 の "
                   "marking-definition を入れてください）",
                   "the object has no TLP 2.0 marking: add an official TLP 2.0 marking-definition "
                   "id to object_marking_refs");
  }
  if (*marking == share::Tlp::kRed) {
    return Failure(object, "TLP:RED は TAXII では共有できません（宛先の個人を指定して画面から共有してください）",
                   "TLP:RED is not accepted over TAXII: RED goes only to named people, shared "
                   "from the application");
  }
  out.marking = *marking;
  return out;
}

std::string NewStatusId() {
  std::random_device random;
  std::string seed;
  for (int i = 0; i < 8; ++i) seed += std::to_string(random()) + ":";
  seed += std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  return UuidFromHex(Sha256Hex(seed).substr(0, 32), '4');
}

}  // namespace

std::string CollectionId(int64_t group_id) {
  return UuidFromHex(Sha256Hex("hoshitori taxii collection " + std::to_string(group_id)).substr(0, 32),
                     '5');
}

std::optional<share::Tlp> TlpOfMarkingRef(std::string_view id) {
  for (size_t i = 0; i < kTlpMarkingRefs.size(); ++i) {
    if (kTlpMarkingRefs[i] == id) return static_cast<share::Tlp>(i);
  }
  return std::nullopt;
}

std::string_view MarkingRefOf(share::Tlp marking) {
  return kTlpMarkingRefs[static_cast<size_t>(marking)];
}

Result<std::vector<TaxiiCollection>> TaxiiService::Collections() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const share::Reader reader, LoadTlpReader(context_.store.Sql(), p));
  return CollectionsOf(reader, reader.groups);
}

// The collections of `group_ids` (a subset of the reader's groups) the caller may read.
Result<std::vector<TaxiiCollection>> TaxiiService::CollectionsOf(
    const share::Reader& reader, const std::vector<int64_t>& group_ids) {
  const Principal& p = *context_.actor.principal;
  SqlSession& session = context_.store.Sql();
  TRY_ASSIGN(auto groups, SharingGroupRepository(session).ListByIds(group_ids));
  std::vector<TaxiiCollection> out;
  for (StoredSharingGroup& group : groups) {
    TRY_ASSIGN(const ResourceFacts facts,
               SharingGroupService::FactsOf(session, group, p, reader.groups));
    if (!Authorize(p, Action::kRead, facts).allowed) continue;
    ResourceFacts write(ResourceKind::kSharedObject, p.org_id);
    write.group_member = true;
    TaxiiCollection collection{std::move(group), "", true, false};
    collection.id = CollectionId(collection.group.id);
    collection.can_write =
        !context_.actor.read_only && Authorize(p, Action::kCreate, write).allowed;
    out.push_back(std::move(collection));
  }
  return out;
}

// The reader's facts are loaded once; of its groups only the one whose collection id was asked
// for is read (the id is a hash of the group id, so it is found among the reader's groups).
Result<std::pair<TaxiiCollection, share::Reader>> TaxiiService::Open(
    const std::string& collection_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(share::Reader reader, LoadTlpReader(context_.store.Sql(), p));
  for (const int64_t group_id : reader.groups) {
    if (CollectionId(group_id) != collection_id) continue;
    TRY_ASSIGN(auto collections, CollectionsOf(reader, {group_id}));
    if (collections.empty()) break;
    return std::make_pair(std::move(collections.front()), std::move(reader));
  }
  return NoCollection(collection_id);
}

Result<TaxiiCollection> TaxiiService::Collection(const std::string& collection_id) {
  TRY_ASSIGN(auto opened, Open(collection_id));
  return std::move(opened.first);
}

Result<TaxiiPage> TaxiiService::Objects(const std::string& collection_id, const TaxiiQuery& query) {
  TRY_ASSIGN(const auto opened, Open(collection_id));
  const auto& [collection, reader] = opened;
  const Principal p = *context_.actor.principal;
  ShareObjectQuery q;
  q.group_id = collection.group.id;
  q.reader = reader;
  if (query.limit < 1 || query.limit > kTaxiiMaxLimit) {
    return BadFilter("limit must be 1 to " + std::to_string(kTaxiiMaxLimit));
  }
  q.limit = query.limit;
  if (query.added_after) {
    q.added_after = NormaliseTimestamp(*query.added_after);
    if (!q.added_after) return BadFilter("added_after must be a UTC timestamp (…Z)");
  }
  if (query.next) {
    q.after_row = ParseNextToken(*query.next);
    if (!q.after_row) return BadFilter("next is not a token this server gave");
  }
  if (query.ids.size() > kMaxMatchValues || query.types.size() > kMaxMatchValues ||
      query.versions.size() > kMaxMatchValues) {
    return BadFilter("at most " + std::to_string(kMaxMatchValues) + " values per match filter");
  }
  q.ids = query.ids;
  q.types = query.types;
  q.content_only = query.content_only;
  if (!query.versions.empty()) {
    q.last = false;
    for (const std::string& version : query.versions) {
      if (version == "all") {
        q.all_versions = true;
      } else if (version == "last") {
        q.last = true;
      } else if (version == "first") {
        q.first = true;
      } else if (const auto normalised = NormaliseTimestamp(version)) {
        q.listed_versions.push_back(*normalised);
      } else {
        return BadFilter("match[version] takes last, first, all or timestamps");
      }
    }
  }
  TRY_ASSIGN(ShareObjectPage page, ShareObjectRepository(context_.store.Sql()).List(q));
  TaxiiPage out;
  out.more = page.more;
  if (!page.rows.empty()) out.next = NextToken(page.rows.back());
  // The rows of a page mostly share a few audiences (a group's GREEN objects all have the
  // same): each distinct text is read once, and a row with the previous row's text (the
  // usual case) does not even hash it.
  std::unordered_map<std::string, std::optional<share::SharedObject>> audiences;
  const std::string* previous_text = nullptr;
  const std::optional<share::SharedObject>* previous = nullptr;
  out.objects.reserve(page.rows.size());
  for (StoredShareObject& row : page.rows) {
    if (previous_text == nullptr || *previous_text != row.audience) {
      auto [known, added] = audiences.try_emplace(row.audience);
      if (added) {
        auto audience = share::AudienceFromJson(row.audience);
        if (audience) known->second = std::move(*audience);
      }
      previous_text = &known->first;
      previous = &known->second;
    }
    if (!*previous) continue;  // unreadable audience: nobody reads the object
    ResourceFacts facts(ResourceKind::kSharedObject, row.org_id);
    facts.tlp = &**previous;
    facts.reader = &reader;
    if (!Authorize(p, Action::kRead, facts).allowed) continue;
    out.objects.push_back(std::move(row));
  }
  return out;
}

Result<TaxiiStatus> TaxiiService::Add(const std::string& collection_id, const json& envelope) {
  TRY_ASSIGN(const auto opened, Open(collection_id));
  const TaxiiCollection& collection = opened.first;
  const Principal p = *context_.actor.principal;
  ResourceFacts write(ResourceKind::kSharedObject, p.org_id);
  write.group_member = true;
  TRY(Allow(context_, Action::kCreate, write));
  if (!envelope.is_object() || !envelope.contains("objects") || !envelope["objects"].is_array()) {
    return Invalid("Not an envelope", "本文は objects を持つ envelope です / the body must be an "
                                      "envelope: an object with member \"objects\" (a list)");
  }
  const json& objects = envelope["objects"];
  if (objects.size() > kMaxObjectsPerPost) {
    return Invalid("Too many objects", "1 回に送れるオブジェクトは " +
                                           std::to_string(kMaxObjectsPerPost) + " 個までです / at most " +
                                           std::to_string(kMaxObjectsPerPost) +
                                           " objects per request");
  }
  TaxiiStatus status;
  status.id = NewStatusId();
  status.request_timestamp = AddedNow();
  status.total_count = static_cast<int64_t>(objects.size());
  // No cache is built from shared objects: like notifications, the change drops none.
  context_.Touching(ChangeScope::Of(ChangeScope::kNotifications, {p.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    SqlSession& session = context_.store.Sql();
    SharingGroupRepository groups(session);
    TRY_ASSIGN(const auto group, groups.Get(collection.group.id, true));
    if (!group || group->closed_at) return NoCollection(collection_id);
    std::vector<int64_t> members;
    {
      std::vector<StoredGroupMember> rows;
      if (group->kind == "supply_chain") {
        TRY_ASSIGN(rows, groups.ChainMembers(*group));
      } else {
        TRY_ASSIGN(rows, groups.Members(group->id));
      }
      for (const StoredGroupMember& m : rows) members.push_back(m.org_id);
    }
    ShareObjectRepository repository(session);
    for (const json& object : objects) {
      auto checked = Check(object);
      if (auto* failure = std::get_if<json>(&checked)) {
        status.failures.push_back(std::move(*failure));
        continue;
      }
      const Checked& c = std::get<Checked>(checked);
      TRY_ASSIGN(const bool stored, repository.Exists(group->id, c.id, c.version));
      if (stored) {
        status.failures.push_back(Failure(object, "この版はすでに登録されています",
                                          "this version of the object is stored already"));
        continue;
      }
      share::SharedObject shared;
      shared.audience.marking = c.marking;
      shared.audience.owner = p.org_id;
      shared.audience.author = p.user_id;
      shared.audience.group = group->id;
      StoredShareObject row;
      if (c.marking == share::Tlp::kAmber || c.marking == share::Tlp::kAmberStrict) {
        shared.audience.recipient_orgs = members;
        row.recipient_orgs = members;
      }
      row.org_id = p.org_id;
      row.group_id = group->id;
      row.author_user_id = p.user_id;
      row.stix_id = c.id;
      row.stix_type = c.type;
      row.version = c.version;
      row.added_at = AddedNow();
      row.tlp = std::string(share::TlpColumnName(c.marking));
      row.audience = share::AudienceToJson(shared);
      row.object = object.dump();
      TRY_ASSIGN(row.id, repository.Insert(row));
      status.successes.push_back(json{{"id", c.id}, {"version", c.version_as_given}});
    }
    TRY(repository.InsertStatus(StoredTaxiiStatus{
        status.id, group->id, p.org_id, p.user_id, status.request_timestamp, status.total_count,
        static_cast<int64_t>(status.successes.size()),
        static_cast<int64_t>(status.failures.size()), status.successes.dump(),
        status.failures.dump()}));
    return Record(context_, "taxii.add_objects",
                  "sharing_group/" + std::to_string(group->id) + "/taxii/status/" + status.id,
                  std::to_string(status.successes.size()) + " stored, " +
                      std::to_string(status.failures.size()) + " refused");
  }));
  return status;
}

Result<TaxiiStatus> TaxiiService::ReadStatus(const std::string& status_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  if (!IsUuid(status_id)) return NotFound("no such status / その状態はありません");
  TRY_ASSIGN(const auto stored,
             ShareObjectRepository(context_.store.Sql()).GetStatus(status_id, p.org_id));
  if (!stored) return NotFound("no such status / その状態はありません");
  TaxiiStatus out;
  out.id = stored->id;
  out.request_timestamp = stored->request_timestamp;
  out.total_count = stored->total_count;
  out.successes = json::parse(stored->successes, nullptr, false);
  out.failures = json::parse(stored->failures, nullptr, false);
  if (!out.successes.is_array()) out.successes = json::array();
  if (!out.failures.is_array()) out.failures = json::array();
  return out;
}

}  // namespace hoshitori::service
