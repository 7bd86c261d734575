#include <gtest/gtest.h>

#include <filesystem>

#include "assess/scoring.h"
#include "catalog/catalog_loader.h"
#include "interchange/catalog_install.h"
#include "interchange/catalog_yaml.h"
#include "interchange/oscal.h"
#include "interchange_test_support.h"
#include "test_support.h"

namespace hoshitori::interchange {
namespace {

using testing_support::ExpectSameFramework;
using testing_support::ExpectSameMappingSet;
using testing_support::ReadAll;
using testing_support::Sample;

Framework ImportSample(const std::string& name, bool leaves_only, const std::string& id) {
  OscalCatalogOptions options;
  options.file_name = name;
  options.leaves_only = leaves_only;
  options.framework_id = id;
  auto framework = ImportOscalCatalog(Sample(name), options);
  if (!framework) throw std::runtime_error(framework.error().message);
  return std::move(framework).value();
}

const RequirementNode& Node(const Framework& framework, const std::string& id) {
  const NodeIndex index = framework.Find(id);
  if (index < 0) throw std::runtime_error("no node " + id);
  return framework.nodes()[index];
}

TEST(OscalCatalog, ReadsTheSp80053ShapeAsItIs) {
  const Framework f = ImportSample("oscal-catalog-sp800-53-style.json", false, "");
  EXPECT_EQ(f.id, "sample-control-catalog-in-the-sp-800-53-style");
  EXPECT_EQ(f.version, "5.1.1-sample");
  EXPECT_EQ(f.publisher.en, "Hoshitori test suite");
  ASSERT_EQ(f.categories.size(), 2u);
  EXPECT_EQ(f.categories[0].id, "ac");
  EXPECT_EQ(f.categories[0].name.en, "Access Control");
  EXPECT_EQ(f.categories[0].name.ja, "Access Control");  // English-only: ja falls back
  std::vector<std::string> ids;
  for (const RequirementNode& node : f.nodes()) ids.push_back(node.id);
  // Withdrawn ac-2.2 and ac-3 are skipped; the nested group is a grouping node.
  EXPECT_EQ(ids, (std::vector<std::string>{"ac-1", "ac-2", "ac-2.1", "at-basics", "at-2"}));
  const RequirementNode& ac1 = Node(f, "AC-1");
  EXPECT_EQ(ac1.ref, "AC-1");
  EXPECT_EQ(ac1.description.en,
            "a. Develop, document, and disseminate to [Assignment: organization-defined personnel or "
            "roles]:\n  1. [Selection (one or more): organization-level; system-level] access control policy.\n"
            "b. Review and update the current access control policy.");
  EXPECT_EQ(ac1.description.ja, ac1.description.en);
  EXPECT_EQ(ac1.why.en, "Policy sets the direction for access control.");
  EXPECT_TRUE(Node(f, "ac-2").assessable);  // a base control with enhancements is assessed too
  EXPECT_TRUE(Node(f, "AC-2(1)").assessable);
  EXPECT_FALSE(Node(f, "at-basics").assessable);
  EXPECT_EQ(Node(f, "at-2").category, 1);
  EXPECT_NE(f.licence_note.en.find("no official Japanese translation"), std::string::npos);
  // What we would write is a valid catalog file.
  auto reloaded = FrameworkFromYaml(FrameworkToYaml(f), "sp.yaml");
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  ExpectSameFramework(f, *reloaded);
}

TEST(OscalCatalog, LeavesOnlyAssessesCsfSubcategoriesNotCategories) {
  const Framework f = ImportSample("oscal-catalog-csf-style.json", true, "csf-sample");
  EXPECT_EQ(f.id, "csf-sample");
  EXPECT_FALSE(Node(f, "GV.OC").assessable);
  EXPECT_TRUE(Node(f, "GV.OC-01").assessable);
  EXPECT_EQ(f.assessable().size(), 3u);  // PR.AA-07 is withdrawn
  EXPECT_EQ(f.Find("PR.AA-07"), -1);
  const Framework all = ImportSample("oscal-catalog-csf-style.json", false, "csf-sample");
  EXPECT_TRUE(Node(all, "GV.OC").assessable);
}

TEST(OscalCatalog, ReportsFileLineAndPath) {
  OscalCatalogOptions options;
  options.file_name = "bad.json";
  auto broken = ImportOscalCatalog("{\n  \"catalog\": {\n    \"metadata\": ,\n", options);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("bad.json:3: not valid JSON"), std::string::npos) << broken.error().message;
  auto no_id = ImportOscalCatalog(
      R"({"catalog": {"metadata": {"title": "T"}, "groups": [{"id": "g", "title": "G", "controls": [{"title": "x"}]}]}})",
      options);
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.error().message, "bad.json: catalog.groups[0].controls[0]: control has no id");
  auto other = ImportOscalCatalog(R"({"profile": {}})", options);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("this is an OSCAL profile; import it with `hoshitori import oscal profile"),
            std::string::npos) << other.error().message;
  auto xml_as_other = ImportOscalCatalog("<profile><metadata><title>P</title></metadata></profile>", options);
  ASSERT_FALSE(xml_as_other.ok());
  EXPECT_NE(xml_as_other.error().message.find("this is an OSCAL profile"), std::string::npos);
  auto not_oscal = ImportOscalCatalog(R"({"component-definition": {}})", options);
  ASSERT_FALSE(not_oscal.ok());
  EXPECT_NE(not_oscal.error().message.find("not an OSCAL catalog"), std::string::npos);
}

