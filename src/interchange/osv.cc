// One OSV advisory from JSON or YAML text. YAML is first turned into the same JSON tree
// (every scalar a string, which is what the schema's fields are), so one reader checks
// both.
#include "interchange/osv.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/json_limits.h"
#include "core/utf8.h"

namespace hoshitori::interchange {
namespace {

using nlohmann::json;
using sbom::Advisory;
using sbom::AffectedPackage;
using sbom::AffectedRange;
using sbom::EventKind;
using sbom::RangeEvent;
using sbom::RangeType;

// Thrown inside this file only, caught by ReadOsvAdvisory: the message is complete.
struct OsvFailure {
  std::string message;
};

std::string Count(size_t n) { return std::to_string(n); }

// Line numbers of YAML nodes by their JSON path ("$.affected[0].ranges"), for messages.
using LinesByPath = std::unordered_map<std::string, int>;

// YAML to JSON, counting nodes and text so that aliases cannot blow a small file up, and
// noting each node's line under its JSON path.
class YamlToJson {
 public:
  YamlToJson(const std::string& file, LinesByPath* lines) : file_(file), lines_(lines) {}

  json Convert(const YAML::Node& node, const std::string& path, int depth) {
    if (depth > kMaxOsvDepth) {
      Fail("the YAML is nested deeper than " + Count(kMaxOsvDepth) + " levels",
           "YAML の入れ子が " + Count(kMaxOsvDepth) + " 段を超えています");
    }
    if (++nodes_ > kMaxOsvNodes) {
      Fail("the YAML has more than " + Count(kMaxOsvNodes) + " nodes (aliases expanded)",
           "YAML のノードが " + Count(kMaxOsvNodes) + " 個を超えています（エイリアス展開後）");
    }
    Spend(path.size());  // paths repeat keys: an alias under a long key must not multiply it
    lines_->emplace(path, node.Mark().line + 1);
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        Spend(node.Scalar().size());
        return node.Scalar();
      case YAML::NodeType::Sequence: {
        json array = json::array();
        for (const YAML::Node& item : node) {
          array.push_back(
              Convert(item, path + "[" + std::to_string(array.size()) + "]", depth + 1));
        }
        return array;
      }
      case YAML::NodeType::Map: {
        json object = json::object();
        for (const auto& entry : node) {
          if (!entry.first.IsScalar()) {
            Fail("a mapping key is not a plain value", "マッピングのキーが単純な値ではありません");
          }
          Spend(entry.first.Scalar().size());
          const std::string& key = entry.first.Scalar();
          object[key] = Convert(entry.second, path + "." + key, depth + 1);
        }
        return object;
      }
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        break;
    }
    return nullptr;
  }

 private:
  [[noreturn]] void Fail(const std::string& english, const std::string& japanese) const {
    throw OsvFailure{file_ + ": " + english + " / " + japanese};
  }

  // Counts text made while converting (values, keys, paths) against kMaxOsvExpandedBytes.
  void Spend(size_t bytes) {
    bytes_ += bytes;
    if (bytes_ > kMaxOsvExpandedBytes) {
      Fail(
          "the YAML's text exceeds " + Count(kMaxOsvExpandedBytes) + " bytes with aliases expanded",
          "エイリアス展開後の YAML の文字数が上限を超えています");
    }
  }

  const std::string& file_;
  LinesByPath* lines_;
  size_t nodes_ = 0;
  size_t bytes_ = 0;
};

// Reads the advisory from the JSON tree, failing with the path of the first problem.
class AdvisoryReader {
 public:
  // `lines`, when not null, gives the line of each path (YAML input).
  AdvisoryReader(const std::string& file, const LinesByPath* lines) : file_(file), lines_(lines) {}

