// STIX 2.1 bundles: writer from an incident report's technical part, reader (see stix.h).
#include "interchange/stix.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <set>
#include <utility>

#include "core/date.h"
#include "core/json_limits.h"
#include "core/utf8.h"

namespace hoshitori::interchange {

namespace {

using json = nlohmann::json;

std::string Count(size_t n) { return std::to_string(n); }

// ---------------------------------------------------------------------------------------
// SHA-1 (FIPS 180-4), only for UUIDv5 names: not used for anything that needs collision
// resistance.

class Sha1 {
 public:
  void Update(std::string_view data) {
    for (char c : data) {
      block_[fill_++] = static_cast<uint8_t>(c);
      if (fill_ == 64) {
        Compress();
        fill_ = 0;
      }
    }
    length_ += data.size();
  }

  std::array<uint8_t, 20> Finish() {
    const uint64_t bits = length_ * 8;
    block_[fill_++] = 0x80;
    if (fill_ > 56) {
      while (fill_ < 64) block_[fill_++] = 0;
      Compress();
      fill_ = 0;
    }
    while (fill_ < 56) block_[fill_++] = 0;
    for (int i = 7; i >= 0; --i) block_[fill_++] = static_cast<uint8_t>(bits >> (8 * i));
    Compress();
    std::array<uint8_t, 20> digest{};
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 4; ++j) digest[4 * i + j] = static_cast<uint8_t>(h_[i] >> (24 - 8 * j));
    }
    return digest;
  }

 private:
  static uint32_t Rotate(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

  void Compress() {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i) {
      w[i] = (uint32_t{block_[4 * i]} << 24) | (uint32_t{block_[4 * i + 1]} << 16) |
             (uint32_t{block_[4 * i + 2]} << 8) | uint32_t{block_[4 * i + 3]};
    }
    for (int i = 16; i < 80; ++i) w[i] = Rotate(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6;
      }
      const uint32_t next = Rotate(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = Rotate(b, 30);
      b = a;
      a = next;
    }
    h_[0] += a;
    h_[1] += b;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
  }