Framework Shipped(const std::string& file) {
  const std::string path = std::string(HOSHITORI_SOURCE_DIR) + "/" + file;
  auto framework = FrameworkFromYaml(ReadAll(path), path);
  if (!framework) throw std::runtime_error(framework.error().message);
  return std::move(framework).value();
}

TEST(OscalCatalog, ExportThenImportGivesTheSameFramework) {
  // Every framework file shipped in catalogs/ and the test catalog. (A file that does not
  // load by itself is reported by unit.CatalogLoader.ShippedCatalogsValidate, not here.)
  std::vector<std::string> files;
  for (const char* dir : {"catalogs", "tests/cases/catalogs/mini"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(HOSHITORI_SOURCE_DIR) + "/" + dir)) {
      if (entry.path().extension() == ".yaml") files.push_back(std::string(dir) + "/" + entry.path().filename().string());
    }
  }
  int checked = 0;
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const std::string path = std::string(HOSHITORI_SOURCE_DIR) + "/" + file;
    auto loaded = FrameworkFromYaml(ReadAll(path), path);
    if (!loaded) continue;
    ++checked;
    const Framework& original = *loaded;
    const std::string exported = ExportOscalCatalog(original, "2026-11-21T00:00:00Z").dump(2);
    OscalCatalogOptions options;
    options.file_name = "exported.json";
    auto imported = ImportOscalCatalog(exported, options);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    ExpectSameFramework(original, *imported);
    // And through the catalog file format as well.
    auto reloaded = FrameworkFromYaml(FrameworkToYaml(*imported), "again.yaml");
    ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
    ExpectSameFramework(original, *reloaded);
  }
  EXPECT_GE(checked, 12);
}

TEST(OscalCatalog, ExportIsStandardOscal) {
  const Framework hub = Shipped("catalogs/hoshitori-common.yaml");
  const auto document = ExportOscalCatalog(hub, "2026-11-21T00:00:00Z");
  const auto& catalog = document.at("catalog");
  EXPECT_EQ(catalog.at("metadata").at("oscal-version"), kOscalVersion);
  EXPECT_EQ(catalog.at("uuid").get<std::string>().size(), 36u);
  EXPECT_EQ(catalog.at("groups").size(), hub.categories.size());
  const auto& control = catalog.at("groups").at(0).at("controls").at(0).at("controls").at(0);
  EXPECT_EQ(control.at("id"), "GV-01.1");
  bool objective = false;
  for (const auto& part : control.at("parts")) objective |= part.at("name") == "assessment-objective" && part.at("id") == "GV-01.1_obj";
  EXPECT_TRUE(objective);
  // Deterministic: the same input gives the same document.
  EXPECT_EQ(document, ExportOscalCatalog(hub, "2026-11-21T00:00:00Z"));
}

Catalog SampleCatalog() {
  Catalog catalog;
  catalog.AddFramework(ImportSample("oscal-catalog-csf-style.json", true, "csf-sample"));
  catalog.AddFramework(ImportSample("oscal-catalog-sp800-53-style.json", false, "sp-sample"));
  return catalog;
}