  Advisory Read(const json& root) {
    if (!root.is_object())
      Fail("$", "an advisory must be an object", "アドバイザリはオブジェクトでなければなりません");
    Advisory advisory;
    if (const json* version = Member(root, "schema_version")) {
      const std::string text = Text(*version, "$.schema_version", kMaxOsvIdBytes);
      const size_t dot = text.find('.');
      const std::string major = text.substr(0, dot);
      if (major.empty() || major.size() > 4 ||
          !std::all_of(major.begin(), major.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        Fail("$.schema_version", "'" + text + "' is not a version such as 1.6.0",
             "1.6.0 のようなバージョンではありません");
      }
      if (std::stoi(major) > 1) {
        Fail("$.schema_version", "schema version " + text + " is newer than this reader (1.x)",
             "スキーマのバージョン " + text + " には対応していません（1.x のみ）");
      }
    }
    const json* id = Member(root, "id");
    if (id == nullptr) Fail("$.id", "missing", "ありません");
    advisory.id = Identifier(*id, "$.id");
    const json* modified = Member(root, "modified");
    if (modified == nullptr) Fail("$.modified", "missing", "ありません");
    advisory.modified = Time(*modified, "$.modified");
    if (const json* published = Member(root, "published")) {
      advisory.published = Time(*published, "$.published");
    }
    if (const json* withdrawn = Member(root, "withdrawn")) {
      advisory.withdrawn = Time(*withdrawn, "$.withdrawn");
    }
    if (const json* aliases = Member(root, "aliases")) {
      const json& list = Array(*aliases, "$.aliases", kMaxOsvAliases);
      for (size_t i = 0; i < list.size(); ++i) {
        advisory.aliases.push_back(Identifier(list[i], "$.aliases" + Index(i)));
      }
    }
    if (const json* summary = Member(root, "summary")) {
      advisory.summary = Summary(Text(*summary, "$.summary", kMaxOsvExpandedBytes));
    }
    if (const json* severity = Member(root, "severity")) {
      advisory.severity = Severities(*severity, "$.severity");
    }
    if (const json* affected = Member(root, "affected")) {
      const json& list = Array(*affected, "$.affected", kMaxOsvAffected);
      for (size_t i = 0; i < list.size(); ++i) {
        advisory.affected.push_back(Affected(list[i], "$.affected" + Index(i)));
      }
    }
    if (const json* references = Member(root, "references")) {
      const json& list = Array(*references, "$.references", kMaxOsvNodes);
      for (size_t i = 0; i < list.size(); ++i) {
        const std::string path = "$.references" + Index(i);
        const json& reference = Object(list[i], path);
        sbom::Reference kept;
        if (const json* type = Member(reference, "type")) {
          kept.type = Text(*type, path + ".type", kMaxOsvIdBytes);
        }
        if (const json* url = Member(reference, "url")) {
          kept.url = Text(*url, path + ".url", kMaxOsvNameBytes);
        }
        if (advisory.references.size() < sbom::kMaxKeptReferences) {
          advisory.references.push_back(std::move(kept));
        } else {
          ++advisory.references_dropped;
        }
      }
    }
    return advisory;
  }

 private:
  [[noreturn]] void Fail(const std::string& path, const std::string& english,
                         const std::string& japanese) const {
    std::string where = file_;
    if (lines_ != nullptr) {
      const auto line = lines_->find(path);
      if (line != lines_->end()) where += ":" + std::to_string(line->second);
    }
    throw OsvFailure{where + ": " + path + ": " + english + " / " + japanese};
  }

  static std::string Index(size_t i) { return "[" + std::to_string(i) + "]"; }

  // The member `key` of `object`, or nullptr when it is absent or null (the schema's
  // optional fields are written as null by some tools).
  static const json* Member(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) return nullptr;
    return &*found;
  }

  const json& Object(const json& value, const std::string& path) const {
    if (!value.is_object()) Fail(path, "must be an object", "オブジェクトでなければなりません");
    return value;
  }

  const json& Array(const json& value, const std::string& path, size_t max_items) const {
    if (!value.is_array()) Fail(path, "must be an array", "配列でなければなりません");
    if (value.size() > max_items) {
      Fail(path, "has " + Count(value.size()) + " items, more than " + Count(max_items),
           "要素数 " + Count(value.size()) + " が上限 " + Count(max_items) + " を超えています");
    }
    return value;
  }

  std::string Text(const json& value, const std::string& path, size_t max_bytes) const {
    if (!value.is_string()) Fail(path, "must be a string", "文字列でなければなりません");
    const std::string& text = value.get_ref<const std::string&>();
    if (text.size() > max_bytes) {
      Fail(path, "is " + Count(text.size()) + " bytes long, more than " + Count(max_bytes),
           "長さ " + Count(text.size()) + " バイトが上限 " + Count(max_bytes) + " を超えています");
    }
    return text;
  }

