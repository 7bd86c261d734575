// SupplierBoard on its own: a board judged again under a new policy (Repoliced), which keeps
// the orders the policy cannot change and merges the status order from the old one, lists
// every page exactly as a board built afresh under that policy does.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "service/supplier_board.h"
#include "chain/policy.h"
#include "chain/relationship.h"
#include "chain/supply_graph.h"
#include "chain/traversal.h"

namespace hoshitori::service {
namespace {

// A buyer (1), 48 suppliers at tier 1 and 2 of varied kinds, and 6 outside its chain that
// share with it; names repeat, so that sorts fall back to the corporate number.
class SupplierBoardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937 random(20261207);
    const char* names[] = {"部品工業", "Alpha Parts", "精密加工", "Alpha Parts", "物流サービス", "ソフト開発"};
    const RelationshipKind kinds[] = {RelationshipKind::kParts, RelationshipKind::kManufacturing,
                                      RelationshipKind::kItOutsourcing};
    AddOrganisation(1, "Buyer");
    for (int64_t id = 2; id <= 55; ++id) AddOrganisation(id, names[id % 6]);
    for (int64_t id = 2; id <= 49; ++id) {
      SupplyRelationship r;
      r.id = id;
      r.buyer = id <= 33 ? 1 : 2 + (id % 10);  // 34..49 behind one of tier 1
      r.supplier = id;
      r.declared_by = r.buyer;
      r.kind = kinds[random() % 3];
      graph_.AddRelationship(r);
    }
    for (int64_t id = 2; id <= 55; ++id) {
      if (id % 7 == 0) continue;  // nothing shared
      Share share;
      share.id = 2000 + id;
      share.org_id = id;
      share.assessment_id = 1000 + id;
      share.buyer_org_id = 1;
      SharedAssessment s{share, AssessmentRecord{}, std::nullopt, organisations_.at(id)};
      s.record.id = 1000 + id;
      s.record.org_id = id;
      s.record.attestation.status = AssessmentStatus::kSubmitted;
      s.record.attestation.valid_until =
          *ParseDate(id % 5 == 0 ? "2026-11-30" : id % 3 == 0 ? "2027-03-31" : "2028-06-30");
      AssessmentResult result;
      result.assessment_id = s.record.id;
      result.eligible_star = static_cast<int>(random() % 3) + 1;
      for (int star = 1; star <= result.eligible_star; ++star) result.present_stars |= LevelTags(1) << (star - 1);
      s.result = result;
      shared_.push_back(std::move(s));
    }
  }
  void AddOrganisation(int64_t id, const std::string& name) {
    const std::string base = std::to_string(100000000000 + id);
    Organisation o{id, *CorporateNumber::Parse(std::to_string(CorporateNumber::CheckDigitFor(base)) + base), name,
                   *Industry::Parse("E"), 20 + id, std::nullopt, ""};
    organisations_.emplace(id, o);
  }
  std::shared_ptr<const SupplierBoard> Build(const RequirementPolicy& policy) {
    return BuildSupplierBoard(graph_, 1, policy, shared_, Lookup(), today_, workspace_);
  }
  OrganisationLookup Lookup() {
    return [this](int64_t id) -> const Organisation* {
      const auto it = organisations_.find(id);
      return it == organisations_.end() ? nullptr : &it->second;
    };
  }
  // Every query a reader can make of the orders: each sort both ways, filtered and not.
  static std::vector<SupplierQuery> Queries() {
    std::vector<SupplierQuery> out;
    for (const SupplierSort sort : {SupplierSort::kStatus, SupplierSort::kName, SupplierSort::kTier,
                                    SupplierSort::kHeldStar, SupplierSort::kExpiry, SupplierSort::kCorporateNumber}) {
      for (const bool descending : {false, true}) {
        for (const std::string& text : {std::string(), std::string("alpha"), std::string("部品")}) {
          SupplierQuery q;
          q.sort = sort;
          q.descending = descending;
          q.text = text;
          q.per_page = 500;
          out.push_back(q);
        }
      }
    }
    return out;
  }
  // What a page lists: supplier, status and requirement, in order.
  static std::vector<std::string> Listed(const SupplierBoard& board, const SupplierQuery& q) {
    std::vector<std::string> out;
    for (const SupplierRow* row : board.Select(q).rows) {
      out.push_back(std::to_string(row->supplier.id) + ":" +
                    (row->status ? std::to_string(static_cast<int>(*row->status)) : "-") + ":" +
                    std::to_string(row->requirement.star));
    }
    return out;
  }

  SupplyGraph graph_;
  std::map<int64_t, Organisation> organisations_;
  std::vector<SharedAssessment> shared_;
  Date today_ = *ParseDate("2026-12-07");
  TraversalWorkspace workspace_;
};

TEST_F(SupplierBoardTest, ARepolicedBoardListsEveryPageAsOneBuiltAfresh) {
  const auto lenient = RequirementPolicy::Parse("rule base: always => star1 \"every supplier\"\n", "lenient");
  ASSERT_TRUE(lenient.ok()) << lenient.error().message;
  const auto strict = RequirementPolicy::Parse(
      "rule parts: kind = parts => star3 \"parts suppliers\"\n"
      "rule base: always => star2 \"every supplier\"\n",
      "strict");
  ASSERT_TRUE(strict.ok()) << strict.error().message;
  for (const bool orders_built_first : {true, false}) {
    SCOPED_TRACE(orders_built_first ? "the old board had its orders" : "the old board had none");
    const auto before = Build(*lenient);
    if (orders_built_first) {
      for (const SupplierQuery& q : Queries()) before->Select(q);
    }
    const auto judged = before->Repoliced(graph_, *strict, Lookup(), today_, workspace_);
    const auto fresh = Build(*strict);
    int changed = 0;
    for (const SupplierQuery& q : Queries()) {
      EXPECT_EQ(Listed(*judged, q), Listed(*fresh, q)) << "sort " << static_cast<int>(q.sort) << " desc "
                                                        << q.descending << " q=" << q.text;
      if (Listed(*before, q) != Listed(*fresh, q)) ++changed;
    }
    EXPECT_GT(changed, 0) << "the stricter policy changed no page: the test shows nothing";
    // And back: the lenient policy again over the judged board.
    const auto back = judged->Repoliced(graph_, *lenient, Lookup(), today_, workspace_);
    for (const SupplierQuery& q : Queries()) EXPECT_EQ(Listed(*back, q), Listed(*before, q));
  }
}

}  // namespace
}  // namespace hoshitori::service