TEST(OscalMapping, FoldsStatementsAndMergesPairs) {
  const Catalog catalog = SampleCatalog();
  OscalMappingOptions options;
  options.file_name = "mapping.json";
  options.source = "csf-sample";
  options.target = "sp-sample";
  options.catalog = &catalog;
  auto sets = ImportOscalMappingCollection(Sample("oscal-mapping-sample.json"), options);
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  ASSERT_EQ(sets->size(), 1u);
  const MappingSet& set = sets->front();
  EXPECT_EQ(set.id, "csf-sample_to_sp-sample");
  ASSERT_EQ(set.mappings.size(), 4u);
  // equal-to item a. and subset-of item b. of ac-1: the whole subcategory is within ac-1.
  EXPECT_EQ(set.mappings[0].source, "GV.OC-01");
  EXPECT_EQ(set.mappings[0].target, "ac-1");
  EXPECT_EQ(set.mappings[0].relationship, Relationship::kSubsetOf);
  EXPECT_FALSE(set.mappings[0].coverage.has_value());
  EXPECT_NE(set.mappings[0].rationale.en.find("folded from statement-level mappings"), std::string::npos);
  EXPECT_EQ(set.mappings[1].target, "ac-2");
  EXPECT_EQ(set.mappings[2].target, "ac-2.1");
  EXPECT_EQ(set.mappings[2].relationship, Relationship::kSupersetOf);
  EXPECT_EQ(set.mappings[2].confidence, Confidence::kHigh);
  EXPECT_EQ(set.mappings[2].coverage, 1.0);
  EXPECT_EQ(set.mappings[3].relationship, Relationship::kIntersectsWith);
  EXPECT_EQ(set.mappings[3].confidence, Confidence::kMedium);
  EXPECT_EQ(set.mappings[3].coverage, 0.25);
  // Written out, it is a valid mapping file.
  auto reloaded = MappingSetFromYaml(MappingSetToYaml(set), "m.yaml");
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  ExpectSameMappingSet(set, *reloaded);
}

TEST(OscalMapping, FoldingOnTheSourceSideStaysTrue) {
  const std::string text = R"({"mapping-collection": {"metadata": {"title": "t"}, "mappings": [{"maps": [
    {"relationship": "equal-to", "sources": [{"type": "statement", "id-ref": "ac-1_smt.a"}],
     "targets": [{"type": "control", "id-ref": "GV.OC-01"}]},
    {"relationship": "subset-of", "sources": [{"type": "statement", "id-ref": "ac-2_smt"}],
     "targets": [{"type": "control", "id-ref": "PR.AA-01"}]}]}]}})";
  OscalMappingOptions options;
  options.source = "sp";
  options.target = "csf";
  auto sets = ImportOscalMappingCollection(text, options);
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  const MappingSet& set = sets->front();
  EXPECT_EQ(set.mappings[0].source, "ac-1");
  EXPECT_EQ(set.mappings[0].relationship, Relationship::kSupersetOf);  // a part equals it
  EXPECT_EQ(set.mappings[1].relationship, Relationship::kIntersectsWith);  // a part is within it
}

TEST(OscalMapping, ErrorsNameTheMap) {
  const Catalog catalog = SampleCatalog();
  OscalMappingOptions options;
  options.file_name = "m.json";
  options.source = "csf-sample";
  options.target = "sp-sample";
  options.catalog = &catalog;
  auto bad_relationship = ImportOscalMappingCollection(
      R"({"mapping-collection": {"mappings": [{"maps": [{"relationship": "similar-to",
      "sources": [{"type": "control", "id-ref": "GV.OC-01"}], "targets": [{"type": "control", "id-ref": "ac-1"}]}]}]}})",
      options);
  ASSERT_FALSE(bad_relationship.ok());
  EXPECT_NE(bad_relationship.error().message.find("m.json: mapping-collection.mappings[0].maps[0]: relationship 'similar-to'"),
            std::string::npos)
      << bad_relationship.error().message;
  auto unknown = ImportOscalMappingCollection(
      R"({"mapping-collection": {"mappings": [{"maps": [{"relationship": "equal-to",
      "sources": [{"type": "control", "id-ref": "GV.OC-01"}], "targets": [{"type": "control", "id-ref": "zz-9"}]}]}]}})",
      options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("'zz-9' is not a requirement of sp-sample"), std::string::npos);
  OscalMappingOptions anonymous;
  auto no_frameworks = ImportOscalMappingCollection(Sample("oscal-mapping-sample.json"), anonymous);
  ASSERT_FALSE(no_frameworks.ok());
  EXPECT_NE(no_frameworks.error().message.find("--source and --target"), std::string::npos);
}

