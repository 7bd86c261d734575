// Real CycloneDX files: every one reads, its component count (and for JSON its dependency
// pairs) equals an independent count of the file, and what the writer makes of it is valid
// against the official CycloneDX 1.6 schema and reads back to the same components and
// dependencies. The copies in tests/data always run; the full set in ../shared/data is swept
// when it exists.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "interchange/cyclonedx.h"
#include "interchange/spdx.h"
#include "sbom_json_schema.h"

namespace hoshitori::interchange {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSourceDir = HOSHITORI_SOURCE_DIR;
const fs::path kTestData = kSourceDir / "tests/data/cyclonedx";
const fs::path kSharedSboms = kSourceDir / "../shared/data/cyclonedx/SBOM";

using testing_support::ReadTextFile;

std::vector<fs::path> BomFiles(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".json" || extension == ".xml")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Components counted with nlohmann: every object of `components`, recursively.
size_t CountJsonComponents(const json& list) {
  size_t count = 0;
  for (const json& component : list) {
    ++count;
    if (component.contains("components")) count += CountJsonComponents(component["components"]);
  }
  return count;
}

// Distinct ref -> dependsOn pairs counted with nlohmann.
size_t CountJsonDependencyPairs(const json& document) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const json& dependency : document.value("dependencies", json::array())) {
    for (const json& target : dependency.value("dependsOn", json::array())) {
      pairs.emplace(dependency["ref"].get<std::string>(), target.get<std::string>());
    }
  }
  return pairs.size();
}

// Components counted in the XML text: <component> start tags outside <metadata>.
size_t CountXmlComponents(std::string_view text) {
  const size_t metadata_start = text.find("<metadata>");
  const size_t metadata_end = text.find("</metadata>");
  size_t count = 0;
  for (size_t at = text.find("<component"); at != std::string_view::npos;
       at = text.find("<component", at + 1)) {
    const char next = at + 10 < text.size() ? text[at + 10] : '\0';
    if (next != ' ' && next != '>' && next != '/' && next != '\n') continue;
    if (metadata_start != std::string_view::npos && at > metadata_start && at < metadata_end) {
      continue;
    }
    ++count;
  }
  return count;
}

// The official CycloneDX 1.6 JSON schema, with the two schemas it refers to.
const testing_support::JsonSchema& Schema() {
  static const auto* schema =
      new testing_support::JsonSchema(kTestData / "schema/bom-1.6.schema.json");
  return *schema;
}

// Reads `path`, checks its counts, writes it as 1.6, validates and reads that back.
void CheckFile(const fs::path& path) {
  SCOPED_TRACE(path.string());
  const std::string text = ReadTextFile(path);
  auto bom = ReadCycloneDx(text, path.filename().string());
  ASSERT_TRUE(bom.ok()) << bom.error().message;
  if (path.extension() == ".json") {
    const json document = json::parse(text);
    EXPECT_EQ(bom->components.size(),
              CountJsonComponents(document.value("components", json::array())));
    EXPECT_EQ(sbom::DependencyEdgeCount(bom->dependencies), CountJsonDependencyPairs(document));
    EXPECT_EQ(bom->subject.has_value(),
              document.contains("metadata") && document["metadata"].contains("component"));
  } else {
    EXPECT_EQ(bom->components.size(), CountXmlComponents(text));
  }
  EXPECT_GT(bom->components.size(), 0u);

  const std::string written = WriteCycloneDxJson(*bom);
  EXPECT_EQ(Schema().Errors(json::parse(written)), "");
  auto again = ReadCycloneDxJson(written, "written.json");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->components == bom->components);
  EXPECT_TRUE(again->dependencies == bom->dependencies);
  EXPECT_EQ(again->subject, bom->subject);
}

TEST(CycloneDxRealFiles, CopiesInTestDataReadWithExactCountsAndRoundTrip) {
  const auto files = BomFiles(kTestData / "sbom");
  ASSERT_EQ(files.size(), 6u);
  for (const fs::path& path : files) CheckFile(path);
}

TEST(CycloneDxRealFiles, TheSameBomInJsonAndXmlGivesTheSameComponents) {
  const fs::path laravel = kTestData / "sbom/laravel-7.12.0";
  auto from_json = ReadCycloneDx(ReadTextFile(laravel / "bom.1.4.json"), "bom.1.4.json");
  auto from_xml = ReadCycloneDx(ReadTextFile(laravel / "bom.1.4.xml"), "bom.1.4.xml");
  ASSERT_TRUE(from_json.ok() && from_xml.ok());
  EXPECT_EQ(from_json->components.size(), 62u);
  EXPECT_TRUE(from_json->components == from_xml->components);
  EXPECT_TRUE(from_json->dependencies == from_xml->dependencies);
  EXPECT_EQ(from_json->subject, from_xml->subject);
}

TEST(CycloneDxRealFiles, EveryExampleInSharedDataReads) {
  if (!fs::exists(kSharedSboms)) GTEST_SKIP() << kSharedSboms << " is absent (a user's clone)";
  const auto files = BomFiles(kSharedSboms);
  EXPECT_EQ(files.size(), 29u);
  for (const fs::path& path : files) CheckFile(path);
}

TEST(CycloneDxSchema, RefusesAnInvalidDocument) {
  // The validator itself must be able to fail: a component without its required name.
  const json document = {
      {"bomFormat", "CycloneDX"}, {"specVersion", "1.6"}, {"components", {{{"type", "library"}}}}};
  EXPECT_NE(Schema().Errors(document), "");
}

TEST(CycloneDxWriter, AnSpdxBomBecomesValidCycloneDx) {
  const fs::path path = kSourceDir / "tests/data/spdx/presentations/ACME-v2.3.spdx.json";
  auto bom = ReadSpdx(ReadTextFile(path), path.filename().string());
  ASSERT_TRUE(bom.ok()) << bom.error().message;
  const std::string written = WriteCycloneDxJson(*bom);
  EXPECT_EQ(Schema().Errors(json::parse(written)), "");
  auto again = ReadCycloneDxJson(written, "written.json");
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_EQ(again->components.size(), bom->components.size());
  for (size_t i = 0; i < bom->components.size(); ++i) {
    EXPECT_EQ(again->components[i].ref, bom->components[i].ref);
    EXPECT_EQ(again->components[i].name, bom->components[i].name);
    EXPECT_EQ(again->components[i].purl, bom->components[i].purl);
  }
  EXPECT_TRUE(again->dependencies == bom->dependencies);
}

}  // namespace
}  // namespace hoshitori::interchange
