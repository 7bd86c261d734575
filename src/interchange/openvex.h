// OpenVEX documents (JSON, the v0.2.0 schema; v0.0.x documents, whose vulnerability is a
// string, read too) into and from sbom::VexDocument. Pure: bytes in, values out.
//
// Per statement: vulnerability.name (or the string) -> vulnerability; products[] ->
// products (each product's @id, else its identifiers' purl, cpe23 or cpe22); their
// subcomponents likewise -> subcomponents; status; justification, impact_statement,
// action_statement and timestamp as written. Document: @id, author, timestamp.
//
// Errors: nothing is returned on any error; the message names the file, the JSON pointer and
// the reason (an unknown status, a not_affected statement with neither justification nor
// impact_statement, a product with no identifier). Bounds: sbom/bom.h and sbom/vex.h.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "sbom/vex.h"

namespace hoshitori::interchange {

Result<sbom::VexDocument> ReadOpenVex(std::string_view text, const std::string& file_name);

// `vex` as an OpenVEX v0.2.0 document valid against its schema: products that are PURLs get
// identifiers.purl as well as their @id; a justification is mapped to an OpenVEX name
// (AsOpenVexJustification); a CycloneDX code without an OpenVEX equivalent goes into the
// impact statement. Errors (kInvalid) when the schema's requirements cannot be met: no id,
// author or timestamp, no statement, a not_affected statement with neither justification nor
// impact, an affected statement without action.
Result<std::string> WriteOpenVex(const sbom::VexDocument& vex, int version = 1);

}  // namespace hoshitori::interchange