TEST(OscalMapping, ExportThenImportGivesTheSameMappingSet) {
  const Catalog& mini = hoshitori::testing_support::MiniCatalog();
  for (const MappingSet& set : mini.mapping_sets()) {
    SCOPED_TRACE(set.id);
    const std::string exported = ExportOscalMappingCollection(set, "2026-11-21T00:00:00Z").dump();
    OscalMappingOptions options;
    options.catalog = &mini;
    auto imported = ImportOscalMappingCollection(exported, options);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    ASSERT_EQ(imported->size(), 1u);
    ExpectSameMappingSet(set, imported->front());
  }
}

TEST(OscalAssessmentResults, OneFindingPerRequirement) {
  const Catalog& mini = hoshitori::testing_support::MiniCatalog();
  const Framework& hub = *mini.FindFramework("mini-hub");
  std::vector<Answer> answers;
  for (const auto& [ref, status] : std::vector<std::pair<std::string, std::string>>{
           {"H1", "implemented"}, {"H2", "partial"}, {"H3", "not_applicable"}, {"H4", "not_implemented"}}) {
    answers.push_back(MakeAnswer(hub, "t", ref, status, ref == "H1" ? "4" : "", "c", "doc-1").value());
  }
  const Evaluation evaluation = ScoringModel(hub).Evaluate(ToResponseVector(hub, answers));
  AssessmentSummary summary;
  summary.id = 7;
  summary.organisation = "テスト製作所";
  const auto document = ExportOscalAssessmentResults(hub, summary, answers, evaluation, "2026-11-21T00:00:00Z");
  const auto& result = document.at("assessment-results").at("results").at(0);
  const auto& findings = result.at("findings");
  ASSERT_EQ(findings.size(), hub.assessable().size());
  auto state = [&](size_t i) { return findings.at(i).at("target").at("status").at("state").get<std::string>(); };
  EXPECT_EQ(findings.at(0).at("target").at("type"), "objective-id");
  EXPECT_EQ(findings.at(0).at("target").at("target-id"), "H1_obj");
  EXPECT_EQ(state(0), "satisfied");
  EXPECT_EQ(state(1), "not-satisfied");
  EXPECT_EQ(state(2), "satisfied");  // not applicable
  EXPECT_EQ(state(3), "not-satisfied");
  EXPECT_EQ(state(5), "not-satisfied");  // unanswered
  bool maturity = false;
  for (const auto& prop : findings.at(0).at("props")) maturity |= prop.at("name") == "maturity" && prop.at("value") == "4";
  EXPECT_TRUE(maturity);
  // Every finding's target exists in the exported catalog.
  const std::string catalog = ExportOscalCatalog(hub, "2026-11-21T00:00:00Z").dump();
  for (const auto& finding : findings) {
    EXPECT_NE(catalog.find("\"" + finding.at("target").at("target-id").get<std::string>() + "\""), std::string::npos);
  }
}

// The SCS scheme's mapping says each item is completely decomposed into hub criteria; that
// statement changes inference, so it must survive a trip through YAML and OSCAL.
TEST(OscalMapping, DecompositionSurvivesYamlAndOscal) {
  auto catalog = LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  const MappingSet* scheme = nullptr;
  for (const MappingSet& set : catalog->mapping_sets()) {
    if (set.source == "meti-scs-requirements") scheme = &set;
  }
  ASSERT_NE(scheme, nullptr);
  ASSERT_TRUE(scheme->complete_decomposition);
  auto from_yaml = MappingSetFromYaml(MappingSetToYaml(*scheme), "scs.yaml");
  ASSERT_TRUE(from_yaml.ok()) << from_yaml.error().message;
  EXPECT_TRUE(from_yaml->complete_decomposition);
  OscalMappingOptions options;
  auto from_oscal =
      ImportOscalMappingCollection(ExportOscalMappingCollection(*scheme, "2026-12-06T00:00:00Z").dump(), options);
  ASSERT_TRUE(from_oscal.ok()) << from_oscal.error().message;
  ASSERT_EQ(from_oscal->size(), 1u);
  EXPECT_TRUE(from_oscal->front().complete_decomposition);
}

}  // namespace
}  // namespace hoshitori::interchange
