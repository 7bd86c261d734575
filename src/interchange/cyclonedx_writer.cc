// sbom::Bom as CycloneDX 1.6 JSON (see cyclonedx.h). Values the 1.6 schema would refuse are
// adapted or left out, as the header says, so that the output is always valid.
#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

#include "interchange/cyclonedx.h"

namespace hoshitori::interchange {

namespace {

using ordered_json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 13> kComponentTypes = {"application",
                                                              "framework",
                                                              "library",
                                                              "container",
                                                              "platform",
                                                              "operating-system",
                                                              "device",
                                                              "device-driver",
                                                              "firmware",
                                                              "file",
                                                              "machine-learning-model",
                                                              "data",
                                                              "cryptographic-asset"};

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// "urn:uuid:" and a lower-case RFC 4122 UUID, as the 1.6 schema's serialNumber pattern wants.
bool IsUrnUuid(std::string_view text) {
  constexpr std::string_view kPrefix = "urn:uuid:";
  if (text.size() != kPrefix.size() + 36 || text.substr(0, kPrefix.size()) != kPrefix) {
    return false;
  }
  const std::string_view uuid = text.substr(kPrefix.size());
  for (size_t i = 0; i < uuid.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? uuid[i] != '-' : !(IsHex(uuid[i]) && !std::isupper(uuid[i]))) return false;
  }
  return true;
}

// The CycloneDX name of a hash algorithm written the CycloneDX or the SPDX way ("SHA256"), or
// "" when CycloneDX has none.
std::string_view CycloneDxHashAlgorithm(std::string_view algorithm) {
  std::string key;
  for (char c : algorithm) {
    if (c != '-' && c != '_') key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kNames = {{
      {"MD5", "MD5"},
      {"SHA1", "SHA-1"},
      {"SHA256", "SHA-256"},
      {"SHA384", "SHA-384"},
      {"SHA512", "SHA-512"},
      {"SHA3256", "SHA3-256"},
      {"SHA3384", "SHA3-384"},
      {"SHA3512", "SHA3-512"},
      {"BLAKE2B256", "BLAKE2b-256"},
      {"BLAKE2B384", "BLAKE2b-384"},
      {"BLAKE2B512", "BLAKE2b-512"},
      {"BLAKE3", "BLAKE3"},
  }};
  for (const auto& [spelling, name] : kNames) {
    if (key == spelling) return name;
  }
  return {};
}

bool IsHashContent(std::string_view value) {
  const size_t n = value.size();
  if (n != 32 && n != 40 && n != 64 && n != 96 && n != 128) return false;
  for (char c : value) {
    if (!IsHex(c)) return false;
  }
  return true;
}

// Whether `text` reads as an SPDX licence expression (ids joined by AND / OR / WITH, with
// parentheses) rather than a free licence name such as "Apache License 2.0".
bool LooksLikeExpression(std::string_view text) {
  if (text.empty()) return false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    while (!word.empty() && (word.front() == '(')) word.remove_prefix(1);
    while (!word.empty() && (word.back() == ')')) word.remove_suffix(1);
    if (word.empty()) return false;
    if (word != "AND" && word != "OR" && word != "WITH") {
      for (char c : word) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '+' &&
            c != ':') {
          return false;
        }
      }
    }
    start = end + 1;
  }
  return true;
}

ordered_json ComponentJson(const sbom::Component& component) {
  ordered_json out = ordered_json::object();
  const bool known_type = std::find(kComponentTypes.begin(), kComponentTypes.end(),
                                    component.type) != kComponentTypes.end();
  out["type"] = known_type ? component.type : std::string("library");
  if (!component.ref.empty()) out["bom-ref"] = component.ref;
  if (!component.supplier.empty()) out["supplier"] = {{"name", component.supplier}};
  if (!component.group.empty()) out["group"] = component.group;
  out["name"] = component.name;
  if (!component.version.empty()) out["version"] = component.version;
  ordered_json hashes = ordered_json::array();
  for (const sbom::ComponentHash& hash : component.hashes) {
    const std::string_view algorithm = CycloneDxHashAlgorithm(hash.algorithm);
    if (algorithm.empty() || !IsHashContent(hash.value)) continue;
    hashes.push_back({{"alg", std::string(algorithm)}, {"content", hash.value}});
  }
  if (!hashes.empty()) out["hashes"] = std::move(hashes);
  if (component.licenses.size() == 1 && LooksLikeExpression(component.licenses.front())) {
    out["licenses"] = ordered_json::array({{{"expression", component.licenses.front()}}});
  } else if (!component.licenses.empty()) {
    ordered_json licenses = ordered_json::array();
    for (const std::string& license : component.licenses) {
      licenses.push_back({{"license", {{"name", license}}}});
    }
    out["licenses"] = std::move(licenses);
  }
  if (!component.cpes.empty()) out["cpe"] = component.cpes.front();
  if (!component.purl.empty()) out["purl"] = component.purl;
  return out;
}

}  // namespace

std::string WriteCycloneDxJson(const sbom::Bom& bom) {
  ordered_json document = ordered_json::object();
  document["bomFormat"] = "CycloneDX";
  document["specVersion"] = "1.6";
  if (IsUrnUuid(bom.serial_number)) document["serialNumber"] = bom.serial_number;
  document["version"] = 1;
  if (bom.subject) document["metadata"] = {{"component", ComponentJson(*bom.subject)}};

  // Children are written inside their parent: build each component's JSON, then attach it
  // to its parent's (parents come first, so walking backwards attaches children in order).
  std::vector<ordered_json> built;
  built.reserve(bom.components.size());
  for (const sbom::Component& component : bom.components) built.push_back(ComponentJson(component));
  std::vector<std::vector<size_t>> children(bom.components.size());
  std::vector<size_t> top;
  for (size_t i = 0; i < bom.components.size(); ++i) {
    const auto& parent = bom.components[i].parent;
    if (parent && *parent < i) {
      children[*parent].push_back(i);
    } else {
      top.push_back(i);
    }
  }
  for (size_t i = bom.components.size(); i-- > 0;) {
    if (children[i].empty()) continue;
    ordered_json nested = ordered_json::array();
    for (size_t child : children[i]) nested.push_back(std::move(built[child]));
    built[i]["components"] = std::move(nested);
  }
  ordered_json components = ordered_json::array();
  for (size_t i : top) components.push_back(std::move(built[i]));
  document["components"] = std::move(components);

  ordered_json dependencies = ordered_json::array();
  for (const sbom::Dependency& dependency : bom.dependencies) {
    if (dependency.ref.empty()) continue;
    ordered_json entry = {{"ref", dependency.ref}};
    ordered_json targets = ordered_json::array();
    for (const std::string& target : dependency.depends_on) {
      if (!target.empty()) targets.push_back(target);
    }
    if (!targets.empty()) entry["dependsOn"] = std::move(targets);
    dependencies.push_back(std::move(entry));
  }
  if (!dependencies.empty()) document["dependencies"] = std::move(dependencies);
  // Readers hand over valid UTF-8; a hand-built Bom with broken text gets U+FFFD, not a throw.
  return document.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace hoshitori::interchange
