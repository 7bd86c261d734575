// OpenVEX: the specification's example reads, errors say where, and every export — including
// the CycloneDX VEX examples carried over — is valid against the OpenVEX JSON schema and reads
// back to the same statements.
#include "interchange/openvex.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "interchange/cyclonedx_vex.h"
#include "sbom_json_schema.h"

namespace hoshitori::interchange {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing_support::ReadTextFile;

const fs::path kSourceDir = HOSHITORI_SOURCE_DIR;

const testing_support::JsonSchema& Schema() {
  static const auto* schema =
      new testing_support::JsonSchema(kSourceDir / "tests/data/openvex/openvex_json_schema.json");
  return *schema;
}

TEST(OpenVex, ReadsTheSpecificationsExample) {
  auto vex = ReadOpenVex(ReadTextFile(kSourceDir / "tests/data/openvex/spec-minimal.json"),
                         "spec-minimal.json");
  ASSERT_TRUE(vex.ok()) << vex.error().message;
  EXPECT_EQ(vex->id, "https://openvex.dev/docs/example/vex-9fb3463de1b57");
  EXPECT_EQ(vex->author, "Wolfi J Inkinson");
  ASSERT_EQ(vex->statements.size(), 1u);
  EXPECT_EQ(vex->statements[0].vulnerability, "CVE-2023-12345");
  EXPECT_EQ(vex->statements[0].status, sbom::VexStatus::kFixed);
  EXPECT_EQ(vex->statements[0].products,
            (std::vector<std::string>{"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7",
                                      "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"}));
}

TEST(OpenVex, ReadsIdentifiersSubcomponentsAndTheOlderStringForms) {
  auto vex = ReadOpenVex(R"({"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a",
      "timestamp":"2024-01-01T00:00:00Z","version":1,"statements":[
      {"vulnerability":{"name":"CVE-1"},"status":"not_affected",
       "justification":"vulnerable_code_not_in_execute_path",
       "products":[{"identifiers":{"cpe23":"cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"},
                    "subcomponents":[{"@id":"pkg:npm/z@1"}]}]},
      {"vulnerability":"CVE-2","status":"affected","action_statement":"update",
       "products":["pkg:npm/y@2"]}]})",
                         "v.json");
  ASSERT_TRUE(vex.ok()) << vex.error().message;
  ASSERT_EQ(vex->statements.size(), 2u);
  EXPECT_EQ(vex->statements[0].products, std::vector<std::string>{"cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"});
  EXPECT_EQ(vex->statements[0].subcomponents, std::vector<std::string>{"pkg:npm/z@1"});
  EXPECT_EQ(vex->statements[1].vulnerability, "CVE-2");
  EXPECT_EQ(vex->statements[1].action, "update");
  EXPECT_EQ(vex->statements[1].products, std::vector<std::string>{"pkg:npm/y@2"});
}

std::string OpenVexError(const std::string& statements) {
  auto vex = ReadOpenVex(
      R"({"@context":"https://openvex.dev/ns/v0.2.0","statements":[)" + statements + "]}",
      "v.json");
  return vex.ok() ? std::string() : vex.error().message;
}

TEST(OpenVex, ErrorsNameTheFileTheJsonPointerAndTheReason) {
  EXPECT_EQ(OpenVexError(R"({"vulnerability":{"name":"CVE-1"},"status":"fixed"},
                            {"vulnerability":{"name":"CVE-2"},"status":"maybe"})"),
            "v.json: /statements/1/status: \"maybe\" is not a VEX status (not_affected, "
            "affected, fixed, under_investigation)");
  EXPECT_EQ(OpenVexError(R"({"vulnerability":{"name":"CVE-1"},"status":"not_affected"})"),
            "v.json: /statements/0: a not_affected statement needs a justification or an "
            "impact_statement");
  EXPECT_EQ(OpenVexError(R"({"vulnerability":{},"status":"fixed"})"),
            "v.json: /statements/0/vulnerability/name: is required");
  EXPECT_EQ(OpenVexError(R"({"vulnerability":"CVE-1","status":"fixed","products":[{}]})"),
            "v.json: /statements/0/products/0: needs an @id or identifiers (purl, cpe23, cpe22)");
  auto vex = ReadOpenVex(R"({"@context":"https://example.org","statements":[]})", "v.json");
  ASSERT_FALSE(vex.ok());
  EXPECT_EQ(vex.error().message,
            "v.json: /@context: \"https://example.org\" is not an OpenVEX context");
}

// Exports `vex` as OpenVEX, validates it and reads it back.
void CheckExport(const sbom::VexDocument& vex) {
  auto written = WriteOpenVex(vex);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(Schema().Errors(json::parse(*written)), "");
  auto again = ReadOpenVex(*written, "written.json");
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_EQ(again->statements.size(), vex.statements.size());
  for (size_t i = 0; i < vex.statements.size(); ++i) {
    EXPECT_EQ(again->statements[i].vulnerability, vex.statements[i].vulnerability);
    EXPECT_EQ(again->statements[i].status, vex.statements[i].status);
    EXPECT_EQ(again->statements[i].products, vex.statements[i].products);
  }
}

TEST(OpenVex, CycloneDxVexExamplesExportAsValidOpenVex) {
  size_t exported = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(kSourceDir / "tests/data/cyclonedx/vex")) {
    if (!entry.is_regular_file()) continue;
    SCOPED_TRACE(entry.path().string());
    auto vex = ReadCycloneDxVex(ReadTextFile(entry.path()), entry.path().filename().string());
    ASSERT_TRUE(vex.ok()) << vex.error().message;
    vex->id = "https://example.org/vex/" + std::to_string(++exported);
    vex->author = vex->author.empty() ? "Example" : vex->author;
    vex->timestamp = "2024-05-01T00:00:00Z";
    // CycloneDX lets an exploitable finding go without a recommendation; OpenVEX does not.
    for (sbom::VexStatement& statement : vex->statements) {
      if (statement.status == sbom::VexStatus::kAffected && statement.action.empty()) {
        statement.action = "See the supplier's advisory.";
      }
    }
    CheckExport(*vex);
  }
  EXPECT_EQ(exported, 7u);
}

TEST(OpenVex, ExportRefusesWhatTheSchemaForbids) {
  sbom::VexDocument vex;
  vex.id = "https://example.org/vex/1";
  vex.author = "Example";
  vex.timestamp = "2024-05-01T00:00:00Z";
  EXPECT_FALSE(WriteOpenVex(vex).ok());  // no statement
  sbom::VexStatement statement;
  statement.vulnerability = "CVE-2024-1";
  statement.status = sbom::VexStatus::kNotAffected;
  vex.statements.push_back(statement);
  auto written = WriteOpenVex(vex);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().message,
            "OpenVEX export: statement 1 (CVE-2024-1): not_affected needs a justification or an "
            "impact");
  vex.statements[0].justification = "requires_configuration";  // a CycloneDX code
  CheckExport(vex);
  written = WriteOpenVex(vex);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(json::parse(*written)["statements"][0]["justification"],
            "vulnerable_code_cannot_be_controlled_by_adversary");
  // The schema itself must be able to refuse: a statement without status.
  json document = json::parse(*written);
  document["statements"][0].erase("status");
  EXPECT_NE(Schema().Errors(document), "");
}

}  // namespace
}  // namespace hoshitori::interchange
