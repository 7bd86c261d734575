// CycloneDX VEX: the examples of CycloneDX/bom-examples read with as many statements as they
// have analysed vulnerabilities, errors say where, and what is written is valid CycloneDX 1.6
// that reads back to the same statements.
#include "interchange/cyclonedx_vex.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sbom_json_schema.h"

namespace hoshitori::interchange {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing_support::ReadTextFile;

const fs::path kSourceDir = HOSHITORI_SOURCE_DIR;

const testing_support::JsonSchema& Schema() {
  static const auto* schema = new testing_support::JsonSchema(
      kSourceDir / "tests/data/cyclonedx/schema/bom-1.6.schema.json");
  return *schema;
}

// Vulnerabilities with an analysis, counted with nlohmann.
size_t CountAnalysed(const json& document) {
  size_t count = 0;
  for (const json& vulnerability : document.value("vulnerabilities", json::array())) {
    if (vulnerability.contains("analysis")) ++count;
  }
  return count;
}

// Reads every vex*.json under `root`, checks the statement count and the round trip.
size_t CheckVexFiles(const fs::path& root) {
  size_t checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.rfind("vex", 0) != 0 ||
        entry.path().extension() != ".json") {
      continue;
    }
    SCOPED_TRACE(entry.path().string());
    const std::string text = ReadTextFile(entry.path());
    auto vex = ReadCycloneDxVex(text, name);
    ++checked;
    if (!vex.ok()) {
      ADD_FAILURE() << vex.error().message;
      continue;
    }
    EXPECT_EQ(vex->statements.size(), CountAnalysed(json::parse(text)));
    EXPECT_GT(vex->statements.size(), 0u);
    const std::string written = WriteCycloneDxVex(*vex);
    EXPECT_EQ(Schema().Errors(json::parse(written)), "");
    auto again = ReadCycloneDxVex(written, "written.json");
    if (!again.ok()) {
      ADD_FAILURE() << again.error().message;
      continue;
    }
    EXPECT_TRUE(again->statements == vex->statements);
  }
  return checked;
}

TEST(CycloneDxVex, CopiesInTestDataReadAndRoundTrip) {
  EXPECT_EQ(CheckVexFiles(kSourceDir / "tests/data/cyclonedx/vex"), 7u);
}

TEST(CycloneDxVex, EveryVexExampleInSharedDataReads) {
  const fs::path root = kSourceDir / "../shared/data/cyclonedx/VEX";
  if (!fs::exists(root)) GTEST_SKIP() << root << " is absent (a user's clone)";
  EXPECT_EQ(CheckVexFiles(root), 25u);
}

TEST(CycloneDxVex, ReadsTheStatementOfEachStatus) {
  const fs::path dir = kSourceDir / "tests/data/cyclonedx/vex/CISA-Use-Cases/Case-1";
  const std::pair<const char*, sbom::VexStatus> cases[] = {
      {"vex-affected.json", sbom::VexStatus::kAffected},
      {"vex-fixed.json", sbom::VexStatus::kFixed},
      {"vex-not_affected.json", sbom::VexStatus::kNotAffected},
      {"vex-under_investigation.json", sbom::VexStatus::kUnderInvestigation}};
  for (const auto& [file, status] : cases) {
    auto vex = ReadCycloneDxVex(ReadTextFile(dir / file), file);
    ASSERT_TRUE(vex.ok()) << vex.error().message;
    ASSERT_EQ(vex->statements.size(), 1u) << file;
    EXPECT_EQ(vex->statements[0].status, status) << file;
    EXPECT_FALSE(vex->statements[0].products.empty()) << file;
  }
  auto not_affected = ReadCycloneDxVex(ReadTextFile(dir / "vex-not_affected.json"), "n.json");
  ASSERT_TRUE(not_affected.ok());
  EXPECT_EQ(not_affected->statements[0].justification, "code_not_present");
}

TEST(CycloneDxVex, ErrorsNameTheFileTheJsonPointerAndTheReason) {
  auto vex = ReadCycloneDxVex(R"({"bomFormat":"CycloneDX","specVersion":"1.5","vulnerabilities":[
      {"id":"CVE-1","analysis":{"state":"in_triage"}},
      {"id":"CVE-2","analysis":{"state":"unsure"}}]})",
                              "vex.json");
  ASSERT_FALSE(vex.ok());
  EXPECT_EQ(vex.error().message,
            "vex.json: /vulnerabilities/1/analysis/state: \"unsure\" is not a CycloneDX analysis "
            "state");
  vex = ReadCycloneDxVex(R"({"bomFormat":"CycloneDX","specVersion":"1.3"})", "vex.json");
  ASSERT_FALSE(vex.ok());
  EXPECT_EQ(vex.error().message,
            "vex.json: /specVersion: CycloneDX 1.3 is not supported for VEX (1.4 to 1.6 are)");
}

}  // namespace
}  // namespace hoshitori::interchange
