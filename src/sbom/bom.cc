#include "sbom/bom.h"

namespace hoshitori::sbom {

std::string_view FormatName(BomFormat format) {
  switch (format) {
    case BomFormat::kCycloneDx:
      return "CycloneDX";
    case BomFormat::kSpdx:
      return "SPDX";
  }
  return "?";
}

std::string_view EncodingName(BomEncoding encoding) {
  switch (encoding) {
    case BomEncoding::kJson:
      return "JSON";
    case BomEncoding::kXml:
      return "XML";
    case BomEncoding::kTagValue:
      return "tag-value";
  }
  return "?";
}

size_t DependencyEdgeCount(const std::vector<Dependency>& dependencies) {
  size_t edges = 0;
  for (const Dependency& dependency : dependencies) edges += dependency.depends_on.size();
  return edges;
}

std::optional<size_t> FindComponent(const Bom& bom, std::string_view ref) {
  if (ref.empty()) return std::nullopt;
  for (size_t i = 0; i < bom.components.size(); ++i) {
    if (bom.components[i].ref == ref) return i;
  }
  return std::nullopt;
}

}  // namespace hoshitori::sbom
