// SPDX 2.x documents (2.3, and 2.2 which the same reader handles) into sbom::Bom. Pure: bytes
// in, values out. SPDX 3 (JSON-LD) is refused with a message saying so.
//
// Mapping: each package is a component (ref = SPDXID, name, versionInfo, supplier as written,
// licenceDeclared else licenseConcluded without NOASSERTION/NONE, checksums as hashes,
// externalRefs of type purl and cpe22Type/cpe23Type, primaryPackagePurpose as the type).
// Relationships between two packages of this document become dependencies: A DEPENDS_ON B,
// A CONTAINS B, A DYNAMIC_LINK B and A STATIC_LINK B as A -> B; B DEPENDENCY_OF A (and its BUILD_,
// DEV_, OPTIONAL_, PROVIDED_, RUNTIME_, TEST_ forms) and B CONTAINED_BY A as A -> B. The subject is
// the package the document DESCRIBES (documentDescribes or a DESCRIBES relationship from the
// document), when exactly one package is described. Files, snippets, other relationships,
// annotations and licences' texts are not read.
//
// Errors: nothing is returned on any error; the message names the file, the place (a JSON
// pointer, or the tag-value line) and the reason. Bounds as in sbom/bom.h (bytes, depth,
// packages as kMaxComponents, relationships as kMaxDependencyEdges, per-package values, field
// length; in tag-value only the values kept are bounded by kMaxFieldBytes, licence texts and
// comments only by the file size).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "sbom/bom.h"

namespace hoshitori::interchange {

// Reads an SPDX 2.2/2.3 JSON document. `file_name` is only used in messages.
Result<sbom::Bom> ReadSpdxJson(std::string_view text, const std::string& file_name);

// Reads an SPDX 2.2/2.3 tag-value document (UTF-8; a line that is not is refused).
Result<sbom::Bom> ReadSpdxTagValue(std::string_view text, const std::string& file_name);

// Reads JSON when the first non-blank character is '{', else tag-value.
Result<sbom::Bom> ReadSpdx(std::string_view text, const std::string& file_name);

}  // namespace hoshitori::interchange
