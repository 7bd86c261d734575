#include <gtest/gtest.h>

#include "interchange/catalog_yaml.h"
#include "interchange/ciso_assistant.h"
#include "interchange_test_support.h"
#include "test_support.h"

namespace hoshitori::interchange {
namespace {

using testing_support::ExpectSameFramework;
using testing_support::ExpectSameMappingSet;
using testing_support::Sample;

const RequirementNode& Node(const Framework& framework, const std::string& id) {
  const NodeIndex index = framework.Find(id);
  if (index < 0) throw std::runtime_error("no node " + id);
  return framework.nodes()[index];
}

TEST(CisoAssistant, ReadsALibraryFramework) {
  CisoImportOptions options;
  options.file_name = "lib.yaml";
  options.level_map = ParseLevelMap("IG1=lv1, IG2=lv2").value();
  auto imported = ImportCisoAssistantLibrary(Sample("ciso-library-sample.yaml"), options);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->frameworks.size(), 1u);
  const Framework& f = imported->frameworks.front();
  EXPECT_EQ(f.id, "sample-guideline");
  EXPECT_EQ(f.version, "3");
  EXPECT_EQ(f.name.ja, "サンプルガイドライン");
  EXPECT_EQ(f.name.en, "Sample guideline");
  EXPECT_EQ(f.publisher.en, "Hoshitori tests");
  ASSERT_EQ(f.categories.size(), 3u);
  EXPECT_EQ(f.categories[0].id, "gov");
  EXPECT_EQ(f.categories[0].name.ja, "ガバナンス");
  EXPECT_EQ(f.categories[2].id, "general");
  const RequirementNode& policy = Node(f, "GOV.1");
  EXPECT_EQ(policy.id, "gov.1");
  EXPECT_EQ(policy.title.ja, "セキュリティ方針");
  EXPECT_EQ(policy.description.en, "A written security policy is approved by management.");
  EXPECT_EQ(policy.why.en, "Management commitment makes the rest possible.");
  EXPECT_EQ(policy.evidence.ja, "Signed policy document");  // one language: fallback
  EXPECT_EQ(policy.levels, kLv1 | kLv2 | kLv3);              // IG1, IG2 mapped; Lv3 by name
  EXPECT_EQ(Node(f, "GOV.2").levels, kLv2);
  EXPECT_EQ(Node(f, "OPS.1").title.en, "OPS.1");  // no name: the ref
  EXPECT_TRUE(Node(f, "OPS.1").assessable);      // explicit, although it has a child
  EXPECT_FALSE(Node(f, "OPS").assessable);
  EXPECT_EQ(f.categories[Node(f, "NOTE").category].id, "general");
  EXPECT_NE(f.licence_note.en.find("Hoshitori test suite (public domain)"), std::string::npos);
  auto reloaded = FrameworkFromYaml(FrameworkToYaml(f), "f.yaml");
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  ExpectSameFramework(f, *reloaded);
}

TEST(CisoAssistant, ReadsMappingSetsWithEveryRelationship) {
  Catalog catalog;
  for (const auto& [id, framework] : hoshitori::testing_support::MiniCatalog().frameworks()) catalog.AddFramework(*framework);
  CisoImportOptions options;
  catalog.AddFramework(ImportCisoAssistantLibrary(Sample("ciso-library-sample.yaml"), options).value().frameworks.front());
  options.file_name = "map.yaml";
  options.catalog = &catalog;
  auto imported = ImportCisoAssistantLibrary(Sample("ciso-mapping-sample.yaml"), options);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->mapping_sets.size(), 1u);
  const MappingSet& set = imported->mapping_sets.front();
  EXPECT_EQ(set.id, "sample-guideline_to_mini-hub");
  EXPECT_EQ(set.source, "sample-guideline");
  EXPECT_EQ(set.target, "mini-hub");
  ASSERT_EQ(set.mappings.size(), 6u);
  const Relationship expected[] = {Relationship::kEqualTo, Relationship::kSubsetOf, Relationship::kSupersetOf,
                                   Relationship::kIntersectsWith, Relationship::kEquivalentTo,
                                   Relationship::kNoRelationship};
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(set.mappings[i].relationship, expected[i]) << i;
  EXPECT_EQ(set.mappings[0].target, "H1");  // resolved against the installed hub, ignoring case
  EXPECT_EQ(set.mappings[0].confidence, Confidence::kHigh);
  EXPECT_EQ(set.mappings[1].confidence, Confidence::kMedium);
  EXPECT_EQ(set.mappings[3].confidence, Confidence::kLow);
  EXPECT_EQ(set.mappings[3].rationale.en, "Only the offline part overlaps.");
  EXPECT_EQ(set.mappings[0].rationale.en, "semantic");
  auto reloaded = MappingSetFromYaml(MappingSetToYaml(set), "m.yaml");
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  ExpectSameMappingSet(set, *reloaded);
}

TEST(CisoAssistant, ErrorsNameFileAndLine) {
  CisoImportOptions options;
  options.file_name = "lib.yaml";
  std::string text = Sample("ciso-library-sample.yaml");
  const std::string from = "parent_urn: urn:hoshitori:risk:req_node:sample-guideline:ops\n";
  text.replace(text.find(from), from.size(), "parent_urn: urn:nowhere\n");
  auto bad_parent = ImportCisoAssistantLibrary(text, options);
  ASSERT_FALSE(bad_parent.ok());
  EXPECT_EQ(bad_parent.error().message,
            "lib.yaml:70: parent_urn 'urn:nowhere' is not the urn of an earlier requirement node");
  std::string mapping = Sample("ciso-mapping-sample.yaml");
  mapping.replace(mapping.find("relationship: superset"), 22, "relationship: covers");
  auto bad_relationship = ImportCisoAssistantLibrary(mapping, options);
  ASSERT_FALSE(bad_relationship.ok());
  EXPECT_NE(bad_relationship.error().message.find("lib.yaml:31: relationship 'covers' is not one of"), std::string::npos)
      << bad_relationship.error().message;
  EXPECT_FALSE(ImportCisoAssistantLibrary("urn: x\nobjects: {}\n", options).ok());
  EXPECT_FALSE(ImportCisoAssistantLibrary("[", options).ok());
  EXPECT_FALSE(ParseLevelMap("IG1=lv9").ok());
}

}  // namespace
}  // namespace hoshitori::interchange
