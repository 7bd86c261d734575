// VEX (Vulnerability Exploitability eXchange): a supplier's statements that its products are or
// are not affected by a vulnerability. Read from and written to CycloneDX VEX
// (interchange/cyclonedx_vex.h) and OpenVEX (interchange/openvex.h). Plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hoshitori::sbom {

// The four statuses VEX knows (OpenVEX names; CycloneDX analysis states map onto them).
enum class VexStatus { kNotAffected, kAffected, kFixed, kUnderInvestigation };

// "not_affected", "affected", "fixed", "under_investigation".
std::string_view VexStatusName(VexStatus status);
std::optional<VexStatus> VexStatusFromName(std::string_view name);

// CycloneDX analysis.state -> status: not_affected and false_positive -> not_affected,
// exploitable -> affected, resolved and resolved_with_pedigree -> fixed, in_triage ->
// under_investigation; nullopt for anything else.
std::optional<VexStatus> VexStatusFromCycloneDxState(std::string_view state);
// status -> CycloneDX analysis.state (not_affected, exploitable, resolved, in_triage).
std::string_view CycloneDxStateOf(VexStatus status);

// Whether `justification` is one of OpenVEX's five justification names / CycloneDX's nine
// analysis.justification codes.
bool IsOpenVexJustification(std::string_view justification);
bool IsCycloneDxJustification(std::string_view justification);

// A justification in the other format's vocabulary ("" when `justification` is in neither):
// code_not_present <-> vulnerable_code_not_present, code_not_reachable <->
// vulnerable_code_not_in_execute_path, requires_* -> vulnerable_code_cannot_be_controlled_by_
// adversary (back: requires_environment), protected_* -> inline_mitigations_already_exist
// (back: protected_by_mitigating_control), component_not_present -> code_not_present. A
// justification already in the wanted vocabulary is returned as it is.
std::string AsOpenVexJustification(std::string_view justification);
std::string AsCycloneDxJustification(std::string_view justification);

struct VexStatement {
  std::string vulnerability;  // "CVE-2021-44228", "GHSA-...", as written
  // What the statement is about: PURLs, CycloneDX bom-refs / BOM-Links (affects[].ref) or
  // OpenVEX product ids, as written. May be empty (a CycloneDX vulnerability without affects).
  std::vector<std::string> products;
  std::vector<std::string> subcomponents;  // OpenVEX subcomponents' ids; CycloneDX: none
  VexStatus status = VexStatus::kUnderInvestigation;
  std::string justification;  // as written (CycloneDX code or OpenVEX name); "" when none
  std::string impact;         // why not affected: OpenVEX impact_statement, CycloneDX detail
  std::string action;         // what to do: OpenVEX action_statement, CycloneDX recommendation
  std::string timestamp;      // OpenVEX statement timestamp, CycloneDX analysis.lastUpdated
  bool operator==(const VexStatement&) const = default;
};

struct VexDocument {
  std::string id;         // OpenVEX @id, CycloneDX serialNumber
  std::string author;     // OpenVEX author; CycloneDX metadata.supplier.name, else manufacture
  std::string timestamp;  // OpenVEX timestamp, CycloneDX metadata.timestamp
  std::vector<VexStatement> statements;
};

// Bounds the VEX readers enforce (besides kMaxBomBytes, kMaxBomDepth and kMaxFieldBytes of
// sbom/bom.h, which apply too; free texts — impact, action — may be up to kMaxVexTextBytes).
inline constexpr size_t kMaxVexStatements = 100'000;
inline constexpr size_t kMaxVexProductsPerStatement = 10'000;
inline constexpr size_t kMaxVexTextBytes = 65'536;

}  // namespace hoshitori::sbom
