// The VEX vocabulary: statuses and the justifications of CycloneDX and OpenVEX.
#include "sbom/vex.h"

#include <gtest/gtest.h>

namespace hoshitori::sbom {
namespace {

TEST(Vex, StatusNamesRoundTrip) {
  for (VexStatus status : {VexStatus::kNotAffected, VexStatus::kAffected, VexStatus::kFixed,
                           VexStatus::kUnderInvestigation}) {
    EXPECT_EQ(VexStatusFromName(VexStatusName(status)), status);
    EXPECT_EQ(VexStatusFromCycloneDxState(CycloneDxStateOf(status)), status);
  }
  EXPECT_EQ(VexStatusFromName("unknown"), std::nullopt);
}

TEST(Vex, CycloneDxStatesMapOntoTheFourStatuses) {
  EXPECT_EQ(VexStatusFromCycloneDxState("false_positive"), VexStatus::kNotAffected);
  EXPECT_EQ(VexStatusFromCycloneDxState("exploitable"), VexStatus::kAffected);
  EXPECT_EQ(VexStatusFromCycloneDxState("resolved_with_pedigree"), VexStatus::kFixed);
  EXPECT_EQ(VexStatusFromCycloneDxState("in_triage"), VexStatus::kUnderInvestigation);
  EXPECT_EQ(VexStatusFromCycloneDxState("affected"), std::nullopt);
}

TEST(Vex, JustificationsTranslateBetweenTheFormats) {
  EXPECT_EQ(AsOpenVexJustification("code_not_reachable"), "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(AsOpenVexJustification("requires_dependency"),
            "vulnerable_code_cannot_be_controlled_by_adversary");
  EXPECT_EQ(AsOpenVexJustification("protected_at_runtime"), "inline_mitigations_already_exist");
  EXPECT_EQ(AsOpenVexJustification("component_not_present"), "component_not_present");
  EXPECT_EQ(AsOpenVexJustification("because"), "");
  EXPECT_EQ(AsCycloneDxJustification("vulnerable_code_not_present"), "code_not_present");
  EXPECT_EQ(AsCycloneDxJustification("component_not_present"), "code_not_present");
  EXPECT_EQ(AsCycloneDxJustification("code_not_reachable"), "code_not_reachable");
  EXPECT_EQ(AsCycloneDxJustification(""), "");
  // Every name of one vocabulary has a counterpart that maps back into the same family.
  for (std::string_view code :
       {"code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
        "requires_environment", "protected_by_compiler", "protected_at_runtime",
        "protected_at_perimeter", "protected_by_mitigating_control"}) {
    EXPECT_TRUE(IsCycloneDxJustification(code));
    const std::string name = AsOpenVexJustification(code);
    EXPECT_TRUE(IsOpenVexJustification(name)) << code;
    EXPECT_TRUE(IsCycloneDxJustification(AsCycloneDxJustification(name))) << code;
  }
}

}  // namespace
}  // namespace hoshitori::sbom
