#include "sbom/vex.h"

#include <array>
#include <utility>

namespace hoshitori::sbom {

namespace {

constexpr std::array<std::pair<VexStatus, std::string_view>, 4> kStatusNames = {{
    {VexStatus::kNotAffected, "not_affected"},
    {VexStatus::kAffected, "affected"},
    {VexStatus::kFixed, "fixed"},
    {VexStatus::kUnderInvestigation, "under_investigation"},
}};

constexpr std::array<std::string_view, 5> kOpenVexJustifications = {
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};

// CycloneDX justification code -> the OpenVEX name closest to it.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kCycloneDxToOpenVex = {{
    {"code_not_present", "vulnerable_code_not_present"},
    {"code_not_reachable", "vulnerable_code_not_in_execute_path"},
    {"requires_configuration", "vulnerable_code_cannot_be_controlled_by_adversary"},
    {"requires_dependency", "vulnerable_code_cannot_be_controlled_by_adversary"},
    {"requires_environment", "vulnerable_code_cannot_be_controlled_by_adversary"},
    {"protected_by_compiler", "inline_mitigations_already_exist"},
    {"protected_at_runtime", "inline_mitigations_already_exist"},
    {"protected_at_perimeter", "inline_mitigations_already_exist"},
    {"protected_by_mitigating_control", "inline_mitigations_already_exist"},
}};

// OpenVEX name -> the CycloneDX code closest to it.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kOpenVexToCycloneDx = {{
    {"component_not_present", "code_not_present"},
    {"vulnerable_code_not_present", "code_not_present"},
    {"vulnerable_code_not_in_execute_path", "code_not_reachable"},
    {"vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment"},
    {"inline_mitigations_already_exist", "protected_by_mitigating_control"},
}};

}  // namespace

std::string_view VexStatusName(VexStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "under_investigation";
}

std::optional<VexStatus> VexStatusFromName(std::string_view name) {
  for (const auto& [value, text] : kStatusNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::optional<VexStatus> VexStatusFromCycloneDxState(std::string_view state) {
  if (state == "not_affected" || state == "false_positive") return VexStatus::kNotAffected;
  if (state == "exploitable") return VexStatus::kAffected;
  if (state == "resolved" || state == "resolved_with_pedigree") return VexStatus::kFixed;
  if (state == "in_triage") return VexStatus::kUnderInvestigation;
  return std::nullopt;
}

std::string_view CycloneDxStateOf(VexStatus status) {
  switch (status) {
    case VexStatus::kNotAffected:
      return "not_affected";
    case VexStatus::kAffected:
      return "exploitable";
    case VexStatus::kFixed:
      return "resolved";
    case VexStatus::kUnderInvestigation:
      return "in_triage";
  }
  return "in_triage";
}

bool IsOpenVexJustification(std::string_view justification) {
  for (std::string_view name : kOpenVexJustifications) {
    if (name == justification) return true;
  }
  return false;
}

bool IsCycloneDxJustification(std::string_view justification) {
  for (const auto& [code, name] : kCycloneDxToOpenVex) {
    if (code == justification) return true;
  }
  return false;
}

std::string AsOpenVexJustification(std::string_view justification) {
  if (IsOpenVexJustification(justification)) return std::string(justification);
  for (const auto& [code, name] : kCycloneDxToOpenVex) {
    if (code == justification) return std::string(name);
  }
  return "";
}

std::string AsCycloneDxJustification(std::string_view justification) {
  if (IsCycloneDxJustification(justification)) return std::string(justification);
  for (const auto& [name, code] : kOpenVexToCycloneDx) {
    if (name == justification) return std::string(code);
  }
  return "";
}

}  // namespace hoshitori::sbom
