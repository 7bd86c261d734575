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
#include "core/japanese_text.h"

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
  // Every page of the query, one after the other.
  static std::vector<std::string> Listed(const SupplierBoard& board, SupplierQuery q) {
    std::vector<std::string> out;
    for (q.page = 1;; ++q.page) {
      const auto page = board.Select(q);
      for (const SupplierRow* row : page.rows) out.push_back(Text(*row));
      if (page.rows.empty() || static_cast<int>(out.size()) >= page.total) break;
    }
    return out;
  }
  // A share of `id`'s assessment to the buyer, with the level it earns.
  void AddShare(int64_t id, int star) {
    Share share;
    share.id = 2000 + id;
    share.org_id = id;
    share.assessment_id = 1000 + id;
    share.buyer_org_id = 1;
    SharedAssessment s{share, AssessmentRecord{}, std::nullopt, organisations_.at(id)};
    s.record.id = 1000 + id;
    s.record.org_id = id;
    s.record.attestation.status = AssessmentStatus::kSubmitted;
    s.record.attestation.valid_until = *ParseDate("2028-06-30");
    AssessmentResult result;
    result.assessment_id = s.record.id;
    result.eligible_star = star;
    for (int level = 1; level <= star; ++level) result.present_stars |= LevelTags(1) << (level - 1);
    s.result = result;
    shared_.push_back(std::move(s));
  }
  // Every row, in one page.
  static SupplierQuery Everything() {
    SupplierQuery q;
    q.per_page = 500;
    return q;
  }
  // A row as a page shows it: supplier, tier, judgement and what was shared.
  static std::string Text(const SupplierRow& row) {
    return std::to_string(row.supplier.id) + ":" + std::to_string(row.tier) + ":" + (row.unconfirmed ? "u" : "c") +
           ":" + (row.status ? std::to_string(static_cast<int>(*row.status)) : "-") + ":" +
           std::to_string(row.requirement.star) + ":" + row.requirement.rule + ":" + row.reason + ":" +
           std::to_string(row.standing.held_star) + ":" + std::to_string(row.share_id);
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
    // Every row rendered on the old board: a row the new policy judges alike is kept with its
    // rendering, any other is rendered again.
    for (const SupplierRow* row : before->Select(Everything()).rows) row->rendered.Get(*row, Text);
    const auto judged = before->Repoliced(graph_, *strict, Lookup(), today_, workspace_);
    const auto fresh = Build(*strict);
    std::map<int64_t, const SupplierRow*> old_rows;
    for (const SupplierRow* row : before->Select(Everything()).rows) old_rows[row->supplier.id] = row;
    int kept = 0;
    for (const SupplierRow* row : judged->Select(Everything()).rows) {
      const SupplierRow* old = old_rows.at(row->supplier.id);
      const std::string shown = row->rendered.Get(*row, [](const SupplierRow&) { return std::string("rendered again"); });
      if (old == row) {
        ++kept;
        EXPECT_EQ(shown, Text(*row));
      } else {
        EXPECT_EQ(shown, "rendered again") << Text(*row);
      }
      EXPECT_TRUE(old != row || Text(*old) == Text(*row));
    }
    EXPECT_GT(kept, 0) << "no row was kept: every row was made again";
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

// A refreshed board holds its rows in chunks shared with the board it came from: replacing,
// adding and removing rows across several chunks lists every page as a board built afresh
// from the same shares does, and leaves the board it came from as it was.
TEST_F(SupplierBoardTest, ARefreshedBoardOfManyChunksListsEveryPageAsOneBuiltAfresh) {
  const auto policy = RequirementPolicy::Parse("rule base: always => star2 \"every supplier\"\n", "base");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  // 900 suppliers outside the chain share with the buyer: rows over four chunks.
  for (int64_t id = 100; id < 1000; ++id) {
    AddOrganisation(id, "Outside " + std::to_string(id % 37));
    AddShare(id, static_cast<int>(id % 4));
  }
  AddOrganisation(1500, "Newcomer");
  const auto before = Build(*policy);
  for (const SupplierQuery& q : Queries()) before->Select(q);  // orders built, as a served board has them
  const std::vector<std::string> before_all = Listed(*before, Everything());

  // 150 and 700 stop sharing (rows removed), 420 and 20 share a better level (rows replaced),
  // 1500 shares for the first time (a row added).
  std::erase_if(shared_, [](const SharedAssessment& s) {
    return s.record.org_id == 150 || s.record.org_id == 700 || s.record.org_id == 420 || s.record.org_id == 20;
  });
  AddShare(420, 3);
  AddShare(20, 3);
  AddShare(1500, 1);
  const std::vector<int64_t> changed = {150, 700, 420, 20, 1500};
  std::vector<SharedAssessment> theirs;
  for (const SharedAssessment& s : shared_) {
    if (std::find(changed.begin(), changed.end(), s.record.org_id) != changed.end()) theirs.push_back(s);
  }
  const auto refreshed = before->Refreshed(changed, theirs, Lookup(), today_);
  const auto fresh = Build(*policy);
  EXPECT_EQ(refreshed->size(), fresh->size());
  for (const SupplierQuery& q : Queries()) {
    EXPECT_EQ(Listed(*refreshed, q), Listed(*fresh, q))
        << "sort " << static_cast<int>(q.sort) << " desc " << q.descending << " q=" << q.text;
  }
  EXPECT_EQ(Listed(*before, Everything()), before_all) << "the board refreshed from changed";
}

// A text held by few rows (one supplier's number or name, as the supplier list's search box
// sends) is answered from the rows holding it, put in order by themselves; any other query
// walks the whole order. Both must list what the whole order restricted to the matching rows
// lists, in every sort and direction, on every page.
TEST(SupplierBoardSelect, FewMatchingRowsListAsTheWholeOrderRestrictedToThem) {
  std::mt19937 random(7);
  std::vector<SupplierRow> rows;
  const char* names[] = {"Alpha Parts ", "部品工業 ", "精密加工 ", "beta logistics "};
  for (int64_t i = 0; i < 3000; ++i) {
    const std::string base = std::to_string(200000000000 + (i * 7919) % 100000);
    SupplierRow row(Organisation{i + 2, *CorporateNumber::Parse(std::to_string(CorporateNumber::CheckDigitFor(base)) + base),
                                 names[i % 4] + std::to_string(i % 700), *Industry::Parse("E"), 10, std::nullopt, ""});
    row.in_chain = i % 5 != 0;
    if (row.in_chain) {
      row.tier = 1 + static_cast<int>(random() % 3);
      row.status = static_cast<ComplianceStatus>(random() % 4);
    }
    row.standing.held_star = static_cast<int>(random() % 4);
    if (random() % 2) row.standing.held_until = *ParseDate(random() % 2 ? "2027-03-31" : "2028-06-30");
    rows.push_back(std::move(row));
  }
  const SupplierBoard board(1, std::move(rows), std::nullopt);
  const auto ids = [](const SupplierBoard::Page& page) {
    std::vector<int64_t> out;
    for (const SupplierRow* row : page.rows) out.push_back(row->supplier.id);
    return out;
  };
  for (const SupplierSort sort : {SupplierSort::kStatus, SupplierSort::kName, SupplierSort::kTier,
                                  SupplierSort::kHeldStar, SupplierSort::kExpiry, SupplierSort::kCorporateNumber}) {
    for (const bool descending : {false, true}) {
      // The whole order, page by page.
      std::vector<int64_t> whole;
      SupplierQuery all;
      all.sort = sort;
      all.descending = descending;
      all.per_page = 500;
      for (all.page = 1; static_cast<int>(whole.size()) < 3000; ++all.page) {
        const auto page = board.Select(all);
        ASSERT_EQ(page.total, 3000);
        ASSERT_FALSE(page.rows.empty());
        for (const int64_t id : ids(page)) whole.push_back(id);
      }
      // A few rows each, then a number prefix and a name part held by many (the whole order
      // walked).
      for (const std::string text : {"alpha parts 12", "beta logistics 6", "精密加工 69", "2", "parts"}) {
        SCOPED_TRACE(std::to_string(static_cast<int>(sort)) + (descending ? " desc q=" : " q=") + text);
        // The rows holding the text, by the rule the board documents (the corporate number
        // starts with it or the name's search key contains it), in the whole order.
        const std::string key = SearchKey(text);
        std::vector<int64_t> holding;
        for (const int64_t id : whole) {
          const int64_t i = id - 2;
          const std::string base = std::to_string(200000000000 + (i * 7919) % 100000);
          const std::string number = std::to_string(CorporateNumber::CheckDigitFor(base)) + base;
          const std::string name = SearchKey(std::string(names[i % 4]) + std::to_string(i % 700));
          if (number.rfind(key, 0) == 0 || name.find(key) != std::string::npos) holding.push_back(id);
        }
        ASSERT_FALSE(holding.empty());
        SupplierQuery q = all;
        q.text = key;  // as ParseSupplierQuery gives it
        q.per_page = 7;  // several pages
        std::vector<int64_t> listed;
        for (q.page = 1; q.page <= (static_cast<int>(holding.size()) + 6) / 7; ++q.page) {
          const auto page = board.Select(q);
          EXPECT_EQ(page.total, static_cast<int>(holding.size()));
          for (const int64_t id : ids(page)) listed.push_back(id);
        }
        EXPECT_EQ(listed, holding);
      }
    }
  }
}

}  // namespace
}  // namespace hoshitori::service
