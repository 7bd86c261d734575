// Property: for any framework the catalog format accepts, OSCAL export followed by import,
// and writing a catalog file followed by loading it, give the same framework back.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "interchange/catalog_yaml.h"
#include "interchange/oscal.h"
#include "interchange_test_support.h"

namespace hoshitori::interchange {
namespace {

// Text without leading, trailing or doubled spaces (titles are normalised that way).
rc::Gen<std::string> Words() {
  static const std::vector<std::string> kWords = {"管理", "方針", "policy", "a.b", "\"q\"", "x: y", "#1",
                                                  "ÄÖ", "—", "{b}", "[c]", "yes", "null", "1.0", "&amp;"};
  return rc::gen::map(rc::gen::container<std::vector<int>>(rc::gen::inRange<int>(0, 15)), [](std::vector<int> picks) {
    std::string out;
    for (int pick : picks) out += (out.empty() ? "" : " ") + kWords[static_cast<size_t>(pick)];
    return out.empty() ? std::string("t") : out;
  });
}

LocalizedText Pair(const std::string& ja, const std::string& en) { return LocalizedText{ja, en}; }

Framework RandomFramework() {
  Framework f;
  f.id = "prop-" + std::to_string(*rc::gen::inRange(0, 1000));
  f.version = *Words();
  f.name = Pair(*Words(), *Words());
  f.publisher = Pair(*Words(), *Words());
  f.licence_note = Pair(*Words(), *Words());
  if (*rc::gen::arbitrary<bool>()) f.source_url = "https://example.org/" + std::to_string(*rc::gen::inRange(0, 99));
  const int categories = *rc::gen::inRange(1, 4);
  for (int c = 0; c < categories; ++c) {
    f.categories.push_back(Category{c == 2 ? "3rd" : "cat-" + std::to_string(c), Pair(*Words(), *Words())});
  }
  // Nodes in pre-order: each node is a child of the one before it, or a root.
  const int count = *rc::gen::inRange(1, 12);
  std::vector<RequirementNode> nodes;
  for (int i = 0; i < count; ++i) {
    RequirementNode node;
    node.parent = i > 0 && *rc::gen::arbitrary<bool>() ? static_cast<NodeIndex>(i - 1) : -1;
    node.id = (*rc::gen::arbitrary<bool>() ? "N" : "1-") + std::to_string(i);  // "1-0" is no OSCAL token
    node.ref = *rc::gen::arbitrary<bool>() ? node.id : "R " + std::to_string(i);
    node.title = Pair(*Words(), *Words());
    node.category = *rc::gen::inRange(0, categories);
    node.levels = static_cast<LevelTags>(*rc::gen::inRange(0, 256));
    node.weight = *rc::gen::inRange(1, 6);
    node.effort = *rc::gen::inRange(1, 4);
    if (*rc::gen::arbitrary<bool>()) node.why = Pair(*Words(), *Words() + "\nsecond line");
    if (*rc::gen::arbitrary<bool>()) node.evidence = Pair(*Words(), *Words());
    node.description = Pair(*Words(), *Words());
    const int choices = *rc::gen::inRange(0, 3);
    for (int c = 0; c < choices; ++c) {
      node.choices.push_back(Choice{"c" + std::to_string(c), static_cast<AnswerStatus>(*rc::gen::inRange(0, 5)),
                                    *rc::gen::inRange(-2, 5), Pair(*Words(), *Words())});
    }
    nodes.push_back(std::move(node));
  }
  // Leaves are assessable (the default); a node with children sometimes is too.
  for (size_t i = 0; i < nodes.size(); ++i) {
    const bool has_children = i + 1 < nodes.size() && nodes[i + 1].parent == static_cast<NodeIndex>(i);
    nodes[i].assessable = !has_children || *rc::gen::arbitrary<bool>();
    f.AddNode(std::move(nodes[i]));
  }
  std::string clash;
  RC_PRE(f.Seal(&clash));
  return f;
}

RC_GTEST_PROP(RoundTrip, OscalAndCatalogFilesKeepEveryField, ()) {
  const Framework original = RandomFramework();
  auto from_yaml = FrameworkFromYaml(FrameworkToYaml(original), "p.yaml");
  RC_ASSERT(from_yaml.ok());
  testing_support::ExpectSameFramework(original, *from_yaml);
  OscalCatalogOptions options;
  auto from_oscal = ImportOscalCatalog(ExportOscalCatalog(original, "2026-11-21T00:00:00Z").dump(), options);
  RC_ASSERT(from_oscal.ok());
  testing_support::ExpectSameFramework(original, *from_oscal);
  RC_ASSERT(!::testing::Test::HasFailure());
}

}  // namespace
}  // namespace hoshitori::interchange
