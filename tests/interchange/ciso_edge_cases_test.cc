// What real CISO Assistant libraries do, on a small library written for the tests
// (samples/ciso-edge-cases.yaml): translations.en in a French library, URNs whose last
// segments repeat, questions, 0..100 strengths, both directions in one file, repeated and
// conflicting entries, mappings to headings and dangling URNs.
#include <gtest/gtest.h>

#include "interchange/catalog_yaml.h"
#include "interchange/ciso_assistant.h"
#include "interchange_test_support.h"
#include "test_support.h"

namespace hoshitori::interchange {
namespace {

using testing_support::Sample;

const RequirementNode& Node(const Framework& framework, const std::string& id) {
  const NodeIndex index = framework.Find(id);
  if (index < 0) throw std::runtime_error("no node " + id);
  return framework.nodes()[index];
}

Catalog MiniHub() {
  Catalog catalog;
  catalog.AddFramework(*hoshitori::testing_support::MiniCatalog().FindFramework("mini-hub"));
  return catalog;
}

TEST(CisoEdgeCases, NodeIdsComeFromTheWholeUrnTail) {
  EXPECT_EQ(CisoNodeId("urn:intuitem:risk:req_node:nist-csf-2.0:gv.oc-01"), "gv.oc-01");
  EXPECT_EQ(CisoNodeId("urn:intuitem:risk:req_node:tisax-v2027:1.1.1:2"), "1.1.1_2");
  EXPECT_EQ(CisoNodeId("urn:intuitem:risk:req_node:tisax-v2027:2"), "2");
  EXPECT_NE(CisoCollisionId("urn:x:risk:req_node:f:r05+"),
            CisoCollisionId("urn:x:risk:req_node:f:r05-"));
}

TEST(CisoEdgeCases, FrameworkKeepsEnglishQuestionsAndDistinctIds) {
  const Catalog hub = MiniHub();
  CisoImportOptions options;
  options.file_name = "edge.yaml";
  options.catalog = &hub;
  options.skip_unknown = true;
  auto imported = ImportCisoAssistantLibrary(Sample("ciso-edge-cases.yaml"), options);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  const Framework& f = imported->frameworks.at(0);
  EXPECT_EQ(f.name.en, "Edge cases");  // translations.en, not the French name
  EXPECT_EQ(f.nodes().size(), 7u);
  EXPECT_EQ(Node(f, "1_1").title.en, "Policy");
  EXPECT_EQ(Node(f, "1_1").ref, "1.1");
  EXPECT_EQ(Node(f, "1_2").title.en, "Rôles");  // no English: the original rather than nothing
  EXPECT_EQ(Node(f, "1_1").description.en,
            "A policy is written.\n\nQuestions:\n- Is the policy approved? (Yes / No)");
  EXPECT_NE(Node(f, "1_1").description.ja.find("質問:\n- Is the policy approved? (Yes / No)"),
            std::string::npos);
  // "r05+" and "r05-" both give "r05-"; the second one gets a suffix from its URN.
  EXPECT_EQ(Node(f, "R05+").id, "r05-");
  EXPECT_EQ(Node(f, "R05-").id, CisoCollisionId("urn:hoshitori:risk:req_node:edge:r05-"));
  auto reloaded = FrameworkFromYaml(FrameworkToYaml(f), "edge.yaml");
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  EXPECT_NE(std::find(imported->notes.begin(), imported->notes.end(),
                      "1 questions kept in the requirements' descriptions"),
            imported->notes.end());
}

TEST(CisoEdgeCases, MappingEntriesAreMergedSpreadOrListed) {
  const Catalog hub = MiniHub();
  CisoImportOptions options;
  options.file_name = "edge.yaml";
  options.catalog = &hub;
  // Without --skip-unknown: every entry that cannot be imported, with its line.
  auto refused = ImportCisoAssistantLibrary(Sample("ciso-edge-cases.yaml"), options);
  ASSERT_FALSE(refused.ok());
  const std::string& message = refused.error().message;
  EXPECT_NE(message.find("2 entries cannot be imported (pass --skip-unknown"), std::string::npos)
      << message;
  EXPECT_NE(message.find("edge.yaml:107: 'intersect' to the heading '2' says nothing certain about "
                         "its 3 requirements"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("edge.yaml:110: 'urn:hoshitori:risk:req_node:edge:9:9' is not a "
                         "requirement node of edge"),
            std::string::npos)
      << message;

  options.skip_unknown = true;
  auto imported = ImportCisoAssistantLibrary(Sample("ciso-edge-cases.yaml"), options);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->skipped.size(), 2u);
  ASSERT_EQ(imported->mapping_sets.size(), 2u);  // both directions
  const MappingSet& forward = imported->mapping_sets[0];
  EXPECT_EQ(forward.id, "edge_to_mini-hub");
  ASSERT_EQ(forward.mappings.size(), 5u);
  // The identical repeat is merged; 90 on the 0..100 scale is high.
  EXPECT_EQ(forward.mappings[0].source, "1_1");
  EXPECT_EQ(forward.mappings[0].target, "H1");
  EXPECT_EQ(forward.mappings[0].relationship, Relationship::kEqualTo);
  EXPECT_EQ(forward.mappings[0].confidence, Confidence::kHigh);
  // subset and superset for one pair: only what both imply, said in the rationale.
  EXPECT_EQ(forward.mappings[1].relationship, Relationship::kIntersectsWith);
  EXPECT_EQ(forward.mappings[1].confidence, Confidence::kLow);
  EXPECT_NE(forward.mappings[1].rationale.en.find("subset-of (line 96), superset-of (line 100)"),
            std::string::npos)
      << forward.mappings[1].rationale.en;
  // A heading inside the target: each of its requirements is inside it too.
  EXPECT_EQ(forward.mappings[2].source, "1_1");
  EXPECT_EQ(forward.mappings[2].target, "H3");
  EXPECT_EQ(forward.mappings[2].relationship, Relationship::kSubsetOf);
  EXPECT_EQ(forward.mappings[3].source, "1_2");
  EXPECT_EQ(forward.mappings[3].relationship, Relationship::kSubsetOf);
  EXPECT_EQ(forward.mappings[4].source, "r05-");  // the node of URN ...:r05+
  const MappingSet& reverse = imported->mapping_sets[1];
  EXPECT_EQ(reverse.id, "edge_to_mini-hub-revert");
  EXPECT_EQ(reverse.source, "mini-hub");
  ASSERT_EQ(reverse.mappings.size(), 2u);
  EXPECT_EQ(reverse.mappings[1].target, "r05-");
  EXPECT_EQ(reverse.mappings[1].confidence, Confidence::kHigh);
  for (const MappingSet& set : imported->mapping_sets) {
    auto reloaded = MappingSetFromYaml(MappingSetToYaml(set), "m.yaml");
    ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  }
}

TEST(CisoEdgeCases, ContradictoryRepeatsAreAnErrorNamingBothLines) {
  std::string text = Sample("ciso-edge-cases.yaml");
  const std::string from = "relationship: superset\n          strength_of_relationship: 30";
  text.replace(text.find(from), from.size(),
               "relationship: not_related\n          strength_of_relationship: 30");
  const Catalog hub = MiniHub();
  CisoImportOptions options;
  options.file_name = "edge.yaml";
  options.catalog = &hub;
  options.skip_unknown = true;
  auto refused = ImportCisoAssistantLibrary(text, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("is 'not_related' here but 'subset-of' at line 96"),
            std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace hoshitori::interchange