  uint32_t h_[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  uint8_t block_[64] = {};
  size_t fill_ = 0;
  uint64_t length_ = 0;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when `text` is 8-4-4-4-12 hex digits.
bool IsUuidText(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : HexValue(text[i]) < 0) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Timestamps.

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "YYYY-MM-DDTHH:MM:SS[.f+]Z" with a real date and times in range (second 60 for a leap
// second, as RFC 3339 allows). Returns the seconds part and the fraction separately.
bool SplitTimestamp(std::string_view text, std::string_view* seconds, std::string_view* fraction) {
  if (text.size() < 20 || text.back() != 'Z' || text[10] != 'T') return false;
  if (!ParseDate(text.substr(0, 10)).ok()) return false;
  const std::string_view time = text.substr(11, 8);
  if (time[2] != ':' || time[5] != ':' || !AllDigits(time.substr(0, 2)) ||
      !AllDigits(time.substr(3, 2)) || !AllDigits(time.substr(6, 2))) {
    return false;
  }
  if (std::stoi(std::string(time.substr(0, 2))) > 23 ||
      std::stoi(std::string(time.substr(3, 2))) > 59 ||
      std::stoi(std::string(time.substr(6, 2))) > 60) {
    return false;
  }
  std::string_view rest = text.substr(19, text.size() - 20);
  if (!rest.empty() && (rest[0] != '.' || !AllDigits(rest.substr(1)))) return false;
  *seconds = text.substr(0, 19);
  *fraction = rest.empty() ? rest : rest.substr(1);
  return true;
}

bool IsStixTimestamp(std::string_view text) {
  std::string_view seconds, fraction;
  return SplitTimestamp(text, &seconds, &fraction);
}

// The timestamp with exactly three fraction digits (cut, never rounded up past a second).
std::optional<std::string> MillisecondTimestamp(std::string_view text) {
  std::string_view seconds, fraction;
  if (!SplitTimestamp(text, &seconds, &fraction)) return std::nullopt;
  std::string millis(fraction.substr(0, std::min<size_t>(3, fraction.size())));
  while (millis.size() < 3) millis.push_back('0');
  return std::string(seconds) + "." + millis + "Z";
}

// ---------------------------------------------------------------------------------------
// TLP markings.

struct TlpMarkingId {
  std::string_view id;
  share::Tlp tlp;
  std::string_view name;  // TLP 2.0: "TLP:CLEAR"; the extension's value is its lower case
  std::string_view level;
};

constexpr TlpMarkingId kTlp2Ids[] = {
    {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", share::Tlp::kClear, "TLP:CLEAR",
     "clear"},
    {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", share::Tlp::kGreen, "TLP:GREEN",
     "green"},
    {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", share::Tlp::kAmber, "TLP:AMBER",
     "amber"},
    {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", share::Tlp::kAmberStrict,
     "TLP:AMBER+STRICT", "amber+strict"},
    {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", share::Tlp::kRed, "TLP:RED",
     "red"},
};

// TLP 1.0 as predefined in STIX 2.1 section 7.2.1.4 (WHITE is TLP 2.0's CLEAR).
constexpr TlpMarkingId kTlp1Ids[] = {
    {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", share::Tlp::kClear, "TLP:WHITE",
     "white"},
    {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", share::Tlp::kGreen, "TLP:GREEN",
     "green"},
    {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", share::Tlp::kAmber, "TLP:AMBER",
     "amber"},
    {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", share::Tlp::kRed, "TLP:RED",
     "red"},
};

std::optional<share::Tlp> OfficialTlp(std::string_view id) {
  for (const TlpMarkingId& m : kTlp2Ids) {
    if (m.id == id) return m.tlp;
  }
  for (const TlpMarkingId& m : kTlp1Ids) {
    if (m.id == id) return m.tlp;
  }
  return std::nullopt;
}

const TlpMarkingId& Tlp2Entry(share::Tlp tlp) {
  for (const TlpMarkingId& m : kTlp2Ids) {
    if (m.tlp == tlp) return m;
  }
  return kTlp2Ids[4];
}

// ---------------------------------------------------------------------------------------
// STIX object categories (STIX 2.1 sections 4-7).

const std::set<std::string, std::less<>>& SdoSroTypes() {
  static const std::set<std::string, std::less<>> types = {
      "attack-pattern", "campaign",      "course-of-action", "grouping",
      "identity",       "incident",      "indicator",        "infrastructure",
      "intrusion-set",  "location",      "malware",          "malware-analysis",
      "note",           "observed-data", "opinion",          "report",
      "threat-actor",   "tool",          "vulnerability",    "relationship",
      "sighting"};
  return types;
}

bool IsStixTypeName(std::string_view type) {
  if (type.size() < 3 || type.size() > 250) return false;
  if (!(type.front() >= 'a' && type.front() <= 'z')) return false;
  if (type.back() == '-') return false;
  return std::all_of(type.begin(), type.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

StixObject ObjectOf(json object) {
  StixObject out;
  auto text = [&object](const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  out.type = text("type");
  out.id = text("id");
  out.spec_version = text("spec_version");
  out.created = text("created");
  out.modified = text("modified");
  if (const auto refs = object.find("object_marking_refs");
      refs != object.end() && refs->is_array()) {
    for (const json& ref : *refs) {
      if (ref.is_string()) out.object_marking_refs.push_back(ref.get<std::string>());
    }
  }
  out.json = std::move(object);
  return out;
}

// ---------------------------------------------------------------------------------------
// Writing.

Error WriteError(const std::string& english, const std::string& japanese) {
  return MakeError(ErrorKind::kInvalid, "invalid STIX export",
                   "STIX export: " + english + " / " + japanese);
}

// A STIX pattern string literal: quotes around, \ and ' escaped (STIX 2.1 section 9.4).
std::string PatternLiteral(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

class BundleWriter {
 public:
  explicit BundleWriter(const StixReportInput& input) : input_(input) {}

  Result<StixBundle> Write() {
    if (auto status = Check(); !status) return status.error();
    const std::string tlp_label(share::TlpLabel(input_.tlp));

    // The hub's identity.
    const std::string identity_id = Id("identity", "identity|" + input_.author.name);
    json identity = Common("identity", identity_id, author_created_, author_created_);
    identity["name"] = input_.author.name;
    identity["identity_class"] = input_.author.identity_class;
    if (!input_.author.contact_information.empty()) {
      identity["contact_information"] = input_.author.contact_information;
    }
    identity.erase("created_by_ref");  // the author of itself
    // The hub's identity is public and has one id in every bundle, so it is always CLEAR:
    // under the report's marking one id would carry different markings in different bundles.
    identity["object_marking_refs"] = json::array({std::string(Tlp2MarkingId(share::Tlp::kClear))});
    Add(std::move(identity));

    // Value objects: one per distinct value.
    std::vector<std::string> indicator_ids, malware_ids, technique_ids, cve_ids;
    std::set<std::string> seen;
    for (const share::Indicator& indicator : input_.indicators) {
      if (indicator.kind == share::IndicatorKind::kCve ||
          indicator.kind == share::IndicatorKind::kAttackTechnique) {
        continue;
      }
      auto pattern = StixPattern(indicator);
      if (!pattern) return pattern.error();
      if (!seen.insert("indicator|" + *pattern).second) continue;
      const std::string id = Id("indicator", "indicator|" + tlp_label + "|" + *pattern);
      json object = Common("indicator", id, timestamp_, timestamp_);
      object["name"] = indicator.value;
      object["indicator_types"] = json::array({"malicious-activity"});
      object["pattern"] = *pattern;
      object["pattern_type"] = "stix";
      object["valid_from"] = timestamp_;
      indicator_ids.push_back(id);
      Add(std::move(object));
    }
    for (const std::string& name : malware_) {
      const std::string id = Id("malware", "malware|" + tlp_label + "|" + Folded(name));
      json object = Common("malware", id, timestamp_, timestamp_);
      object["name"] = name;
      object["is_family"] = false;
      malware_ids.push_back(id);
      Add(std::move(object));
    }
    for (const std::string& technique : techniques_) {
      const std::string id = Id("attack-pattern", "attack-pattern|" + tlp_label + "|" + technique);
      json object = Common("attack-pattern", id, timestamp_, timestamp_);
      object["name"] = technique;
      object["external_references"] = json::array(
          {{{"source_name", "mitre-attack"},
            {"external_id", technique},
            {"url", "https://attack.mitre.org/techniques/" + TechniquePath(technique) + "/"}}});
      technique_ids.push_back(id);
      Add(std::move(object));
    }
    for (const std::string& cve : cves_) {
      const std::string id = Id("vulnerability", "vulnerability|" + tlp_label + "|" + cve);
      json object = Common("vulnerability", id, timestamp_, timestamp_);
      object["name"] = cve;
      object["external_references"] =
          json::array({{{"source_name", "cve"},
                        {"external_id", cve},
                        {"url", "https://www.cve.org/CVERecord?id=" + cve}}});
      cve_ids.push_back(id);
      Add(std::move(object));
    }

    // Relationships.
    for (const std::string& indicator : indicator_ids) {
      for (const std::string& target : malware_ids.empty() ? technique_ids : malware_ids) {
        Relate("indicates", indicator, target);
      }
    }
    for (const std::string& malware : malware_ids) {
      for (const std::string& technique : technique_ids) Relate("uses", malware, technique);
      for (const std::string& cve : cve_ids) Relate("exploits", malware, cve);
    }

    // Sightings: counts only, never where.
    if (input_.sightings > 0) {
      for (const std::string& indicator : indicator_ids) {
        const std::string id =
            Id("sighting", "sighting|" + input_.report_key + "|" + tlp_label + "|" + indicator);
        json object = Common("sighting", id, timestamp_, timestamp_);
        object["sighting_of_ref"] = indicator;
        object["count"] = std::min<int64_t>(input_.sightings, 999'999'999);
        Add(std::move(object));
      }
    }

    // The report over everything, then the marking definition itself.
    const std::string report_id = Id("report", "report|" + input_.report_key);
    json report = Common("report", report_id, timestamp_, timestamp_);
    report["name"] = input_.name;
    std::string description = input_.summary;
    std::string reporter;
    for (const auto& [label, value] :
         {std::pair{"industry (JSIC) / 業種 ", &input_.reporter.industry},
          std::pair{"size / 規模 ", &input_.reporter.size_band},
          std::pair{"region / 地域 ", &input_.reporter.region}}) {
      if (value->empty()) continue;
      reporter += (reporter.empty() ? "" : ", ") + std::string(label) + *value;
    }
    if (!reporter.empty()) {
      if (!description.empty()) description += "\n\n";
      description += "Reporter / 報告者: " + reporter;
    }
    if (!description.empty()) report["description"] = description;
    report["published"] = input_.published + "T00:00:00.000Z";
    report["report_types"] = json::array({"threat-report"});
    json refs = json::array();
    for (const StixObject& object : bundle_.objects) refs.push_back(object.id);
    report["object_refs"] = std::move(refs);
    Add(std::move(report));
    bundle_.objects.push_back(ObjectOf(Tlp2MarkingDefinition(input_.tlp)));
    if (input_.tlp != share::Tlp::kClear) {
      bundle_.objects.push_back(ObjectOf(Tlp2MarkingDefinition(share::Tlp::kClear)));
    }

    if (bundle_.objects.size() > kMaxStixObjects) {
      return WriteError("the bundle would have " + Count(bundle_.objects.size()) +
                            " objects, more than " + Count(kMaxStixObjects),
                        "バンドルのオブジェクト数 " + Count(bundle_.objects.size()) + " が上限 " +
                            Count(kMaxStixObjects) + " を超えます");
    }
    bundle_.id = "bundle--" + UuidV5(kStixNamespace, "bundle|" + input_.report_key + "|" +
                                                         tlp_label + "|" + timestamp_);
    return std::move(bundle_);
  }

 private:
  Status Check() {
    const auto required = [](const std::string& value, const char* field) -> Status {
      if (value.empty()) {
        return WriteError(std::string(field) + " is required", std::string(field) + " は必須です");
      }
      return OkStatus();
    };
    for (const auto& [value, field] :
         {std::pair{&input_.report_key, "report_key"}, std::pair{&input_.name, "name"},
          std::pair{&input_.author.name, "author.name"},
          std::pair{&input_.author.identity_class, "author.identity_class"}}) {
      if (auto status = required(*value, field); !status) return status;
    }
    for (const std::string* text :
         {&input_.report_key, &input_.name, &input_.summary, &input_.reporter.industry,
          &input_.reporter.size_band, &input_.reporter.region, &input_.author.name,
          &input_.author.identity_class, &input_.author.contact_information}) {
      if (!IsValidUtf8(*text))
        return WriteError("text is not valid UTF-8", "UTF-8 ではない文字列があります");
      if (text->size() > kMaxStixStringBytes) {
        return WriteError("a text is longer than " + Count(kMaxStixStringBytes) + " bytes",
                          "文字列が上限 " + Count(kMaxStixStringBytes) + " バイトを超えています");
      }
    }
    if (!ParseDate(input_.published).ok() || input_.published.size() != 10) {
      return WriteError("published \"" + input_.published.substr(0, 40) + "\" is not YYYY-MM-DD",
                        "published が YYYY-MM-DD 形式の日付ではありません");
    }
    if (input_.timestamp.empty()) {
      timestamp_ = input_.published + "T00:00:00.000Z";
    } else if (auto normal = MillisecondTimestamp(input_.timestamp)) {
      timestamp_ = *normal;
    } else {
      return WriteError("timestamp \"" + input_.timestamp.substr(0, 40) +
                            "\" is not an RFC 3339 UTC time (2026-12-06T09:30:00Z)",
                        "timestamp が RFC 3339 の UTC 日時（2026-12-06T09:30:00Z）ではありません");
    }
    if (input_.author.created.empty()) {
      author_created_ = "2026-01-01T00:00:00.000Z";
    } else if (auto normal = MillisecondTimestamp(input_.author.created)) {
      author_created_ = *normal;
    } else {
      return WriteError("author.created is not an RFC 3339 UTC time",
                        "author.created が RFC 3339 の UTC 日時ではありません");
    }
    std::set<std::string> seen;
    const auto add_cve = [&](std::string_view text) -> Status {
      auto parsed = share::ParseIndicator(text);
      if (!parsed || parsed->kind != share::IndicatorKind::kCve) {
        return WriteError("\"" + std::string(text.substr(0, 40)) + "\" is not a CVE id",
                          "CVE 番号ではありません");
      }
      if (seen.insert(parsed->value).second) cves_.push_back(parsed->value);
      return OkStatus();
    };
    const auto add_technique = [&](std::string_view text) -> Status {
      auto parsed = share::ParseIndicator(text);
      if (!parsed || parsed->kind != share::IndicatorKind::kAttackTechnique) {
        return WriteError("\"" + std::string(text.substr(0, 40)) +
                              "\" is not an ATT&CK technique id (T1059, T1059.001)",
                          "ATT&CK の技術 ID（T1059, T1059.001）ではありません");
      }
      if (seen.insert(parsed->value).second) techniques_.push_back(parsed->value);
      return OkStatus();
    };
    for (const std::string& cve : input_.cves) {
      if (auto status = add_cve(cve); !status) return status;
    }
    for (const std::string& technique : input_.techniques) {
      if (auto status = add_technique(technique); !status) return status;
    }
    for (const share::Indicator& indicator : input_.indicators) {
      if (!IsValidUtf8(indicator.value)) {
        return WriteError("an indicator is not valid UTF-8", "UTF-8 ではない指標があります");
      }
      if (indicator.kind == share::IndicatorKind::kCve) {
        if (auto status = add_cve(indicator.value); !status) return status;
      } else if (indicator.kind == share::IndicatorKind::kAttackTechnique) {
        if (auto status = add_technique(indicator.value); !status) return status;
      }
    }
    for (const std::string& name : input_.malware) {
      std::string trimmed = name;
      trimmed.erase(0, trimmed.find_first_not_of(" \t\r\n"));
      trimmed.erase(trimmed.find_last_not_of(" \t\r\n") + 1);
      if (trimmed.empty()) return WriteError("a malware name is empty", "マルウェア名が空です");
      if (!IsValidUtf8(trimmed) || trimmed.size() > kMaxStixStringBytes) {
        return WriteError("a malware name is not valid UTF-8 or too long",
                          "マルウェア名が UTF-8 でないか長すぎます");
      }
      if (seen.insert("malware|" + Folded(trimmed)).second) malware_.push_back(trimmed);
    }
    if (input_.sightings < 0) {
      return WriteError("sightings is negative", "sightings が負の数です");
    }
    return OkStatus();
  }

  // ASCII letters folded to lower case: "LockBit" and "lockbit" are one malware.
  static std::string Folded(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }

  // "T1059.001" -> "T1059/001" (ATT&CK's page for a sub-technique).
  static std::string TechniquePath(std::string technique) {
    std::replace(technique.begin(), technique.end(), '.', '/');
    return technique;
  }

  static std::string Id(std::string_view type, const std::string& name) {
    return std::string(type) + "--" + UuidV5(kStixNamespace, name);
  }

  json Common(const std::string& type, const std::string& id, const std::string& created,
              const std::string& modified) const {
    return json{{"type", type},
                {"spec_version", "2.1"},
                {"id", id},
                {"created", created},
                {"modified", modified},
                {"created_by_ref", Id("identity", "identity|" + input_.author.name)},
                {"object_marking_refs", json::array({std::string(Tlp2MarkingId(input_.tlp))})}};
  }

  void Relate(const std::string& type, const std::string& source, const std::string& target) {
    const std::string id = Id("relationship", "relationship|" + type + "|" + source + "|" + target);
    json object = Common("relationship", id, timestamp_, timestamp_);
    object["relationship_type"] = type;
    object["source_ref"] = source;
    object["target_ref"] = target;
    Add(std::move(object));
  }

  void Add(json object) { bundle_.objects.push_back(ObjectOf(std::move(object))); }

  const StixReportInput& input_;
  std::string timestamp_;
  std::string author_created_;
  std::vector<std::string> cves_, techniques_, malware_;
  StixBundle bundle_;
};

// ---------------------------------------------------------------------------------------
// Reading patterns.

// The subset of STIX patterning Hoshitori extracts: observation expressions of comparisons
// "<object-path> = '<string>'" joined by OR, inside one [ ] or as [ ] OR [ ].
class PatternReader {
 public:
  explicit PatternReader(std::string_view text) : text_(text) {}

  // The (path, value) pairs, or the reason the pattern is not of the subset.
  std::string Read(std::vector<std::pair<std::string, std::string>>* out) {
    while (true) {
      Blanks();
      if (!Eat('[')) return "an observation expression does not start with [";
      while (true) {
        std::string path, value;
        if (auto reason = Comparison(&path, &value); !reason.empty()) return reason;
        out->emplace_back(std::move(path), std::move(value));
        if (out->size() > kMaxStixPatternComparisons) {
          return "more than " + Count(kMaxStixPatternComparisons) + " comparisons";
        }
        Blanks();
        if (Eat(']')) break;
        if (!Keyword("OR")) return Keyword("AND") ? "uses AND" : "is not a simple comparison";
      }
      Blanks();
      if (at_ == text_.size()) return "";
      if (!Keyword("OR")) {
        if (Keyword("AND")) return "uses AND between observations";
        if (Keyword("FOLLOWEDBY")) return "uses FOLLOWEDBY";
        return "has a qualifier or text after the observation";
      }
    }
  }

 private:
  void Blanks() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\r' || text_[at_] == '\n')) {
      ++at_;
    }
  }
  bool Eat(char c) {
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  bool Keyword(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    const size_t end = at_ + word.size();
    if (end < text_.size() && text_[end] != ' ' && text_[end] != '[' && text_[end] != '\t' &&
        text_[end] != '\n' && text_[end] != '\r') {
      return false;
    }
    at_ = end;
    Blanks();
    return true;
  }

  std::string Comparison(std::string* path, std::string* value) {
    Blanks();
    // The object type: letters, digits, '-'.
    const size_t start = at_;
    while (at_ < text_.size() && text_[at_] != ':' && text_[at_] != ' ' && text_[at_] != ']') {
      ++at_;
    }
    if (!Eat(':')) return "a comparison has no object path";
    *path = std::string(text_.substr(start, at_ - start - 1)) + ":";
    // Property names separated by '.', each plain or a quoted literal.
    while (true) {
      if (at_ < text_.size() && text_[at_] == '\'') {
        std::string name;
        if (!Literal(&name)) return "an unterminated quoted property name";
        path->append(name);
      } else {
        const size_t name_start = at_;
        while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) ||
                                      text_[at_] == '_' || text_[at_] == '-')) {
          ++at_;
        }
        if (at_ == name_start) return "an empty property name";
        path->append(text_.substr(name_start, at_ - name_start));
      }
      if (at_ < text_.size() && text_[at_] == '[') return "uses a list index in a path";
      if (!Eat('.')) break;
      path->push_back('.');
    }
    Blanks();
    if (!Eat('=')) return "uses an operator other than =";
    Blanks();
    if (at_ >= text_.size() || text_[at_] != '\'') return "compares with something not a string";
    if (!Literal(value)) return "an unterminated string literal";
    return "";
  }

  // A quoted literal at at_: \' and \\ are the only escapes.
  bool Literal(std::string* out) {
    ++at_;
    while (at_ < text_.size()) {
      const char c = text_[at_++];
      if (c == '\'') return true;
      if (c == '\\') {
        if (at_ >= text_.size()) return false;
        const char next = text_[at_++];
        if (next != '\'' && next != '\\') return false;
        out->push_back(next);
      } else {
        out->push_back(c);
      }
    }
    return false;
  }

  std::string_view text_;
  size_t at_ = 0;
};

// The indicator kinds a path may yield (empty: not a path Hoshitori extracts).
std::vector<share::IndicatorKind> KindsForPath(const std::string& path) {
  using K = share::IndicatorKind;
  if (path == "ipv4-addr:value" || path == "ipv6-addr:value") return {K::kIp};
  if (path == "domain-name:value") return {K::kDomain};
  if (path == "url:value") return {K::kUrl};
  if (path == "email-addr:value") return {K::kEmail};
  const std::string prefix = "file:hashes.";
  if (path.rfind(prefix, 0) != 0) return {};
  std::string algorithm;
  for (char c : path.substr(prefix.size())) {
    if (c != '-')
      algorithm.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (algorithm == "MD5") return {K::kMd5};
  if (algorithm == "SHA1") return {K::kSha1};
  if (algorithm == "SHA256") return {K::kSha256};
  return {};
}

// ---------------------------------------------------------------------------------------
// Reading bundles.

struct ReadFailure {
  std::string message;
};

class BundleReader {
 public:
  explicit BundleReader(const std::string& file_name) : file_(file_name) {}

  StixImport Read(json root) {
    if (!root.is_object())
      Fail("$", "a bundle must be a JSON object",
           "バンドルは JSON オブジェクトでなければなりません");
    CheckStrings(root);
    const json* type = Member(root, "type");
    if (type == nullptr || !type->is_string() || *type != "bundle") {
      Fail("$.type", "must be \"bundle\"", "\"bundle\" でなければなりません");
    }
    const json* id = Member(root, "id");
    if (id == nullptr || !id->is_string()) Fail("$.id", "missing", "ありません");
    CheckId(id->get<std::string>(), "bundle", "$.id");
    out_.bundle.id = id->get<std::string>();
    const json* objects = Member(root, "objects");
    if (objects != nullptr) {
      if (!objects->is_array()) Fail("$.objects", "must be an array", "配列でなければなりません");
      if (objects->size() > kMaxStixObjects) {
        Fail("$.objects", Count(objects->size()) + " objects, more than " + Count(kMaxStixObjects),
             "オブジェクト数 " + Count(objects->size()) + " が上限 " + Count(kMaxStixObjects) +
                 " を超えています");
      }
      // Statement markings defined in the bundle are known not to be TLP.
      for (const json& object : *objects) {
        if (!object.is_object()) continue;
        const json* object_type = Member(object, "type");
        const json* definition_type = Member(object, "definition_type");
        const json* object_id = Member(object, "id");
        if (object_type != nullptr && *object_type == "marking-definition" &&
            definition_type != nullptr && *definition_type == "statement" && object_id != nullptr &&
            object_id->is_string()) {
          statements_.insert(object_id->get<std::string>());
        }
      }
      out_.bundle.objects.reserve(objects->size());
      size_t index = 0;
      for (const json& object : *objects) ReadObject(object, "$.objects[" + Count(index++) + "]");
    }
    return std::move(out_);
  }

 private:
  [[noreturn]] void Fail(const std::string& path, const std::string& english,
                         const std::string& japanese) const {
    throw ReadFailure{file_ + ": " + path + ": " + english + " / " + japanese};
  }

  void Note(const std::string& note) {
    if (out_.notes.size() < kMaxStixNotes) {
      out_.notes.push_back(note);
    } else {
      ++out_.notes_dropped;
    }
  }

  static const json* Member(const json& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  // Every string and member name within bounds; depth is bounded before parsing.
  void CheckStrings(const json& value) {
    const auto check = [this](const std::string& text) {
      if (text.size() > kMaxStixStringBytes) {
        Fail(
            "$",
            "a string of " + Count(text.size()) + " bytes, more than " + Count(kMaxStixStringBytes),
            "文字列の長さ " + Count(text.size()) + " バイトが上限 " + Count(kMaxStixStringBytes) +
                " を超えています");
      }
    };
    if (value.is_string()) {
      check(value.get_ref<const std::string&>());
    } else if (value.is_object()) {
      for (const auto& [key, member] : value.items()) {
        check(key);
        CheckStrings(member);
      }
    } else if (value.is_array()) {
      for (const json& item : value) CheckStrings(item);
    }
  }

  void CheckId(const std::string& id, const std::string& type, const std::string& path) const {
    const std::string prefix = type + "--";
    if (id.rfind(prefix, 0) != 0 || !IsUuidText(std::string_view(id).substr(prefix.size()))) {
      Fail(path, "\"" + id.substr(0, 80) + "\" is not \"" + type + "--<UUID>\"",
           "\"" + type + "--<UUID>\" の形式ではありません");
    }
  }

  std::string RequiredString(const json& object, const char* key, const std::string& path) const {
    const json* value = Member(object, key);
    if (value == nullptr) Fail(path + "." + key, "missing", "ありません");
    if (!value->is_string())
      Fail(path + "." + key, "must be a string", "文字列でなければなりません");
    return value->get<std::string>();
  }

  void CheckTimestamp(const json& object, const char* key, bool required,
                      const std::string& path) const {
    const json* value = Member(object, key);
    if (value == nullptr) {
      if (required) Fail(path + "." + key, "missing", "ありません");
      return;
    }
    if (!value->is_string() || !IsStixTimestamp(value->get_ref<const std::string&>())) {
      Fail(path + "." + key, "is not an RFC 3339 UTC timestamp (2016-05-12T08:17:27.000Z)",
           "RFC 3339 の UTC 日時（2016-05-12T08:17:27.000Z）ではありません");
    }
  }

  void ReadObject(const json& object, const std::string& path) {
    if (!object.is_object()) Fail(path, "must be an object", "オブジェクトでなければなりません");
    const std::string type = RequiredString(object, "type", path);
    if (!IsStixTypeName(type)) {
      Fail(path + ".type", "\"" + type.substr(0, 80) + "\" is not a STIX type name",
           "STIX の型名ではありません");
    }
    CheckId(RequiredString(object, "id", path), type, path + ".id");
    const bool sdo_sro = SdoSroTypes().count(type) > 0;
    // STIX meta objects (section 7) carry the common properties of SDOs too, except that a
    // marking definition has no modified (it never changes).
    const bool meta = type == "language-content" || type == "extension-definition";
    const bool needs_version = sdo_sro || meta || type == "marking-definition";
    const json* version = Member(object, "spec_version");
    if (version == nullptr) {
      if (needs_version) Fail(path + ".spec_version", "missing", "ありません");
    } else if (!version->is_string() || *version != "2.1") {
      Fail(path + ".spec_version", "must be \"2.1\"", "\"2.1\" でなければなりません");
    }
    const bool needs_times = sdo_sro || meta;
    CheckTimestamp(object, "created", needs_times || type == "marking-definition", path);
    CheckTimestamp(object, "modified", needs_times, path);
    if (const json* refs = Member(object, "object_marking_refs"); refs != nullptr) {
      if (!refs->is_array()) {
        Fail(path + ".object_marking_refs", "must be an array", "配列でなければなりません");
      }
      for (const json& ref : *refs) {
        if (!ref.is_string()) {
          Fail(path + ".object_marking_refs", "must hold strings",
               "文字列の配列でなければなりません");
        }
      }
    }

    const size_t index = out_.bundle.objects.size();
    out_.bundle.objects.push_back(ObjectOf(object));
    ++out_.count_by_type[type];
    out_.tlp.push_back(MarkingOf(out_.bundle.objects.back(), path));
    const StixObject& kept = out_.bundle.objects[index];
    if (type == "indicator") {
      ExtractIndicators(kept, path);
    } else if (type == "vulnerability") {
      ExtractCve(kept);
    } else if (type == "malware") {
      if (const json* name = Member(kept.json, "name"); name != nullptr && name->is_string()) {
        AddOnce(&out_.malware, name->get<std::string>());
      }
    } else if (type == "attack-pattern") {
      ExtractTechniques(kept);
    }
  }

  StixObjectTlp MarkingOf(const StixObject& object, const std::string& path) {
    StixObjectTlp result;
    std::vector<std::string> refs = object.object_marking_refs;
    if (const json* granular = Member(object.json, "granular_markings");
        granular != nullptr && granular->is_array()) {
      for (const json& marking : *granular) {
        if (!marking.is_object()) continue;
        if (const json* ref = Member(marking, "marking_ref"); ref != nullptr && ref->is_string()) {
          refs.push_back(ref->get<std::string>());
        }
      }
    }
    for (const std::string& ref : refs) {
      std::optional<share::Tlp> tlp = OfficialTlp(ref);
      if (!tlp) {
        if (statements_.count(ref) > 0) continue;
        tlp = share::Tlp::kRed;
        result.unknown_marking = true;
        Note(path + ": unknown marking " + ref.substr(0, 80) +
             ", read as TLP:RED / 不明なマーキングのため TLP:RED として扱います");
      }
      result.tlp = result.tlp ? share::Strictest(*result.tlp, *tlp) : *tlp;
    }
    if (result.unknown_marking) ++out_.unknown_markings;
    return result;
  }

  void ExtractIndicators(const StixObject& object, const std::string& path) {
    const json* pattern = Member(object.json, "pattern");
    const json* pattern_type = Member(object.json, "pattern_type");
    const auto skip = [&](const std::string& english, const std::string& japanese) {
      ++out_.patterns_not_extracted;
      Note(path + ".pattern: " + english + "; kept without an extracted indicator / " + japanese +
           "。指標は抽出せず、オブジェクトとして保持します");
    };
    if (pattern == nullptr || !pattern->is_string()) {
      return skip("no pattern", "パターンがありません");
    }
    if (pattern_type != nullptr && *pattern_type != "stix") {
      return skip("pattern_type is not stix", "pattern_type が stix ではありません");
    }
    const std::string& text = pattern->get_ref<const std::string&>();
    if (text.size() > kMaxStixPatternBytes) {
      return skip("longer than " + Count(kMaxStixPatternBytes) + " bytes",
                  "上限 " + Count(kMaxStixPatternBytes) + " バイトを超えています");
    }
    std::vector<std::pair<std::string, std::string>> comparisons;
    if (std::string reason = PatternReader(text).Read(&comparisons); !reason.empty()) {
      return skip("the pattern " + reason, "単純なパターンではありません");
    }
    std::vector<StixExtractedIndicator> found;
    for (const auto& [object_path, value] : comparisons) {
      const std::vector<share::IndicatorKind> kinds = KindsForPath(object_path);
      if (kinds.empty()) {
        return skip("the path " + object_path.substr(0, 80) + " is not one Hoshitori extracts",
                    "抽出対象のパスではありません");
      }
      auto indicator = share::ParseIndicator(value);
      if (!indicator || std::find(kinds.begin(), kinds.end(), indicator->kind) == kinds.end()) {
        const std::string quoted = "'" + value.substr(0, 80) + "'";
        return skip("the value " + quoted + " for " + object_path + " is not a valid " +
                        std::string(share::IndicatorKindName(kinds.front())),
                    object_path + " の値 " + quoted + " が正しい指標ではありません");
      }
      if (object_path == "ipv4-addr:value" && !indicator->range.ipv4) {
        return skip("an IPv6 value under ipv4-addr", "ipv4-addr に IPv6 の値があります");
      }
      if (object_path == "ipv6-addr:value" && indicator->range.ipv4) {
        return skip("an IPv4 value under ipv6-addr", "ipv6-addr に IPv4 の値があります");
      }
      found.push_back({object.id, std::move(*indicator)});
    }
    for (StixExtractedIndicator& indicator : found) out_.indicators.push_back(std::move(indicator));
  }

  void ExtractCve(const StixObject& object) {
    if (const json* refs = Member(object.json, "external_references");
        refs != nullptr && refs->is_array()) {
      for (const json& ref : *refs) {
        if (!ref.is_object()) continue;
        const json* source = Member(ref, "source_name");
        const json* id = Member(ref, "external_id");
        if (source == nullptr || *source != "cve" || id == nullptr || !id->is_string()) continue;
        auto cve = share::ParseIndicator(id->get_ref<const std::string&>());
        if (cve && cve->kind == share::IndicatorKind::kCve) {
          AddOnce(&out_.cves, cve->value);
          return;
        }
      }
    }
    if (const json* name = Member(object.json, "name"); name != nullptr && name->is_string()) {
      auto cve = share::ParseIndicator(name->get_ref<const std::string&>());
      if (cve && cve->kind == share::IndicatorKind::kCve) AddOnce(&out_.cves, cve->value);
    }
  }

  void ExtractTechniques(const StixObject& object) {
    const json* refs = Member(object.json, "external_references");
    if (refs == nullptr || !refs->is_array()) return;
    for (const json& ref : *refs) {
      if (!ref.is_object()) continue;
      const json* source = Member(ref, "source_name");
      const json* id = Member(ref, "external_id");
      if (source == nullptr || !source->is_string() || id == nullptr || !id->is_string()) continue;
      if (source->get_ref<const std::string&>().rfind("mitre-", 0) != 0) continue;
      auto technique = share::ParseIndicator(id->get_ref<const std::string&>());
      if (technique && technique->kind == share::IndicatorKind::kAttackTechnique) {
        AddOnce(&out_.techniques, technique->value);
      }
    }
  }

  static void AddOnce(std::vector<std::string>* list, const std::string& value) {
    if (std::find(list->begin(), list->end(), value) == list->end()) list->push_back(value);
  }

  std::string file_;
  std::set<std::string, std::less<>> statements_;
  StixImport out_;
};

}  // namespace

std::string UuidV5(std::string_view namespace_uuid, std::string_view name) {
  std::string namespace_bytes;
  for (size_t i = 0; i + 1 < namespace_uuid.size(); ++i) {
    if (namespace_uuid[i] == '-') continue;
    namespace_bytes.push_back(
        static_cast<char>(HexValue(namespace_uuid[i]) * 16 + HexValue(namespace_uuid[i + 1])));
    ++i;
  }
  Sha1 sha1;
  sha1.Update(namespace_bytes);
  sha1.Update(name);
  std::array<uint8_t, 20> digest = sha1.Finish();
  digest[6] = static_cast<uint8_t>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<uint8_t>((digest[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(
      out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
      digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
      digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
  return out;
}

std::string_view Tlp2MarkingId(share::Tlp tlp) { return Tlp2Entry(tlp).id; }

nlohmann::json Tlp2MarkingDefinition(share::Tlp tlp) {
  const TlpMarkingId& entry = Tlp2Entry(tlp);
  return json{{"type", "marking-definition"},
              {"spec_version", "2.1"},
              {"id", entry.id},
              {"created", "2022-10-01T00:00:00.000Z"},
              {"name", entry.name},
              {"extensions",
               {{std::string(kStixTlp2Extension),
                 {{"extension_type", "property-extension"}, {"tlp_2_0", entry.level}}}}}};
}

Result<std::string> StixPattern(const share::Indicator& indicator) {
  using K = share::IndicatorKind;
  std::string path;
  switch (indicator.kind) {
    case K::kIp:
      path = indicator.range.ipv4 ? "ipv4-addr:value" : "ipv6-addr:value";
      break;
    case K::kDomain:
      path = "domain-name:value";
      break;
    case K::kUrl:
      path = "url:value";
      break;
    case K::kEmail:
      path = "email-addr:value";
      break;
    case K::kMd5:
      path = "file:hashes.MD5";
      break;
    case K::kSha1:
      path = "file:hashes.'SHA-1'";
      break;
    case K::kSha256:
      path = "file:hashes.'SHA-256'";
      break;
    case K::kCve:
    case K::kAttackTechnique:
      return WriteError(std::string(share::IndicatorKindName(indicator.kind)) + " \"" +
                            indicator.value.substr(0, 40) + "\" has no STIX pattern",
                        "CVE 番号と ATT&CK 技術 ID は STIX パターンにしません");
  }
  if (indicator.value.empty()) return WriteError("an indicator is empty", "指標が空です");
  return "[" + path + " = " + PatternLiteral(indicator.value) + "]";
}

Result<StixBundle> WriteReportBundle(const StixReportInput& input) {
  return BundleWriter(input).Write();
}

std::string Serialise(const StixBundle& bundle) {
  json objects = json::array();
  for (const StixObject& object : bundle.objects) objects.push_back(object.json);
  json out{{"type", "bundle"}, {"id", bundle.id}};
  if (!objects.empty()) out["objects"] = std::move(objects);  // the schema wants 1 or more
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<StixImport> ReadBundle(std::string_view bytes, const std::string& file_name) {
  const auto invalid = [&file_name](const std::string& english, const std::string& japanese) {
    return MakeError(ErrorKind::kInvalid, "invalid STIX bundle",
                     file_name + ": " + english + " / " + japanese);
  };
  if (bytes.size() > kMaxStixBundleBytes) {
    return invalid(
        "the file is " + Count(bytes.size()) + " bytes, more than " + Count(kMaxStixBundleBytes),
        "ファイルが上限 " + Count(kMaxStixBundleBytes) + " バイトを超えています");
  }
  if (!IsValidUtf8(bytes)) return invalid("not valid UTF-8", "UTF-8 として読めません");
  if (JsonNestingDepth(bytes, kMaxStixDepth) > kMaxStixDepth) {
    return invalid("the JSON is nested deeper than " + std::to_string(kMaxStixDepth) + " levels",
                   "JSON の入れ子が " + std::to_string(kMaxStixDepth) + " 段を超えています");
  }
  json root;
  try {
    root = json::parse(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    return invalid("not valid JSON (" + std::string(e.what()).substr(0, 200) + ")",
                   "JSON として読めません");
  }
  try {
    return BundleReader(file_name).Read(std::move(root));
  } catch (const ReadFailure& failure) {
    return MakeError(ErrorKind::kInvalid, "invalid STIX bundle", failure.message);
  }
}

}  // namespace hoshitori::interchange
