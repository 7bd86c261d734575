// CycloneDX bills of materials: reading JSON and XML into sbom::Bom, writing CycloneDX 1.6 JSON.
// Pure: bytes in, values out.
//
// Versions read: JSON specVersion 1.2 to 1.6 (JSON exists since 1.2); XML namespaces
// http://cyclonedx.org/schema/bom/1.1 to /1.6 (1.1 dependencies come from the
// dependency-graph extension, whose elements have the same names). Refused: 1.0 (no bom-ref, so
// no dependency graph, and no such files in use) and versions after 1.6 (not yet checked
// against their schema); the error says which version was found.
//
// What is read per component: type, bom-ref, group, name, version, purl, cpe, supplier name,
// licences (license id or name, or expression) and hashes; nested components are flattened
// (see sbom/bom.h for what the component count is). Also read: serialNumber,
// metadata.component (the subject) and dependencies. Everything else is ignored.
//
// Errors: nothing is returned on any error; the message names the file, the place in the
// document (a JSON pointer such as /components/12/name, or the XML line and element) and the
// reason. Bounds (sbom/bom.h): kMaxBomBytes per file, kMaxBomDepth nesting levels,
// kMaxComponents components, kMaxDependencyEdges dependency pairs, kMaxValuesPerComponent
// cpes / licences / hashes per component, kMaxFieldBytes per string. XML documents with a
// DOCTYPE or entity declarations are refused.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "sbom/bom.h"

namespace hoshitori::interchange {

// Reads a CycloneDX JSON document. `file_name` is only used in messages.
Result<sbom::Bom> ReadCycloneDxJson(std::string_view text, const std::string& file_name);

// Reads a CycloneDX XML document.
Result<sbom::Bom> ReadCycloneDxXml(std::string_view text, const std::string& file_name);

// Reads XML when the first non-blank character is '<', else JSON.
Result<sbom::Bom> ReadCycloneDx(std::string_view text, const std::string& file_name);

// `bom` as a CycloneDX 1.6 JSON document (2-space indented), valid against the official
// bom-1.6 schema. Nested components are written nested again under their parent; the
// subject becomes metadata.component; an SPDX-sourced bom keeps its refs as bom-refs. A
// component whose ref is empty is written without bom-ref. Supplier, licences and hashes are
// written as CycloneDX expects (a licence that is not a plain SPDX id becomes an expression
// when it contains " AND ", " OR " or " WITH ", else a licence name; hash algorithms are
// mapped to CycloneDX names, and hashes with an algorithm CycloneDX lacks are left out).
std::string WriteCycloneDxJson(const sbom::Bom& bom);

}  // namespace hoshitori::interchange
