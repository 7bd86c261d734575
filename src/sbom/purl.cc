#include "sbom/purl.h"

#include <algorithm>
#include <array>
#include <optional>

namespace hoshitori::sbom {
namespace {

enum class Presence { kOptional, kRequired, kProhibited };

// How one registered type constrains and normalises its components (from the type
// definitions of the purl-spec repository). Types not listed follow the core rules only.
enum TypeRuleFlag : unsigned {
  kNoRule = 0,
  kLowerNamespace = 1u << 0,
  kLowerName = 1u << 1,
  kLowerVersion = 1u << 2,
  kLowerSubpath = 1u << 3,
  kPypiName = 1u << 4,             // '_' becomes '-'
  kPubName = 1u << 5,              // anything but [a-z0-9] becomes '_'
  kNoDoubleColonName = 1u << 6,    // cpan: a distribution name, never a module name
  kChromeExtension = 1u << 7,      // name [a-p]{32}, version 1 to 4 numbers
  kDatabricksLowerName = 1u << 8,  // mlflow: Databricks model names are case-insensitive
  kPathName = 1u << 9,             // git: the namespace is the host, the name the whole path
};

struct TypeRule {
  std::string_view type;
  Presence namespace_presence;
  unsigned rules;                       // TypeRuleFlag bits
  std::string_view required_qualifier;  // empty when none
};

constexpr unsigned kLowerNsName = kLowerNamespace | kLowerName;

constexpr std::array kTypeRules = {
    TypeRule{"alpm", Presence::kRequired, kLowerNsName, ""},
    TypeRule{"apk", Presence::kRequired, kLowerNsName, ""},
    TypeRule{"bazel", Presence::kProhibited, kNoRule, ""},
    TypeRule{"bitbucket", Presence::kRequired, kLowerNsName, ""},
    TypeRule{"bitnami", Presence::kProhibited, kLowerName, ""},
    TypeRule{"brew", Presence::kOptional, kLowerNsName, ""},
    TypeRule{"cargo", Presence::kProhibited, kNoRule, ""},
    TypeRule{"chrome-extension", Presence::kProhibited, kLowerName | kChromeExtension, ""},
    TypeRule{"cocoapods", Presence::kProhibited, kNoRule, ""},
    TypeRule{"composer", Presence::kRequired, kLowerNsName, ""},
    TypeRule{"conda", Presence::kProhibited, kNoRule, ""},
    TypeRule{"cpan", Presence::kOptional, kNoDoubleColonName, ""},
    TypeRule{"cran", Presence::kProhibited, kNoRule, ""},
    TypeRule{"deb", Presence::kRequired, kLowerNsName, ""},
    TypeRule{"gem", Presence::kProhibited, kNoRule, ""},
    TypeRule{"git", Presence::kRequired, kPathName, ""},
    TypeRule{"github", Presence::kRequired, kLowerNsName, ""},
    TypeRule{"golang", Presence::kRequired, kNoRule, ""},
    TypeRule{"hackage", Presence::kProhibited, kNoRule, ""},
    TypeRule{"hex", Presence::kOptional, kLowerNsName, ""},
    TypeRule{"huggingface", Presence::kRequired, kLowerVersion, ""},
    TypeRule{"julia", Presence::kProhibited, kNoRule, "uuid"},
    TypeRule{"luarocks", Presence::kOptional, kLowerNsName, ""},
    TypeRule{"maven", Presence::kRequired, kNoRule, ""},
    TypeRule{"mlflow", Presence::kProhibited, kDatabricksLowerName, ""},
    TypeRule{"nuget", Presence::kProhibited, kNoRule, ""},
    TypeRule{"oci", Presence::kProhibited, kLowerName | kLowerVersion, ""},
    TypeRule{"opam", Presence::kProhibited, kNoRule, ""},
    TypeRule{"otp", Presence::kProhibited, kLowerName | kLowerSubpath, ""},
    TypeRule{"pub", Presence::kProhibited, kLowerName | kPubName, ""},
    TypeRule{"pypi", Presence::kProhibited, kLowerName | kPypiName | kLowerVersion, ""},
    TypeRule{"qpkg", Presence::kRequired, kLowerNamespace, ""},
    TypeRule{"rpm", Presence::kRequired, kLowerNamespace, ""},
    TypeRule{"swid", Presence::kOptional, kNoRule, "tag_id"},
    TypeRule{"swift", Presence::kRequired, kNoRule, ""},
    TypeRule{"vcpkg", Presence::kProhibited, kNoRule, ""},
    TypeRule{"vscode-extension", Presence::kRequired, kLowerNsName | kLowerVersion, ""},
    TypeRule{"yocto", Presence::kOptional, kLowerNamespace, ""},
};

const TypeRule* FindTypeRule(std::string_view type) {
  for (const TypeRule& rule : kTypeRules) {
    if (rule.type == type) return &rule;
  }
  return nullptr;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Error Invalid(std::string_view input, std::string_view what) {
  std::string shown(input.substr(0, 200));
  if (input.size() > 200) shown += "...";
  return MakeError(ErrorKind::kInvalid, "invalid package URL",
                   "package URL '" + shown + "': " + std::string(what));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; nullopt on a '%' not followed by two hex digits.
std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = HexValue(text[i + 1]);
    const int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Percent-encodes every byte except the letters, digits, ".-_~" and ':' (which the
// specification says is never encoded).
std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (IsAsciiAlnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view StripSlashes(std::string_view text) {
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return text;
}

std::string Join(const std::vector<std::string>& segments, std::string_view separator,
                 bool encode) {
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += separator;
    out += encode ? PercentEncode(segments[i]) : segments[i];
  }
  return out;
}

Status CheckType(std::string_view input, std::string_view type) {
  if (type.empty()) return Invalid(input, "the type is missing");
  if (!IsAsciiAlpha(type.front())) return Invalid(input, "the type must start with a letter");
  for (const char c : type) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '-') {
      return Invalid(input, "the type may hold only letters, digits, '.' and '-'");
    }
  }
  return OkStatus();
}

Status CheckQualifierKey(std::string_view input, std::string_view key) {
  if (key.empty() || !IsAsciiAlpha(key.front())) {
    return Invalid(input, "qualifier key '" + std::string(key) + "' must start with a letter");
  }
  for (const char c : key) {
    if (!(c >= 'a' && c <= 'z') && !IsAsciiDigit(c) && c != '.' && c != '-' && c != '_') {
      return Invalid(input, "qualifier key '" + std::string(key) +
                                "' may hold only lowercase letters, digits, '.', '-' and '_'");
    }
  }
  return OkStatus();
}

bool IsChromeExtensionVersion(std::string_view version) {
  const std::vector<std::string_view> parts = Split(version, '.');
  if (parts.size() > 4) return false;
  for (const std::string_view part : parts) {
    if (part.empty()) return false;
    for (const char c : part) {
      if (!IsAsciiDigit(c)) return false;
    }
  }
  return true;
}

// Splits a subpath, namespace or git name on '/', drops empty parts (and, for a subpath, '.' and
// '..'), and percent-decodes when asked. nullopt on a malformed escape.
std::optional<std::vector<std::string>> Segments(std::string_view text, bool decode,
                                                 bool drop_dots) {
  std::vector<std::string> segments;
  for (const std::string_view raw : Split(text, '/')) {
    std::string segment;
    if (decode) {
      std::optional<std::string> decoded = PercentDecode(raw);
      if (!decoded) return std::nullopt;
      segment = std::move(*decoded);
    } else {
      segment = std::string(raw);
    }
    if (segment.empty()) continue;
    if (drop_dots && (segment == "." || segment == "..")) continue;
    segments.push_back(std::move(segment));
  }
  return segments;
}

// Applies the type's normalisation to decoded components and checks what every valid
// Package URL must satisfy. `namespace_segments` and `subpath_segments` hold no empty parts.
Result<PackageUrl> Finish(std::string_view input, std::string type,
                          std::vector<std::string> namespace_segments, std::string name,
                          std::string version,
                          std::vector<std::pair<std::string, std::string>> qualifiers,
                          std::vector<std::string> subpath_segments) {
  type = Lower(type);
  if (Status status = CheckType(input, type); !status) return status.error();
  const TypeRule* rule = FindTypeRule(type);
  const unsigned rules = rule != nullptr ? rule->rules : kNoRule;
  if ((rules & kPathName) != 0) name = Join(*Segments(name, false, false), "/", false);
  if (name.empty()) return Invalid(input, "the name is missing");
  for (const std::string& segment : namespace_segments) {
    if (segment.find('/') != std::string::npos) {
      return Invalid(input, "a namespace segment contains an encoded '/'");
    }
  }
  for (const std::string& segment : subpath_segments) {
    if (segment.find('/') != std::string::npos) {
      return Invalid(input, "a subpath segment contains an encoded '/'");
    }
  }
  if (qualifiers.size() > kMaxPurlQualifiers) {
    return Invalid(input, "more than " + std::to_string(kMaxPurlQualifiers) + " qualifiers");
  }
  std::sort(qualifiers.begin(), qualifiers.end());
  for (size_t i = 0; i < qualifiers.size(); ++i) {
    if (Status status = CheckQualifierKey(input, qualifiers[i].first); !status) {
      return status.error();
    }
    if (i > 0 && qualifiers[i].first == qualifiers[i - 1].first) {
      return Invalid(input, "qualifier key '" + qualifiers[i].first + "' appears twice");
    }
  }

  if (rule != nullptr) {
    if (rule->namespace_presence == Presence::kRequired && namespace_segments.empty()) {
      return Invalid(input, "type '" + type + "' requires a namespace");
    }
    if (rule->namespace_presence == Presence::kProhibited && !namespace_segments.empty()) {
      return Invalid(input, "type '" + type + "' has no namespace");
    }
    if (!rule->required_qualifier.empty() &&
        std::none_of(qualifiers.begin(), qualifiers.end(),
                     [&](const auto& q) { return q.first == rule->required_qualifier; })) {
      return Invalid(input, "type '" + type + "' requires the qualifier '" +
                                std::string(rule->required_qualifier) + "'");
    }
  }
  if ((rules & kLowerNamespace) != 0) {
    for (std::string& segment : namespace_segments) segment = Lower(segment);
  }
  bool lower_name = (rules & kLowerName) != 0;
  if ((rules & kDatabricksLowerName) != 0) {
    for (const auto& [key, value] : qualifiers) {
      if (key == "repository_url" && Lower(value).find("databricks") != std::string::npos) {
        lower_name = true;
      }
    }
  }
  if (lower_name) name = Lower(name);
  if ((rules & kPypiName) != 0) std::replace(name.begin(), name.end(), '_', '-');
  if ((rules & kPubName) != 0) {
    for (char& c : name) {
      if (!(c >= 'a' && c <= 'z') && !IsAsciiDigit(c)) c = '_';
    }
  }
  if ((rules & kLowerVersion) != 0) version = Lower(version);
  if ((rules & kLowerSubpath) != 0) {
    for (std::string& segment : subpath_segments) segment = Lower(segment);
  }
  if ((rules & kNoDoubleColonName) != 0 && name.find("::") != std::string::npos) {
    return Invalid(input, "a " + type + " name is a distribution name and never holds '::'");
  }
  if ((rules & kChromeExtension) != 0) {
    const bool id_ok = name.size() == 32 && std::all_of(name.begin(), name.end(), [](char c) {
                         return c >= 'a' && c <= 'p';
                       });
    if (!id_ok) return Invalid(input, "a chrome-extension name is 32 letters from a to p");
    if (!version.empty() && !IsChromeExtensionVersion(version)) {
      return Invalid(input, "a chrome-extension version is 1 to 4 numbers separated by '.'");
    }
  }

  PackageUrl purl;
  purl.type = std::move(type);
  purl.namespace_ = Join(namespace_segments, "/", false);
  purl.name = std::move(name);
  purl.version = std::move(version);
  purl.qualifiers = std::move(qualifiers);
  purl.subpath = Join(subpath_segments, "/", false);
  return purl;
}

}  // namespace

Result<PackageUrl> ParsePackageUrl(std::string_view text, PurlParseMode mode) {
  if (text.size() > kMaxPackageUrlLength) {
    return Invalid(text, "longer than " + std::to_string(kMaxPackageUrlLength) + " bytes");
  }
  const std::string_view input = text;
  std::string_view remainder = text;

  std::vector<std::string> subpath_segments;
  if (const size_t hash = remainder.rfind('#'); hash != std::string_view::npos) {
    auto segments = Segments(remainder.substr(hash + 1), true, true);
    if (!segments) return Invalid(input, "the subpath has a malformed percent escape");
    subpath_segments = std::move(*segments);
    remainder = remainder.substr(0, hash);
  }

  std::vector<std::pair<std::string, std::string>> qualifiers;
  if (const size_t question = remainder.rfind('?'); question != std::string_view::npos) {
    const std::string_view query = remainder.substr(question + 1);
    remainder = remainder.substr(0, question);
    if (!query.empty()) {
      for (const std::string_view pair : Split(query, '&')) {
        if (qualifiers.size() > kMaxPurlQualifiers) break;  // Finish() reports it
        const size_t equals = pair.find('=');
        if (equals == std::string_view::npos) {
          return Invalid(input, "qualifier '" + std::string(pair) + "' has no '='");
        }
        std::string key(pair.substr(0, equals));
        if (mode == PurlParseMode::kLenient) key = Lower(key);
        std::optional<std::string> value = PercentDecode(pair.substr(equals + 1));
        if (!value) {
          return Invalid(input, "qualifier '" + key + "' has a malformed percent escape");
        }
        if (value->empty()) continue;
        qualifiers.emplace_back(std::move(key), std::move(*value));
      }
    }
  }

  const size_t colon = remainder.find(':');
  if (colon == std::string_view::npos || Lower(remainder.substr(0, colon)) != "pkg") {
    return Invalid(input, "a package URL starts with 'pkg:'");
  }
  remainder = remainder.substr(colon + 1);
  while (!remainder.empty() && remainder.front() == '/') remainder.remove_prefix(1);

  const size_t type_end = remainder.find('/');
  if (type_end == std::string_view::npos) {
    return Invalid(input, "a package URL needs a type and a name ('pkg:type/name')");
  }
  const std::string type(remainder.substr(0, type_end));
  if (Status status = CheckType(input, type); !status) return status.error();
  remainder = remainder.substr(type_end + 1);

  // The version follows the last '@' after the last '/': an '@' before it is part of a
  // namespace (an unencoded npm scope such as "@babel").
  std::string version;
  if (const size_t at = remainder.rfind('@');
      at != std::string_view::npos &&
      (remainder.rfind('/') == std::string_view::npos || at > remainder.rfind('/'))) {
    std::optional<std::string> decoded = PercentDecode(remainder.substr(at + 1));
    if (!decoded) return Invalid(input, "the version has a malformed percent escape");
    version = std::move(*decoded);
    remainder = remainder.substr(0, at);
  }

  // A trailing '/' leaves the name empty, which Finish() reports.
  std::string_view encoded_name = remainder;
  std::string_view encoded_namespace;
  const TypeRule* rule = FindTypeRule(Lower(type));
  const bool path_name = rule != nullptr && (rule->rules & kPathName) != 0;
  const size_t slash = path_name ? remainder.find('/') : remainder.rfind('/');
  if (slash != std::string_view::npos) {
    encoded_name = remainder.substr(slash + 1);
    encoded_namespace = remainder.substr(0, slash);
  }
  std::optional<std::string> name;
  if (path_name) {
    auto name_segments = Segments(encoded_name, true, false);
    if (!name_segments) return Invalid(input, "the name has a malformed percent escape");
    for (const std::string& segment : *name_segments) {
      if (segment.find('/') != std::string::npos) {
        return Invalid(input, "a name segment contains an encoded '/'");
      }
    }
    name = Join(*name_segments, "/", false);
  } else {
    name = PercentDecode(encoded_name);
  }
  if (!name) return Invalid(input, "the name has a malformed percent escape");
  auto namespace_segments = Segments(encoded_namespace, true, false);
  if (!namespace_segments) return Invalid(input, "the namespace has a malformed percent escape");

  return Finish(input, type, std::move(*namespace_segments), std::move(*name), std::move(version),
                std::move(qualifiers), std::move(subpath_segments));
}

Result<PackageUrl> BuildPackageUrl(
    std::string_view type, std::string_view namespace_, std::string_view name,
    std::string_view version, const std::vector<std::pair<std::string, std::string>>& qualifiers,
    std::string_view subpath) {
  const std::string where =
      "pkg:" + std::string(type.substr(0, 64)) + "/" + std::string(name.substr(0, 128));
  for (const std::string_view component : {type, namespace_, name, version, subpath}) {
    if (component.size() > kMaxPackageUrlLength) {
      return Invalid(
          where, "a component is longer than " + std::to_string(kMaxPackageUrlLength) + " bytes");
    }
  }
  if (qualifiers.size() > kMaxPurlQualifiers) {
    return Invalid(where, "more than " + std::to_string(kMaxPurlQualifiers) + " qualifiers");
  }
  std::vector<std::pair<std::string, std::string>> kept;
  for (const auto& [key, value] : qualifiers) {
    if (key.size() > kMaxPackageUrlLength || value.size() > kMaxPackageUrlLength) {
      return Invalid(
          where, "a qualifier is longer than " + std::to_string(kMaxPackageUrlLength) + " bytes");
    }
    if (!value.empty()) kept.emplace_back(Lower(key), value);
  }
  return Finish(where, std::string(type), *Segments(namespace_, false, false),
                std::string(StripSlashes(name)), std::string(version), std::move(kept),
                *Segments(subpath, false, true));
}

std::string PackageKey(const PackageUrl& purl) {
  std::string out = "pkg:" + purl.type + "/";
  if (!purl.namespace_.empty()) {
    for (const std::string_view segment : Split(purl.namespace_, '/')) {
      out += PercentEncode(segment);
      out += '/';
    }
  }
  const TypeRule* rule = FindTypeRule(purl.type);
  if (rule != nullptr && (rule->rules & kPathName) != 0) {
    std::vector<std::string> segments;
    for (const std::string_view segment : Split(purl.name, '/')) segments.emplace_back(segment);
    out += Join(segments, "/", true);
  } else {
    out += PercentEncode(purl.name);
  }
  return out;
}

std::string ToString(const PackageUrl& purl) {
  std::string out = PackageKey(purl);
  if (!purl.version.empty()) out += "@" + PercentEncode(purl.version);
  bool first = true;
  for (const auto& [key, value] : purl.qualifiers) {
    if (value.empty()) continue;
    out += first ? '?' : '&';
    first = false;
    out += key;
    out += '=';
    out += PercentEncode(value);
  }
  if (!purl.subpath.empty()) {
    out += '#';
    bool first_segment = true;
    for (const std::string_view segment : Split(purl.subpath, '/')) {
      if (!first_segment) out += '/';
      first_segment = false;
      out += PercentEncode(segment);
    }
  }
  return out;
}

}  // namespace hoshitori::sbom
