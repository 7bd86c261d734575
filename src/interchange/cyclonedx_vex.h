// CycloneDX VEX (JSON, specVersion 1.4 to 1.6): the vulnerabilities[] of a CycloneDX document
// with an analysis, read into and written from sbom::VexDocument. Pure: bytes in, values out.
//
// Per vulnerability with an `analysis` one statement: id -> vulnerability, affects[].ref ->
// products, analysis.state -> status (see sbom/vex.h), analysis.justification as written,
// analysis.detail -> impact, recommendation -> action, analysis.lastUpdated (else
// firstIssued) -> timestamp. Vulnerabilities without an analysis carry no VEX statement and
// are left out. Document: serialNumber -> id, metadata.timestamp, metadata.supplier.name
// (else metadata.manufacture.name) -> author.
//
// Errors: nothing is returned on any error; the message names the file, the JSON pointer and
// the reason (an unknown analysis.state is one). Bounds: sbom/bom.h (bytes, depth, field
// length) and sbom/vex.h (statements, products per statement, text length).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "sbom/vex.h"

namespace hoshitori::interchange {

Result<sbom::VexDocument> ReadCycloneDxVex(std::string_view text, const std::string& file_name);

// `vex` as a CycloneDX 1.6 JSON document valid against the official schema: one vulnerability
// per statement, its products as affects refs, the justification mapped to a CycloneDX code
// (AsCycloneDxJustification; left out when there is none), impact as analysis.detail, action
// as recommendation. The id becomes serialNumber only when it is a urn:uuid.
std::string WriteCycloneDxVex(const sbom::VexDocument& vex);

}  // namespace hoshitori::interchange