  // A non-empty short string without control characters: ids, versions, ecosystems.
  std::string Identifier(const json& value, const std::string& path) const {
    std::string text = Text(value, path, kMaxOsvIdBytes);
    if (text.empty()) Fail(path, "must not be empty", "空にできません");
    for (char c : text) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        Fail(path, "contains a control character", "制御文字が含まれています");
      }
    }
    return text;
  }

  sbom::Timestamp Time(const json& value, const std::string& path) const {
    const std::string text = Text(value, path, kMaxOsvIdBytes);
    Result<sbom::Timestamp> time = sbom::ParseOsvTimestamp(text);
    if (!time.ok()) {
      Fail(path, time.error().message, "RFC 3339 の日時（例: 2023-06-12T18:45:41Z）ではありません");
    }
    return *time;
  }

  static std::string Summary(std::string text) {
    if (text.size() <= kMaxOsvSummaryBytes) return text;
    size_t cut = kMaxOsvSummaryBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text + "...";
  }

  std::vector<sbom::Severity> Severities(const json& value, const std::string& path) const {
    const json& list = Array(value, path, kMaxOsvSeverities);
    std::vector<sbom::Severity> severities;
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string item_path = path + Index(i);
      const json& item = Object(list[i], item_path);
      const json* type = Member(item, "type");
      const json* score = Member(item, "score");
      if (type == nullptr || score == nullptr) {
        Fail(item_path, "needs type and score", "type と score が必要です");
      }
      severities.push_back({Identifier(*type, item_path + ".type"),
                            Text(*score, item_path + ".score", kMaxOsvNameBytes)});
    }
    return severities;
  }

  AffectedPackage Affected(const json& value, const std::string& path) const {
    const json& entry = Object(value, path);
    AffectedPackage affected;
    // The package may be left out when GIT ranges say everything (schema 1.5 and later).
    if (const json* package = Member(entry, "package")) {
      const std::string package_path = path + ".package";
      Object(*package, package_path);
      const json* ecosystem = Member(*package, "ecosystem");
      const json* name = Member(*package, "name");
      if (ecosystem == nullptr || name == nullptr) {
        Fail(package_path, "needs ecosystem and name", "ecosystem と name が必要です");
      }
      affected.package.ecosystem = Identifier(*ecosystem, package_path + ".ecosystem");
      affected.package.name = Text(*name, package_path + ".name", kMaxOsvNameBytes);
      if (affected.package.name.empty()) {
        Fail(package_path + ".name", "must not be empty", "空にできません");
      }
      if (const json* purl = Member(*package, "purl")) {
        affected.package.purl = Text(*purl, package_path + ".purl", kMaxOsvNameBytes);
      }
    }
    if (const json* ranges = Member(entry, "ranges")) {
      const json& list = Array(*ranges, path + ".ranges", kMaxOsvRanges);
      for (size_t i = 0; i < list.size(); ++i) {
        affected.ranges.push_back(Range(list[i], path + ".ranges" + Index(i)));
      }
    }
    if (const json* versions = Member(entry, "versions")) {
      const json& list = Array(*versions, path + ".versions", kMaxOsvVersions);
      affected.versions.reserve(list.size());
      for (size_t i = 0; i < list.size(); ++i) {
        affected.versions.push_back(Identifier(list[i], path + ".versions" + Index(i)));
      }
    }
    return affected;
  }

  AffectedRange Range(const json& value, const std::string& path) const {
    const json& object = Object(value, path);
    AffectedRange range;
    const json* type = Member(object, "type");
    if (type == nullptr) Fail(path + ".type", "missing", "ありません");
    range.type_name = Identifier(*type, path + ".type");
    if (range.type_name == "SEMVER") {
      range.type = RangeType::kSemver;
    } else if (range.type_name == "ECOSYSTEM") {
      range.type = RangeType::kEcosystem;
    } else if (range.type_name == "GIT") {
      range.type = RangeType::kGit;
    } else {
      range.type = RangeType::kOther;
    }
    if (const json* repo = Member(object, "repo")) {
      range.repo = Text(*repo, path + ".repo", kMaxOsvNameBytes);
    }
    const json* events = Member(object, "events");
    if (events == nullptr) Fail(path + ".events", "missing", "ありません");
    const json& list = Array(*events, path + ".events", kMaxOsvEvents);
    bool introduced = false, fixed = false, last_affected = false;
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string event_path = path + ".events" + Index(i);
      const json& event = Object(list[i], event_path);
      static constexpr std::pair<const char*, EventKind> kKinds[] = {
          {"introduced", EventKind::kIntroduced},
          {"fixed", EventKind::kFixed},
          {"last_affected", EventKind::kLastAffected},
          {"limit", EventKind::kLimit}};
      int named = 0;
      RangeEvent read;
      for (const auto& [key, kind] : kKinds) {
        if (const json* version = Member(event, key)) {
          ++named;
          read.kind = kind;
          read.version = Identifier(*version, event_path + "." + key);
        }
      }
      if (named != 1) {
        Fail(event_path, "an event names exactly one of introduced, fixed, last_affected, limit",
             "イベントには introduced, fixed, last_affected, limit のいずれか一つだけを書きます");
      }
      introduced |= read.kind == EventKind::kIntroduced;
      fixed |= read.kind == EventKind::kFixed;
      last_affected |= read.kind == EventKind::kLastAffected;
      range.events.push_back(std::move(read));
    }
    if (!introduced) {
      Fail(path + ".events", "a range needs at least one introduced event",
           "範囲には introduced イベントが少なくとも一つ必要です");
    }
    if (fixed && last_affected) {
      Fail(path + ".events", "a range may have fixed or last_affected events, not both",
           "一つの範囲に fixed と last_affected を併用できません");
    }
    return range;
  }

  const std::string& file_;
  const LinesByPath* lines_;
};

