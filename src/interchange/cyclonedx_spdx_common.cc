#include "interchange/cyclonedx_spdx_common.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace hoshitori::interchange::sbom_detail {

Error SbomError(std::string_view file_name, std::string_view where, std::string_view reason) {
  std::string message(file_name);
  message += ": ";
  if (!where.empty()) {
    message += where;
    message += ": ";
  }
  message += reason;
  return MakeError(ErrorKind::kInvalid, "Invalid SBOM", std::move(message));
}

std::optional<Error> CheckBomSize(std::string_view text, std::string_view file_name) {
  if (text.size() <= sbom::kMaxBomBytes) return std::nullopt;
  return SbomError(file_name, "",
                   "the file is larger than " + std::to_string(sbom::kMaxBomBytes >> 20) + " MiB");
}

char FirstSignificantChar(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  }
  return '\0';
}

std::string JsonPath::ToString() const {
  if (segments_.empty()) return "/";
  std::string out;
  for (const auto& segment : segments_) {
    out += '/';
    if (const auto* index = std::get_if<size_t>(&segment)) {
      out += std::to_string(*index);
      continue;
    }
    for (char c : std::get<std::string_view>(segment)) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
  }
  return out;
}

size_t DependencyCollector::EntryOf(std::string_view from) {
  if (const auto at = index_.find(from); at != index_.end()) return at->second;
  const std::string& ref = refs_.emplace_back(from);
  index_.emplace(ref, dependencies_.size());
  dependencies_.push_back(sbom::Dependency{ref, {}});
  return dependencies_.size() - 1;
}

void DependencyCollector::Touch(std::string_view from) { EntryOf(from); }

bool DependencyCollector::Add(std::string_view from, std::string_view to) {
  // Most dependents list a few targets: a scan finds repeats faster than hashing. Past
  // kScanLimit targets the entry's pairs go into pairs_ so long lists stay linear.
  constexpr size_t kScanLimit = 16;
  sbom::Dependency& entry = dependencies_[EntryOf(from)];
  std::vector<std::string>& targets = entry.depends_on;
  if (targets.size() < kScanLimit) {
    if (std::find(targets.begin(), targets.end(), to) != targets.end()) return true;
  } else {
    auto key = [&from](std::string_view target) {
      std::string pair;
      pair.reserve(from.size() + target.size() + 1);
      pair.append(from).push_back('\0');
      pair.append(target);
      return pair;
    };
    if (targets.size() == kScanLimit) {
      for (const std::string& target : targets) pairs_.insert(key(target));
    }
    if (!pairs_.insert(key(to)).second) return true;
  }
  if (++edges_ > sbom::kMaxDependencyEdges) return false;
  targets.emplace_back(to);
  return true;
}

namespace {

// "line 3, column 14" of a byte offset (1-based, counting bytes).
std::string LineAndColumn(std::string_view text, size_t offset) {
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

bool JsonWalker::Parse(std::string_view text, simdjson::dom::element* root) {
  if (auto error = CheckBomSize(text, file_name_)) {
    error_ = std::move(error);
    return false;
  }
  thread_local simdjson::dom::parser parser;
  thread_local std::string padded;  // the text followed by simdjson's padding
  if (parser.max_depth() != sbom::kMaxBomDepth || parser.capacity() < text.size()) {
    if (parser.allocate(text.size(), sbom::kMaxBomDepth) != simdjson::SUCCESS) {
      return Fail("out of memory while reading JSON");
    }
  }
  padded.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  padded.assign(text);
  padded.append(simdjson::SIMDJSON_PADDING, '\0');
  const simdjson::error_code code = parser.parse(padded.data(), text.size(), false).get(*root);
  if (code == simdjson::SUCCESS) return true;
  if (code == simdjson::DEPTH_ERROR) {
    return Fail("values are nested more than " + std::to_string(sbom::kMaxBomDepth) +
                " levels deep");
  }
  // simdjson does not say where the text goes wrong; a second, slower parser does.
  std::string where;
  try {
    const nlohmann::json checked = nlohmann::json::parse(text);
    (void)checked;
  } catch (const nlohmann::json::parse_error& e) {
    where = LineAndColumn(text, e.byte > 0 ? e.byte - 1 : 0) + ": ";
  } catch (const std::exception&) {
  }
  error_ =
      SbomError(file_name_, "", where + "not valid JSON (" + simdjson::error_message(code) + ")");
  return false;
}

bool JsonWalker::Fail(std::string_view reason) {
  if (!error_) error_ = SbomError(file_name_, path_.ToString(), reason);
  return false;
}

bool JsonWalker::FailAt(std::string_view key, std::string_view reason) {
  path_.Push(key);
  Fail(reason);
  path_.Pop();
  return false;
}

bool JsonWalker::ObjectAt(simdjson::dom::element value, simdjson::dom::object* out) {
  if (failed()) return false;
  if (value.get_object().get(*out) != simdjson::SUCCESS) return Fail("must be an object");
  return true;
}

bool JsonWalker::OptionalArray(simdjson::dom::object object, std::string_view key,
                               simdjson::dom::array* out, bool* present) {
  *present = false;
  if (failed()) return false;
  simdjson::dom::element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return true;
  if (value.get_array().get(*out) != simdjson::SUCCESS) return FailAt(key, "must be an array");
  *present = true;
  return true;
}

bool JsonWalker::OptionalObject(simdjson::dom::object object, std::string_view key,
                                simdjson::dom::object* out, bool* present) {
  *present = false;
  if (failed()) return false;
  simdjson::dom::element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return true;
  if (value.get_object().get(*out) != simdjson::SUCCESS) return FailAt(key, "must be an object");
  *present = true;
  return true;
}

bool JsonWalker::StringValue(simdjson::dom::element value, std::string* out, size_t max_bytes) {
  if (failed()) return false;
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return Fail("must be a string");
  if (text.size() > max_bytes) {
    return Fail("is longer than " + std::to_string(max_bytes) + " bytes");
  }
  out->assign(text);
  return true;
}

bool JsonWalker::StringMember(std::string_view key, simdjson::dom::element value, std::string* out,
                              size_t max_bytes) {
  if (failed()) return false;
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return FailAt(key, "must be a string");
  if (text.size() > max_bytes) {
    return FailAt(key, "is longer than " + std::to_string(max_bytes) + " bytes");
  }
  out->assign(text);
  return true;
}

bool JsonWalker::OptionalString(simdjson::dom::object object, std::string_view key,
                                std::string* out, size_t max_bytes) {
  if (failed()) return false;
  simdjson::dom::element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return true;
  return StringMember(key, value, out, max_bytes);
}

bool JsonWalker::RequiredString(simdjson::dom::object object, std::string_view key,
                                std::string* out, size_t max_bytes) {
  if (failed()) return false;
  simdjson::dom::element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return FailAt(key, "is required");
  return StringMember(key, value, out, max_bytes);
}

}  // namespace hoshitori::interchange::sbom_detail
