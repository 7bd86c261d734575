#include "share/deadlines.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/json_limits.h"
#include "core/utf8.h"

namespace hoshitori::share {
namespace {

using nlohmann::json;
using std::chrono::sys_seconds;

constexpr std::string_view kRegimeFormat = "hoshitori-incident-regime";
constexpr std::string_view kContactsFormat = "hoshitori-incident-contacts";

// The facts a condition may name, each read from IncidentFacts.
bool FactValue(const IncidentFacts& facts, std::string_view name) {
  if (name == "personal_data") return facts.personal_data;
  if (name == "sensitive_data") return facts.sensitive_data;
  if (name == "financial_damage_risk") return facts.financial_damage_risk;
  if (name == "unauthorised_access") return facts.unauthorised_access;
  if (name == "ransomware") return facts.ransomware;
  if (name == "buyer_requires_notice") return !facts.buyers_requiring_notice.empty();
  if (name == "eu_establishment") return facts.eu_establishment;
  if (name == "eu_customers") return facts.eu_customers;
  if (name == "nis2_entity") return facts.nis2_entity;
  if (name == "eu_customer_requires_nis2") return facts.eu_customer_requires_nis2;
  return false;
}

const std::vector<std::string_view>& FactNames() {
  static const std::vector<std::string_view> names = {
      "personal_data", "sensitive_data",           "financial_damage_risk", "unauthorised_access",
      "ransomware",    "buyer_requires_notice",    "eu_establishment",      "eu_customers",
      "nis2_entity",   "eu_customer_requires_nis2"};
  return names;
}

std::string_view PeopleBandName(PeopleBand band) {
  switch (band) {
    case PeopleBand::kUpTo1000:
      return "up_to_1000";
    case PeopleBand::kOver1000:
      return "over_1000";
    case PeopleBand::kUnknown:
      break;
  }
  return "unknown";
}

std::string Joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// Reads one file's JSON into values, stopping at the first problem, which it keeps with the
// file name and the JSON path.
class FileReader {
 public:
  explicit FileReader(std::string file) : file_(std::move(file)) {}

  const std::optional<Error>& problem() const { return problem_; }

  bool Fail(const std::string& path, const std::string& ja, const std::string& en) {
    if (!problem_) {
      const std::string where = file_ + ": " + (path.empty() ? "/" : path) + ": ";
      problem_ = MakeError(ErrorKind::kInvalid,
                           "Invalid incident regime file / 通知制度のファイルが不正です",
                           where + ja + " / " + en);
    }
    return false;
  }

  // Only the named keys may appear in `object` (a misspelt key is an error, not ignored).
  bool OnlyKeys(const json& object, const std::string& path,
                std::initializer_list<std::string_view> keys) {
    for (const auto& [key, unused] : object.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        return Fail(path + "/" + key, "知らない項目です", "unknown field");
      }
    }
    return true;
  }

  const json* Member(const json& object, const std::string& path, std::string_view key,
                     bool required) {
    const auto found = object.find(std::string(key));
    if (found == object.end()) {
      if (required)
        Fail(path + "/" + std::string(key), "必須の項目がありません", "required field missing");
      return nullptr;
    }
    return &*found;
  }

  bool Text(const json& value, const std::string& path, std::string& out, bool allow_empty) {
    if (!value.is_string()) return Fail(path, "文字列が必要です", "must be a string");
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > kMaxRegimeTextBytes) {
      return Fail(path, std::to_string(kMaxRegimeTextBytes) + " バイトを超えています",
                  "longer than " + std::to_string(kMaxRegimeTextBytes) + " bytes");
    }
    if (!IsValidUtf8(text)) return Fail(path, "UTF-8 ではありません", "not UTF-8");
    if (!allow_empty && text.empty()) return Fail(path, "空です", "empty");
    out = text;
    return true;
  }

  bool TextField(const json& object, const std::string& path, std::string_view key,
                 std::string& out, bool required = true, bool allow_empty = false) {
    const json* value = Member(object, path, key, required);
    if (!value) return !required;
    return Text(*value, path + "/" + std::string(key), out, allow_empty);
  }

