// What the SPDX JSON and tag-value readers share (internal to interchange): turning package
// fields into a component and relationships into dependencies and the subject (see spdx.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/bom.h"

namespace hoshitori::interchange::sbom_detail {

// "SPDX-2.3" -> "2.3" for the versions read (2.2, 2.3); nullopt otherwise.
std::optional<std::string> SupportedSpdxVersion(std::string_view spdx_version);

// primaryPackagePurpose ("OPERATING_SYSTEM") as a component type ("operating-system").
std::string SpdxPurposeAsType(std::string_view purpose);

// Sets component->licenses from licenseDeclared, else licenseConcluded (NOASSERTION, NONE and
// empty count as absent).
void SetSpdxLicenses(std::string_view declared, std::string_view concluded,
                     sbom::Component* component);

// Records an external reference: purl sets component->purl, cpe22Type / cpe23Type add a cpe;
// others are ignored. False when the package already has kMaxValuesPerComponent cpes.
bool AddSpdxExternalRef(std::string_view type, std::string_view locator,
                        sbom::Component* component);

struct SpdxRelationship {
  std::string from;
  std::string type;
  std::string to;
};

// Completes `bom` (whose components are the packages): dependencies from `relationships`
// (only between two packages of the document), and the subject from `describes` (ids from
// documentDescribes) and DESCRIBES relationships from `document_id`.
void FinishSpdxBom(const std::vector<SpdxRelationship>& relationships,
                   const std::vector<std::string>& describes, std::string_view document_id,
                   sbom::Bom* bom);

}  // namespace hoshitori::interchange::sbom_detail
