#include "interchange/spdx_common.h"

#include <cctype>
#include <unordered_set>

#include "interchange/cyclonedx_spdx_common.h"

namespace hoshitori::interchange::sbom_detail {

std::optional<std::string> SupportedSpdxVersion(std::string_view spdx_version) {
  if (spdx_version == "SPDX-2.2" || spdx_version == "SPDX-2.3") {
    return std::string(spdx_version.substr(5));
  }
  return std::nullopt;
}

std::string SpdxPurposeAsType(std::string_view purpose) {
  std::string type;
  for (char c : purpose) {
    type += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return type;
}

namespace {

bool IsAbsent(std::string_view license) {
  return license.empty() || license == "NOASSERTION" || license == "NONE";
}

// A dependency relationship as (dependent, dependency) given A TYPE B, or nullopt.
std::optional<std::pair<std::string_view, std::string_view>> DependencyPair(
    const SpdxRelationship& relationship) {
  const std::string_view type = relationship.type;
  if (type == "DEPENDS_ON" || type == "CONTAINS" || type == "DYNAMIC_LINK" ||
      type == "STATIC_LINK") {
    return std::make_pair(std::string_view(relationship.from), std::string_view(relationship.to));
  }
  constexpr std::string_view kDependencyOf = "DEPENDENCY_OF";
  const bool dependency_of = type.size() >= kDependencyOf.size() &&
                             type.substr(type.size() - kDependencyOf.size()) == kDependencyOf;
  if (dependency_of || type == "CONTAINED_BY") {
    return std::make_pair(std::string_view(relationship.to), std::string_view(relationship.from));
  }
  return std::nullopt;
}

}  // namespace

void SetSpdxLicenses(std::string_view declared, std::string_view concluded,
                     sbom::Component* component) {
  component->licenses.clear();
  if (!IsAbsent(declared)) {
    component->licenses.emplace_back(declared);
  } else if (!IsAbsent(concluded)) {
    component->licenses.emplace_back(concluded);
  }
}

bool AddSpdxExternalRef(std::string_view type, std::string_view locator,
                        sbom::Component* component) {
  if (type == "purl") {
    component->purl = locator;
  } else if (type == "cpe22Type" || type == "cpe23Type") {
    if (component->cpes.size() >= sbom::kMaxValuesPerComponent) return false;
    component->cpes.emplace_back(locator);
  }
  return true;
}

void FinishSpdxBom(const std::vector<SpdxRelationship>& relationships,
                   const std::vector<std::string>& describes, std::string_view document_id,
                   sbom::Bom* bom) {
  std::unordered_set<std::string_view> packages;
  for (const sbom::Component& component : bom->components) packages.insert(component.ref);
  DependencyCollector collector;
  std::vector<std::string_view> described(describes.begin(), describes.end());
  for (const SpdxRelationship& relationship : relationships) {
    if (relationship.type == "DESCRIBES" && relationship.from == document_id) {
      described.push_back(relationship.to);
    } else if (relationship.type == "DESCRIBED_BY" && relationship.to == document_id) {
      described.push_back(relationship.from);
    }
    const auto pair = DependencyPair(relationship);
    if (!pair || !packages.count(pair->first) || !packages.count(pair->second)) continue;
    // The readers bound the relationships to kMaxDependencyEdges, so this cannot refuse.
    collector.Add(pair->first, pair->second);
  }
  bom->dependencies = collector.Take();

  std::optional<size_t> subject;
  for (std::string_view id : described) {
    if (!packages.count(id)) continue;
    const auto index = sbom::FindComponent(*bom, id);
    if (subject && *subject != *index) return;  // more than one package described
    subject = index;
  }
  if (subject) bom->subject = bom->components[*subject];
}

}  // namespace hoshitori::interchange::sbom_detail