  bool Id(const json& object, const std::string& path, std::string_view key, std::string& out) {
    if (!TextField(object, path, key, out)) return false;
    const bool fine =
        out.size() <= kMaxRegimeIdBytes && std::all_of(out.begin(), out.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
    if (!fine) {
      return Fail(
          path + "/" + std::string(key),
          "id は英小文字・数字・- と _ の " + std::to_string(kMaxRegimeIdBytes) + " バイト以内です",
          "an id is at most " + std::to_string(kMaxRegimeIdBytes) + " bytes of a-z, 0-9, - and _");
    }
    return true;
  }

  bool Local(const json& object, const std::string& path, std::string_view key, LocalText& out,
             bool required = true) {
    const json* value = Member(object, path, key, required);
    if (!value) return !required;
    const std::string here = path + "/" + std::string(key);
    if (!value->is_object()) {
      return Fail(here, "{\"ja\": ..., \"en\": ...} が必要です",
                  "must be {\"ja\": ..., \"en\": ...}");
    }
    return OnlyKeys(*value, here, {"ja", "en"}) && TextField(*value, here, "ja", out.ja) &&
           TextField(*value, here, "en", out.en);
  }

  bool Array(const json& value, const std::string& path, size_t max, bool allow_empty) {
    if (!value.is_array()) return Fail(path, "配列が必要です", "must be an array");
    if (value.size() > max) {
      return Fail(path, std::to_string(max) + " 個を超えています",
                  "more than " + std::to_string(max) + " entries");
    }
    if (!allow_empty && value.empty()) return Fail(path, "空です", "empty");
    return true;
  }

  bool Integer(const json& value, const std::string& path, int min, int max, int& out) {
    if (!value.is_number_integer() || value.get<int64_t>() < min || value.get<int64_t>() > max) {
      return Fail(path, std::to_string(min) + "〜" + std::to_string(max) + " の整数が必要です",
                  "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = static_cast<int>(value.get<int64_t>());
    return true;
  }

  bool Header(const json& document, std::string_view format) {
    if (!document.is_object())
      return Fail("", "JSON オブジェクトが必要です", "must be a JSON object");
    std::string found;
    if (!TextField(document, "", "format", found)) return false;
    if (found != format) {
      return Fail("/format", "\"" + std::string(format) + "\" が必要です",
                  "must be \"" + std::string(format) + "\"");
    }
    const json* version = Member(document, "", "version", true);
    int number = 0;
    return version && Integer(*version, "/version", 1, 1, number);
  }

  bool ReadCondition(const json& value, const std::string& path, int depth, Condition& out) {
    if (depth > kMaxConditionDepth) {
      return Fail(path,
                  "条件の入れ子が " + std::to_string(kMaxConditionDepth) + " 段を超えています",
                  "conditions nested deeper than " + std::to_string(kMaxConditionDepth));
    }
    if (!value.is_object() || value.size() != 1) {
      return Fail(
          path,
          "条件は fact, people, sector_listed, all, any, not のどれか1つを持つオブジェクトです",
          "a condition is an object with exactly one of fact, people, sector_listed, "
          "all, any, not");
    }
    const auto first = value.begin();
    const std::string& key = first.key();
    const json& inner = first.value();
    const std::string here = path + "/" + key;
    if (key == "fact") {
      out.kind = Condition::Kind::kFact;
      if (!Text(inner, here, out.fact, false)) return false;
      const auto& names = FactNames();
      if (std::find(names.begin(), names.end(), out.fact) == names.end()) {
        return Fail(here, "知らない事実の名前です(使える名前: " + Joined(names) + ")",
                    "unknown fact (known: " + Joined(names) + ")");
      }
      return true;
    }
    if (key == "people") {
      out.kind = Condition::Kind::kPeople;
      if (!Array(inner, here, 3, false)) return false;
      for (size_t i = 0; i < inner.size(); ++i) {
        std::string band;
        if (!Text(inner[i], here + "/" + std::to_string(i), band, false)) return false;
        if (band != "up_to_1000" && band != "over_1000" && band != "unknown") {
          return Fail(here + "/" + std::to_string(i), "up_to_1000, over_1000, unknown のどれかです",
                      "must be one of up_to_1000, over_1000, unknown");
        }
        out.people.push_back(band);
      }
      return true;
    }
    if (key == "sector_listed") {
      out.kind = Condition::Kind::kSectorListed;
      if (inner != json(true)) return Fail(here, "true だけが書けます", "must be true");
      return true;
    }
    if (key == "all" || key == "any") {
      out.kind = key == "all" ? Condition::Kind::kAll : Condition::Kind::kAny;
      if (!Array(inner, here, kMaxConditionTerms, false)) return false;
      out.terms.resize(inner.size());
      for (size_t i = 0; i < inner.size(); ++i) {
        if (!ReadCondition(inner[i], here + "/" + std::to_string(i), depth + 1, out.terms[i])) {
          return false;
        }
      }
      return true;
    }
    if (key == "not") {
      out.kind = Condition::Kind::kNot;
      out.terms.resize(1);
      return ReadCondition(inner, here, depth + 1, out.terms[0]);
    }
    return Fail(here, "知らない条件です", "unknown condition");
  }

  bool ReadClock(const json& value, const std::string& path, Clock& out) {
    if (!value.is_object() || value.size() != 1) {
      return Fail(path, "期限は hours, days, months, contract_hours, without_delay のどれか1つです",
                  "a clock is exactly one of hours, days, months, contract_hours, without_delay");
    }
    const auto first = value.begin();
    const std::string& key = first.key();
    const json& inner = first.value();
    const std::string here = path + "/" + key;
    if (key == "hours") {
      out.kind = Clock::Kind::kHours;
      return Integer(inner, here, 1, kMaxClockHours, out.amount);
    }
    if (key == "days") {
      out.kind = Clock::Kind::kDays;
      return Integer(inner, here, 1, kMaxClockDays, out.amount);
    }
    if (key == "months") {
      out.kind = Clock::Kind::kMonths;
      return Integer(inner, here, 1, kMaxClockMonths, out.amount);
    }
    if (key == "contract_hours") {
      out.kind = Clock::Kind::kContractHours;
      if (!inner.is_object()) return Fail(here, "オブジェクトが必要です", "must be an object");
      if (!OnlyKeys(inner, here, {"default_hours"})) return false;
      const json* hours = Member(inner, here, "default_hours", true);
      return hours && Integer(*hours, here + "/default_hours", 1, kMaxContractHours, out.amount);
    }
    if (key == "without_delay") {
      out.kind = Clock::Kind::kWithoutDelay;
      if (inner != json(true)) return Fail(here, "true だけが書けます", "must be true");
      return true;
    }
    return Fail(here, "知らない期限の種類です", "unknown clock");
  }

  bool ReadSources(const json& document, std::vector<RegimeSource>& out) {
    const json* sources = Member(document, "", "sources", true);
    if (!sources || !Array(*sources, "/sources", kMaxRegimeSources, false)) return false;
    for (size_t i = 0; i < sources->size(); ++i) {
      const std::string path = "/sources/" + std::to_string(i);
      const json& item = (*sources)[i];
      if (!item.is_object()) return Fail(path, "オブジェクトが必要です", "must be an object");
      RegimeSource source;
      if (!OnlyKeys(item, path, {"title", "article", "url", "consulted"}) ||
          !Local(item, path, "title", source.title) ||
          !TextField(item, path, "article", source.article) ||
          !TextField(item, path, "url", source.url, true, true) ||
          !TextField(item, path, "consulted", source.consulted)) {
        return false;
      }
      if (!source.url.empty() && source.url.rfind("https://", 0) != 0) {
        return Fail(path + "/url", "https:// で始まる URL が必要です", "must be an https:// URL");
      }
      if (source.consulted.size() != 10 || source.consulted[4] != '-' ||
          source.consulted[7] != '-') {
        return Fail(path + "/consulted", "YYYY-MM-DD の日付が必要です",
                    "must be a YYYY-MM-DD date");
      }
      out.push_back(std::move(source));
    }
    return true;
  }

 private:
  std::string file_;
  std::optional<Error> problem_;
};

Result<json> ParseJson(const RegimeFile& file) {
  auto fail = [&](const std::string& ja, const std::string& en) {
    return MakeError(ErrorKind::kInvalid,
                     "Invalid incident regime file / 通知制度のファイルが不正です",
                     file.name + ": " + ja + " / " + en);
  };
  if (file.text.size() > kMaxRegimeFileBytes) {
    return fail(std::to_string(kMaxRegimeFileBytes) + " バイトを超えています",
                "larger than " + std::to_string(kMaxRegimeFileBytes) + " bytes");
  }
  if (!CheckJsonDepth(file.text)) {
    return fail("JSON の入れ子が深すぎます",
                "the JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  json document = json::parse(file.text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return fail("JSON として読めません", "not valid JSON");
  return document;
}

bool ReadContacts(const json& document, FileReader& reader, std::map<std::string, Contact>& out) {
  if (!reader.Header(document, kContactsFormat) ||
      !reader.OnlyKeys(document, "", {"format", "version", "contacts"})) {
    return false;
  }
  const json* contacts = reader.Member(document, "", "contacts", true);
  if (!contacts || !reader.Array(*contacts, "/contacts", kMaxRegimeContacts, false)) return false;
  for (size_t i = 0; i < contacts->size(); ++i) {
    const std::string path = "/contacts/" + std::to_string(i);
    const json& item = (*contacts)[i];
    if (!item.is_object()) return reader.Fail(path, "オブジェクトが必要です", "must be an object");
    Contact contact;
    if (!reader.OnlyKeys(item, path, {"id", "name", "purpose", "url"}) ||
        !reader.Id(item, path, "id", contact.id) ||
        !reader.Local(item, path, "name", contact.name) ||
        !reader.Local(item, path, "purpose", contact.purpose) ||
        !reader.TextField(item, path, "url", contact.url)) {
      return false;
    }
    if (contact.url.rfind("https://", 0) != 0) {
      return reader.Fail(path + "/url", "https:// で始まる URL が必要です",
                         "must be an https:// URL");
    }
    if (contact.id == "ministry" || contact.id == "buyer") {
      return reader.Fail(path + "/id", "ministry と buyer は予約された id です",
                         "ministry and buyer are reserved ids");
    }
    if (out.count(contact.id)) {
      return reader.Fail(path + "/id", "id が重複しています", "duplicate id");
    }
    out.emplace(contact.id, std::move(contact));
  }
  return true;
}

bool ReadSectors(const json& document, FileReader& reader, std::vector<Sector>& out) {
  const json* sectors = reader.Member(document, "", "sectors", false);
  if (!sectors) return true;
  if (!reader.Array(*sectors, "/sectors", kMaxRegimeSectors, false)) return false;
  std::set<std::string> seen;
  for (size_t i = 0; i < sectors->size(); ++i) {
    const std::string path = "/sectors/" + std::to_string(i);
    const json& item = (*sectors)[i];
    if (!item.is_object()) return reader.Fail(path, "オブジェクトが必要です", "must be an object");
    Sector sector;
    if (!reader.OnlyKeys(item, path, {"id", "name", "ministry", "url"}) ||
        !reader.Id(item, path, "id", sector.id) || !reader.Local(item, path, "name", sector.name) ||
        !reader.Local(item, path, "ministry", sector.ministry) ||
        !reader.TextField(item, path, "url", sector.url, false, true)) {
      return false;
    }
    if (!seen.insert(sector.id).second) {
      return reader.Fail(path + "/id", "id が重複しています", "duplicate id");
    }
    out.push_back(std::move(sector));
  }
  return true;
}

bool ReadSteps(const json& document, FileReader& reader,
               const std::map<std::string, Contact>& contacts, Regime& regime) {
  const json* steps = reader.Member(document, "", "steps", true);
  if (!steps || !reader.Array(*steps, "/steps", kMaxRegimeSteps, false)) return false;
  std::set<std::string> seen;
  for (size_t i = 0; i < steps->size(); ++i) {
    const std::string path = "/steps/" + std::to_string(i);
    const json& item = (*steps)[i];
    if (!item.is_object()) return reader.Fail(path, "オブジェクトが必要です", "must be an object");
    RegimeStep step;
    if (!reader.OnlyKeys(item, path,
                         {"id", "name", "when", "clock", "text", "contacts", "for_each_buyer"}) ||
        !reader.Id(item, path, "id", step.id) || !reader.Local(item, path, "name", step.name) ||
        !reader.Local(item, path, "text", step.text)) {
      return false;
    }
    if (!seen.insert(step.id).second) {
      return reader.Fail(path + "/id", "id が重複しています", "duplicate id");
    }
    if (const json* when = reader.Member(item, path, "when", false)) {
      step.when.emplace();
      if (!reader.ReadCondition(*when, path + "/when", 1, *step.when)) return false;
    }
    const json* clock = reader.Member(item, path, "clock", true);
    if (!clock || !reader.ReadClock(*clock, path + "/clock", step.clock)) return false;
    if (const json* each = reader.Member(item, path, "for_each_buyer", false)) {
      if (!each->is_boolean()) {
        return reader.Fail(path + "/for_each_buyer", "true か false です", "must be true or false");
      }
      step.for_each_buyer = each->get<bool>();
    }
    if ((step.clock.kind == Clock::Kind::kContractHours) != step.for_each_buyer) {
      return reader.Fail(path + "/clock",
                         "contract_hours の期限は for_each_buyer の段階だけに使えます(その逆も)",
                         "a contract_hours clock goes with for_each_buyer, and only with it");
    }
    const json* names = reader.Member(item, path, "contacts", true);
    if (!names || !reader.Array(*names, path + "/contacts", kMaxStepContacts, false)) return false;
    for (size_t c = 0; c < names->size(); ++c) {
      const std::string here = path + "/contacts/" + std::to_string(c);
      std::string id;
      if (!reader.Text((*names)[c], here, id, false)) return false;
      if (id == "ministry") {
        if (regime.sectors.empty()) {
          return reader.Fail(here, "ministry を使うには sectors が必要です",
                             "ministry needs the regime's sectors");
        }
        step.contacts.push_back(Contact{id, {}, {}, {}});
      } else if (id == "buyer") {
        if (!step.for_each_buyer) {
          return reader.Fail(here, "buyer は for_each_buyer の段階だけに使えます",
                             "buyer is only for a for_each_buyer step");
        }
        step.contacts.push_back(Contact{id, {}, {}, {}});
      } else {
        const auto found = contacts.find(id);
        if (found == contacts.end()) {
          return reader.Fail(here, "contacts.json にない連絡先です",
                             "not a contact in contacts.json");
        }
        step.contacts.push_back(found->second);
      }
    }
    regime.steps.push_back(std::move(step));
  }
  return true;
}

bool UsesSectorListed(const Condition& condition) {
  if (condition.kind == Condition::Kind::kSectorListed) return true;
  return std::any_of(condition.terms.begin(), condition.terms.end(), UsesSectorListed);
}

bool ReadRegime(const json& document, const std::string& file, FileReader& reader,
                const std::map<std::string, Contact>& contacts, Regime& regime) {
  regime.file = file;
  if (!reader.Header(document, kRegimeFormat) ||
      !reader.OnlyKeys(document, "",
                       {"format", "version", "id", "obligation", "name", "summary", "applies_when",
                        "steps", "sectors", "sources", "note"}) ||
      !reader.Id(document, "", "id", regime.id) ||
      !reader.Local(document, "", "name", regime.name) ||
      !reader.Local(document, "", "summary", regime.summary) ||
      !reader.Local(document, "", "note", regime.note)) {
    return false;
  }
  std::string obligation;
  if (!reader.TextField(document, "", "obligation", obligation)) return false;
  bool known = false;
  for (Obligation o :
       {Obligation::kLegal, Obligation::kContract, Obligation::kPolicy, Obligation::kRecommended}) {
    if (ObligationName(o) == obligation) {
      regime.obligation = o;
      known = true;
    }
  }
  if (!known) {
    return reader.Fail("/obligation", "legal, contract, policy, recommended のどれかです",
                       "must be one of legal, contract, policy, recommended");
  }
  const json* applies = reader.Member(document, "", "applies_when", true);
  if (!applies || !reader.ReadCondition(*applies, "/applies_when", 1, regime.applies_when) ||
      !ReadSectors(document, reader, regime.sectors) ||
      !ReadSteps(document, reader, contacts, regime) ||
      !reader.ReadSources(document, regime.sources)) {
    return false;
  }
  if (UsesSectorListed(regime.applies_when) && regime.sectors.empty()) {
    return reader.Fail("/applies_when", "sector_listed を使うには sectors が必要です",
                       "sector_listed needs the regime's sectors");
  }
  return true;
}

// The Japan-calendar date of an instant, and the instant a Japan-calendar day starts.
std::chrono::sys_days JapanDay(sys_seconds instant) {
  return std::chrono::floor<std::chrono::days>(instant + kJapanOffset);
}
sys_seconds JapanDayStart(std::chrono::sys_days day) { return sys_seconds(day) - kJapanOffset; }

// `months` calendar months after `instant` on the Japan calendar, the time of day kept, the
// day clamped to the target month's last day (Jan 31 + 1 month = Feb 28 or 29).
sys_seconds AddMonthsJapan(sys_seconds instant, int months) {
  const std::chrono::sys_days day = JapanDay(instant);
  const auto time_of_day = (instant + kJapanOffset) - sys_seconds(day);
  std::chrono::year_month_day date(day);
  const std::chrono::year_month target =
      std::chrono::year_month(date.year(), date.month()) + std::chrono::months(months);
  const std::chrono::day last =
      std::chrono::year_month_day_last(target.year(), std::chrono::month_day_last(target.month()))
          .day();
  const std::chrono::year_month_day moved(target.year(), target.month(),
                                          std::min(date.day(), last));
  return sys_seconds(std::chrono::sys_days(moved)) + time_of_day - kJapanOffset;
}

std::optional<sys_seconds> DueAt(const Clock& clock, sys_seconds detected_at,
                                 std::optional<int> contract_hours) {
  switch (clock.kind) {
    case Clock::Kind::kHours:
      return detected_at + std::chrono::hours(clock.amount);
    case Clock::Kind::kDays:
      // Day one is the day it became known; the clock ends when day `amount` ends.
      return JapanDayStart(JapanDay(detected_at) + std::chrono::days(clock.amount));
    case Clock::Kind::kMonths:
      return AddMonthsJapan(detected_at, clock.amount);
    case Clock::Kind::kContractHours:
      return detected_at + std::chrono::hours(contract_hours.value_or(clock.amount));
    case Clock::Kind::kWithoutDelay:
      break;
  }
  return std::nullopt;
}

bool Holds(const Condition& condition, const IncidentFacts& facts, const Regime& regime) {
  switch (condition.kind) {
    case Condition::Kind::kFact:
      return FactValue(facts, condition.fact);
    case Condition::Kind::kPeople: {
      const std::string_view band = PeopleBandName(facts.people);
      return std::find(condition.people.begin(), condition.people.end(), band) !=
             condition.people.end();
    }
    case Condition::Kind::kSectorListed:
      return std::any_of(regime.sectors.begin(), regime.sectors.end(),
                         [&](const Sector& sector) { return sector.id == facts.sector; });
    case Condition::Kind::kAll:
      return std::all_of(condition.terms.begin(), condition.terms.end(),
                         [&](const Condition& term) { return Holds(term, facts, regime); });
    case Condition::Kind::kAny:
      return std::any_of(condition.terms.begin(), condition.terms.end(),
                         [&](const Condition& term) { return Holds(term, facts, regime); });
    case Condition::Kind::kNot:
      return !condition.terms.empty() && !Holds(condition.terms[0], facts, regime);
  }
  return false;
}

Duty MakeDuty(const Regime& regime, const RegimeStep& step, const IncidentFacts& facts) {
  Duty duty;
  duty.key = regime.id + "/" + step.id;
  duty.regime_id = regime.id;
  duty.step_id = step.id;
  duty.obligation = regime.obligation;
  duty.regime_name = regime.name;
  duty.step_name = step.name;
  duty.text = step.text;
  duty.sources = regime.sources;
  duty.note = regime.note;
  for (const Contact& contact : step.contacts) {
    if (contact.id == "ministry") {
      for (const Sector& sector : regime.sectors) {
        if (sector.id != facts.sector) continue;
        duty.contacts.push_back(Contact{"ministry", sector.ministry,
                                        LocalText{sector.name.ja + "分野の所管省庁",
                                                  "the ministry in charge of " + sector.name.en},
                                        sector.url});
      }
    } else if (contact.id != "buyer") {
      duty.contacts.push_back(contact);
    }
  }
  return duty;
}

int RankOf(const Duty& duty) { return duty.due_at ? 1 : 0; }

}  // namespace

std::string_view ObligationName(Obligation obligation) {
  switch (obligation) {
    case Obligation::kLegal:
      return "legal";
    case Obligation::kContract:
      return "contract";
    case Obligation::kPolicy:
      return "policy";
    case Obligation::kRecommended:
      return "recommended";
  }
  return "legal";
}

std::string_view DutyStatusName(DutyStatus status) {
  switch (status) {
    case DutyStatus::kOpen:
      return "open";
    case DutyStatus::kDueSoon:
      return "due_soon";
    case DutyStatus::kOverdue:
      return "overdue";
    case DutyStatus::kWithoutDelay:
      return "now";
  }
  return "open";
}

Result<std::vector<Regime>> ParseRegimeFiles(const std::vector<RegimeFile>& files) {
  if (files.size() > kMaxRegimeFiles) {
    return MakeError(
        ErrorKind::kInvalid, "Invalid incident regime file / 通知制度のファイルが不正です",
        "ファイルが " + std::to_string(kMaxRegimeFiles) + " 個を超えています / more than " +
            std::to_string(kMaxRegimeFiles) + " files");
  }
  std::vector<json> documents;
  documents.reserve(files.size());
  for (const RegimeFile& file : files) {
    auto parsed = ParseJson(file);
    if (!parsed) return parsed.error();
    documents.push_back(std::move(parsed).value());
  }
  // The contacts first: regimes refer to them.
  std::map<std::string, Contact> contacts;
  std::optional<size_t> contacts_file;
  for (size_t i = 0; i < files.size(); ++i) {
    const json& document = documents[i];
    const auto format = document.is_object() ? document.find("format") : document.end();
    if (format == document.end() || *format != kContactsFormat) continue;
    FileReader reader(files[i].name);
    if (contacts_file) {
      reader.Fail(
          "/format", "連絡先のファイルは1つだけです(もう1つ: " + files[*contacts_file].name + ")",
          "only one contacts file is allowed (the other: " + files[*contacts_file].name + ")");
      return *reader.problem();
    }
    contacts_file = i;
    if (!ReadContacts(document, reader, contacts)) return *reader.problem();
  }
  if (!contacts_file) {
    return MakeError(
        ErrorKind::kInvalid, "Invalid incident regime file / 通知制度のファイルが不正です",
        "連絡先のファイル(format: " + std::string(kContactsFormat) +
            ")がありません / no contacts file (format: " + std::string(kContactsFormat) + ")");
  }
  std::vector<Regime> regimes;
  std::map<std::string, std::string> seen;  // id -> file
  for (size_t i = 0; i < files.size(); ++i) {
    if (i == *contacts_file) continue;
    FileReader reader(files[i].name);
    Regime regime;
    if (!ReadRegime(documents[i], files[i].name, reader, contacts, regime)) {
      return *reader.problem();
    }
    if (const auto found = seen.find(regime.id); found != seen.end()) {
      reader.Fail("/id", "id が " + found->second + " と重複しています",
                  "the id is also used by " + found->second);
      return *reader.problem();
    }
    seen.emplace(regime.id, files[i].name);
    regimes.push_back(std::move(regime));
  }
  std::sort(regimes.begin(), regimes.end(),
            [](const Regime& a, const Regime& b) { return a.id < b.id; });
  return regimes;
}

Result<std::vector<Regime>> LoadRegimeDirectory(const std::string& directory) {
  std::error_code error;
  std::vector<std::filesystem::path> paths;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().extension() == ".json" && it->is_regular_file(error))
      paths.push_back(it->path());
    if (paths.size() > kMaxRegimeFiles) break;
  }
  if (error) {
    return MakeError(
        ErrorKind::kNotFound, "Incident regimes not found / 通知制度のデータがありません",
        "通知制度のディレクトリを読めません: " + directory +
            " / cannot read the regime directory " + directory + ": " + error.message());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<RegimeFile> files;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    // One byte more than allowed is enough for ParseRegimeFiles to refuse the file.
    std::string text(kMaxRegimeFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) {
      return MakeError(ErrorKind::kNotFound,
                       "Incident regimes not found / 通知制度のデータがありません",
                       "読めません: " + path.string() + " / cannot read " + path.string());
    }
    text.resize(static_cast<size_t>(in.gcount()));
    files.push_back(RegimeFile{path.filename().string(), std::move(text)});
  }
  return ParseRegimeFiles(files);
}

std::string FindRegimeDirectory(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("HOSHITORI_INCIDENT_REGIMES"); env && *env) return env;
  std::error_code error;
  if (std::filesystem::is_directory("data/incident-regimes", error)) return "data/incident-regimes";
  return HOSHITORI_DEFAULT_INCIDENT_REGIMES;
}

DutyStatus StatusAt(const std::optional<sys_seconds>& due_at, sys_seconds now) {
  if (!due_at) return DutyStatus::kWithoutDelay;
  if (now >= *due_at) return DutyStatus::kOverdue;
  if (*due_at - now <= kDueSoonWindow) return DutyStatus::kDueSoon;
  return DutyStatus::kOpen;
}

std::vector<Duty> ComputeDuties(const IncidentFacts& facts, const std::vector<Regime>& regimes) {
  std::vector<Duty> duties;
  // The order each duty was made in breaks ties between equal deadlines: regime id (the
  // regimes are sorted), step order, buyer order.
  for (const Regime& regime : regimes) {
    if (!Holds(regime.applies_when, facts, regime)) continue;
    for (const RegimeStep& step : regime.steps) {
      if (step.when && !Holds(*step.when, facts, regime)) continue;
      if (!step.for_each_buyer) {
        Duty duty = MakeDuty(regime, step, facts);
        duty.due_at = DueAt(step.clock, facts.detected_at, std::nullopt);
        duties.push_back(std::move(duty));
        continue;
      }
      const size_t buyers =
          std::min(facts.buyers_requiring_notice.size(), kMaxBuyersRequiringNotice);
      for (size_t i = 0; i < buyers; ++i) {
        const BuyerNotice& buyer = facts.buyers_requiring_notice[i];
        Duty duty = MakeDuty(regime, step, facts);
        duty.key += "/buyer:" + (buyer.org_id > 0 ? std::to_string(buyer.org_id) : buyer.name);
        std::optional<int> hours = buyer.hours;
        if (hours && (*hours < 1 || *hours > kMaxContractHours)) hours.reset();
        duty.due_at = DueAt(step.clock, facts.detected_at, hours);
        const std::string hours_ja = hours ? std::to_string(*hours) + " 時間(契約)"
                                           : std::to_string(step.clock.amount) + " 時間(既定)";
        const std::string hours_en = hours ? std::to_string(*hours) + " hours (contract)"
                                           : std::to_string(step.clock.amount) + " hours (default)";
        duty.contacts.insert(
            duty.contacts.begin(),
            Contact{"buyer", LocalText{buyer.name, buyer.name},
                    LocalText{"契約による通知先。期限: " + hours_ja,
                              "notice under the contract; time allowed: " + hours_en},
                    ""});
        duties.push_back(std::move(duty));
      }
    }
  }
  for (Duty& duty : duties) duty.status = StatusAt(duty.due_at, facts.now);
  std::stable_sort(duties.begin(), duties.end(), [](const Duty& a, const Duty& b) {
    if (RankOf(a) != RankOf(b)) return RankOf(a) < RankOf(b);
    if (a.due_at && b.due_at && *a.due_at != *b.due_at) return *a.due_at < *b.due_at;
    return false;
  });
  return duties;
}

std::string FormatDeadlineJst(sys_seconds due_at) {
  const sys_seconds last = due_at - std::chrono::seconds(1) + kJapanOffset;
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(last);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss time(last - sys_seconds(day));
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
  return text;
}

std::string FormatUtc(sys_seconds instant) {
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(instant);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss time(instant - sys_seconds(day));
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

Result<sys_seconds> ParseUtc(std::string_view text) {
  auto invalid = [&] {
    return MakeError(
        ErrorKind::kInvalid, "Invalid time / 時刻が不正です",
        "YYYY-MM-DDTHH:MM:SSZ(UTC)の時刻が必要です: " + std::string(text.substr(0, 40)) +
            " / expected a UTC time YYYY-MM-DDTHH:MM:SSZ: " + std::string(text.substr(0, 40)));
  };
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return invalid();
  }
  auto number = [&](size_t at, size_t length, int& out) {
    out = 0;
    for (size_t i = at; i < at + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day) || !number(11, 2, hour) ||
      !number(14, 2, minute) || !number(17, 2, second)) {
    return invalid();
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return invalid();
  return sys_seconds(std::chrono::sys_days(date)) + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + std::chrono::seconds(second);
}

}  // namespace hoshitori::share