// Line and column of byte `offset` in `text`, for JSON syntax errors.
std::string LineAt(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

bool IsOsvFileName(std::string_view name) {
  std::string lower(name.substr(name.size() >= 5 ? name.size() - 5 : 0));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto ends_with = [&lower](std::string_view suffix) {
    return lower.size() >= suffix.size() &&
           lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".json") || ends_with(".yaml") || ends_with(".yml");
}

Result<Advisory> ReadOsvAdvisory(std::string_view bytes, const std::string& file_name) {
  auto invalid = [&file_name](const std::string& english, const std::string& japanese) {
    return MakeError(ErrorKind::kInvalid, "invalid OSV advisory",
                     file_name + ": " + english + " / " + japanese);
  };
  if (bytes.size() > kMaxOsvFileBytes) {
    return invalid(
        "the file is " + Count(bytes.size()) + " bytes, more than " + Count(kMaxOsvFileBytes),
        "ファイルが上限 " + Count(kMaxOsvFileBytes) + " バイトを超えています");
  }
  if (!IsValidUtf8(bytes)) return invalid("not valid UTF-8", "UTF-8 として読めません");
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return invalid("the file is empty", "ファイルが空です");
  try {
    json root;
    LinesByPath lines;
    const bool yaml = bytes[first] != '{' && bytes[first] != '[';
    if (!yaml) {
      if (JsonNestingDepth(bytes, kMaxOsvDepth) > kMaxOsvDepth) {
        return invalid("the JSON is nested deeper than " + Count(kMaxOsvDepth) + " levels",
                       "JSON の入れ子が " + Count(kMaxOsvDepth) + " 段を超えています");
      }
      try {
        root = json::parse(bytes.begin(), bytes.end());
      } catch (const json::parse_error& e) {
        return invalid("not valid JSON at " + LineAt(bytes, e.byte > 0 ? e.byte - 1 : 0),
                       "JSON として読めません");
      }
    } else {
      YAML::Node document;
      try {
        document = YAML::Load(std::string(bytes));
      } catch (const YAML::Exception& e) {
        return invalid("not valid YAML at line " + std::to_string(e.mark.line + 1) + ": " + e.msg,
                       "YAML として読めません");
      }
      root = YamlToJson(file_name, &lines).Convert(document, "$", 0);
    }
    return AdvisoryReader(file_name, yaml ? &lines : nullptr).Read(root);
  } catch (const OsvFailure& failure) {
    return MakeError(ErrorKind::kInvalid, "invalid OSV advisory", failure.message);
  } catch (const YAML::Exception& e) {
    return invalid("unreadable YAML at line " + std::to_string(e.mark.line + 1) + ": " + e.msg,
                   "YAML として読めません");
  }
}

}  // namespace hoshitori::interchange
