// The level shown follows METI's SCS scheme through the crosswalks (assess/scheme_level.h):
// the hub's factory (OT) criteria are outside the scheme, so an IT-only company that meets
// every scheme ★3 item holds ★3 even while the hub's own tags would say ★2; and a company the
// scheme does not rate ★3 is not shown ★3 by the hub's tags alone.
#include <gtest/gtest.h>

#include <string>

#include "assess/scheme_level.h"
#include "catalog/catalog_loader.h"

namespace hoshitori {
namespace {

const Catalog& Shipped() {
  static const Catalog catalog = [] {
    auto loaded = LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return std::move(loaded).value();
  }();
  return catalog;
}

// Every assessable hub criterion answered: those whose lowest star is at most `up_to`
// implemented, the rest not implemented; `except` answered `other` instead.
ResponseVector HubAnswers(int up_to, const std::string& except = "", AnswerStatus other = AnswerStatus::kNotImplemented) {
  const Framework& hub = *Shipped().FindFramework("hoshitori-common");
  std::vector<Answer> answers;
  for (NodeIndex i : hub.assessable()) {
    const RequirementNode& node = hub.nodes()[i];
    Answer a;
    a.node_id = node.id;
    const int star = LowestStar(node.levels);
    a.status = star >= 1 && star <= up_to ? AnswerStatus::kImplemented : AnswerStatus::kNotImplemented;
    if (node.id == except) a.status = other;
    answers.push_back(a);
  }
  return ToResponseVector(hub, answers);
}

TEST(SchemeLevel, FactoryCriteriaOutsideTheSchemeDoNotHoldBackAnItCompany) {
  const Framework& hub = *Shipped().FindFramework("hoshitori-common");
  const ResponseVector responses = HubAnswers(3, "PR-10.1");
  EXPECT_LT(ScoringModel(hub).Evaluate(responses).eligible_star, 3) << "the hub's own tags need PR-10.1 for ★3";
  std::optional<SchemeReading> scheme;
  const Evaluation shown = EvaluateForLevel(Shipped(), hub, responses, &scheme);
  ASSERT_TRUE(scheme.has_value());
  EXPECT_EQ(scheme->eligible_star, 3);
  EXPECT_EQ(shown.eligible_star, 3);
}

TEST(SchemeLevel, AnUnmetSchemeItemKeepsTheLevelBelowThree) {
  const Framework& hub = *Shipped().FindFramework("hoshitori-common");
  // Every ★3 criterion but one that a scheme ★3 item breaks into.
  const ResponseVector responses = HubAnswers(3, "PR-05.1");
  std::optional<SchemeReading> scheme;
  const Evaluation shown = EvaluateForLevel(Shipped(), hub, responses, &scheme);
  ASSERT_TRUE(scheme.has_value());
  EXPECT_LT(scheme->eligible_star, 3);
  EXPECT_EQ(shown.eligible_star, 0) << "the hub tags no ★1/★2: below ★3 it shows none";
  EXPECT_FALSE(scheme->gaps_to_next.empty());
}

TEST(SchemeLevel, AllFourAndTheHubsFiveGiveFive) {
  const Framework& hub = *Shipped().FindFramework("hoshitori-common");
  EXPECT_EQ(EvaluateForLevel(Shipped(), hub, HubAnswers(5)).eligible_star, 5);
  EXPECT_EQ(EvaluateForLevel(Shipped(), hub, HubAnswers(4)).eligible_star, 4);
}

TEST(SchemeLevel, FrameworksWithoutStarThreeOrFourTagsKeepTheirOwnLevel) {
  const Framework& action = *Shipped().FindFramework("security-action");
  std::optional<SchemeReading> scheme;
  std::vector<Answer> answers;
  for (NodeIndex i : action.assessable()) {
    Answer a;
    a.node_id = action.nodes()[i].id;
    a.status = AnswerStatus::kImplemented;
    answers.push_back(a);
  }
  const ResponseVector responses = ToResponseVector(action, answers);
  EXPECT_EQ(EvaluateForLevel(Shipped(), action, responses, &scheme).eligible_star,
            ScoringModel(action).Evaluate(responses).eligible_star);
  EXPECT_FALSE(scheme.has_value());
}

TEST(SchemeLevel, OwnBasicsAreStillNeeded) {
  SchemeReading scheme{3, 4, {}};
  EXPECT_EQ(LevelThroughScheme(1, kStar1 | kStar2 | kStar3, scheme), 1);
  EXPECT_EQ(LevelThroughScheme(2, kStar1 | kStar2 | kStar3, scheme), 3);
  EXPECT_EQ(LevelThroughScheme(3, kStar3 | kStar4, SchemeReading{0, 3, {}}), 0);
  EXPECT_EQ(LevelThroughScheme(2, kStar1 | kStar2 | kStar3, SchemeReading{0, 3, {}}), 2);
}

}  // namespace
}  // namespace hoshitori
