// Compliance, exposure, concentration and single points of failure on a small chain whose
// answers are worked out by hand.
//
//   1 (buyer) ─parts, single source, email─▶ 2 ─subcontracting, personal, vpn─▶ 4
//       │                              │
//       └─it_outsourcing, vpn─▶ 3 ─cloud, important_confidential─▶ 5 ◀─ (2 also uses 5, email)
//
// 2 discloses to everyone upstream; 3 discloses to nobody (so 1 does not see 3 → 5).
#include <gtest/gtest.h>

#include "chain/compliance.h"
#include "chain/concentration.h"

namespace hoshitori {
namespace {

SupplyRelationship Edge(int64_t buyer, int64_t supplier, RelationshipKind kind) {
  SupplyRelationship r;
  r.id = buyer * 10 + supplier;
  r.buyer = buyer;
  r.supplier = supplier;
  r.declared_by = buyer;
  r.kind = kind;
  return r;
}

class AnalysisTest : public testing::Test {
 protected:
  void SetUp() override {
    std::vector<SupplyRelationship> edges;
    auto parts = Edge(1, 2, RelationshipKind::kParts);
    parts.substitutability = Substitutability::kSingleSource;
    parts.connectivity = Connectivity::kEmail;
    edges.push_back(parts);
    auto it = Edge(1, 3, RelationshipKind::kItOutsourcing);
    it.connectivity = Connectivity::kVpn;
    it.data = kDataConfidential;
    edges.push_back(it);
    auto sub = Edge(2, 4, RelationshipKind::kSubcontracting);
    sub.data = kDataPersonal;
    sub.connectivity = Connectivity::kVpn;
    edges.push_back(sub);
    auto cloud = Edge(3, 5, RelationshipKind::kCloudService);
    cloud.data = kDataImportantConfidential;
    edges.push_back(cloud);
    auto mail = Edge(2, 5, RelationshipKind::kCloudService);
    mail.connectivity = Connectivity::kEmail;
    edges.push_back(mail);
    graph_ = SupplyGraph::Build(std::vector<int64_t>{1, 2, 3, 4, 5}, edges, std::vector<Disclosure>{{2, std::nullopt}});
  }

  SupplierStanding Held(NodeId n) const {
    SupplierStanding s;
    switch (graph_.org(n)) {
      case 2: s = {true, 3, AttestationKind::kExpertConfirmed, std::nullopt, 0, AttestationKind::kSelf, std::nullopt}; break;
      case 3: s = {true, 4, AttestationKind::kThirdParty, std::nullopt, 0, AttestationKind::kSelf, std::nullopt}; break;
      case 4: s = {true, 0, AttestationKind::kSelf, std::nullopt, 3, AttestationKind::kExpertConfirmed, ParseDate("2026-05-31").value()}; break;
      default: break;  // 5 shares nothing
    }
    return s;
  }

  ComplianceReport Report(const RequirementPolicy& policy) {
    const GraphView view(graph_, NodeId{0}, std::nullopt);
    return CheckCompliance(view, 0, policy, [](NodeId) { return SupplierFacts{}; },
                           [this](NodeId n) { return Held(n); }, workspace_);
  }

  const ComplianceEntry& Entry(const ComplianceReport& report, int64_t org) {
    for (const ComplianceEntry& e : report.entries) {
      if (graph_.org(e.supplier) == org) return e;
    }
    throw std::runtime_error("no entry for " + std::to_string(org));
  }

  SupplyGraph graph_;
  TraversalWorkspace workspace_;
};

TEST_F(AnalysisTest, ComplianceOfTheVisibleChain) {
  const ComplianceReport report = Report(RequirementPolicy::Default());
  ASSERT_EQ(report.entries.size(), 4u);  // 2, 3, 4 and 5 (seen through 2, which discloses)
  EXPECT_EQ(Entry(report, 2).status, ComplianceStatus::kBelow);   // single source ⇒ ★4, holds ★3
  EXPECT_EQ(Entry(report, 2).requirement.rule, "star4-single-source");
  EXPECT_EQ(Entry(report, 3).status, ComplianceStatus::kMeets);   // vpn ⇒ ★4, holds ★4
  EXPECT_EQ(Entry(report, 4).requirement.star, 4);                // vpn at tier 2
  EXPECT_EQ(Entry(report, 4).status, ComplianceStatus::kBelow);   // lapsed ★3 < ★4
  EXPECT_EQ(Entry(report, 5).status, ComplianceStatus::kUnknown);
  EXPECT_EQ(Entry(report, 5).tier, 2);
  // 1 sees 5 only through 2's e-mail relationship (3 → 5 is not disclosed): ★3.
  EXPECT_EQ(Entry(report, 5).requirement.star, 3);
  ASSERT_EQ(report.counts_by_tier.size(), 3u);
  EXPECT_EQ(report.counts_by_tier[1][static_cast<int>(ComplianceStatus::kMeets)], 1);
  EXPECT_EQ(report.counts_by_tier[1][static_cast<int>(ComplianceStatus::kBelow)], 1);
  EXPECT_EQ(report.counts_by_tier[2][static_cast<int>(ComplianceStatus::kBelow)], 1);
  EXPECT_EQ(report.counts_by_tier[2][static_cast<int>(ComplianceStatus::kUnknown)], 1);
  EXPECT_EQ(report.totals[static_cast<int>(ComplianceStatus::kBelow)], 2);
}

TEST_F(AnalysisTest, ExpiredWhenTheLapsedLevelWouldMeet) {
  auto relaxed = RequirementPolicy::Parse("rule all: always => star3 \"every supplier\"", "relaxed");
  ASSERT_TRUE(relaxed.ok());
  const ComplianceReport report = Report(*relaxed);
  EXPECT_EQ(Entry(report, 4).status, ComplianceStatus::kExpired);
  EXPECT_EQ(Entry(report, 2).status, ComplianceStatus::kMeets);
}

TEST_F(AnalysisTest, ExposureRanksByWeakestLinkThenGap) {
  const ComplianceReport report = Report(RequirementPolicy::Default());
  const GraphView view(graph_, NodeId{0}, std::nullopt);
  const auto paths = ExposurePaths(view, report, workspace_);
  // Every weak supplier is reached through the e-mail exchange with 2 (weakest link 1), so
  // the missing stars decide: 4 (needs ★4, holds nothing), 5 (unknown, needs ★3), 2 (★3 of ★4).
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(graph_.org(paths[0].supplier), 4);
  EXPECT_EQ(graph_.org(paths[1].supplier), 5);
  EXPECT_EQ(graph_.org(paths[2].supplier), 2);
  for (const ExposurePath& p : paths) EXPECT_EQ(p.severity, 1);
  EXPECT_EQ(paths[0].path.size(), 2u);
  EXPECT_EQ(graph_.supplier(paths[0].path.back()), paths[0].supplier);
}

TEST_F(AnalysisTest, ExposureNeedsAChannelAllTheWay) {
  // Without the e-mail exchange the parts relationship carries neither data nor a
  // connection, so nothing behind 2 can reach the buyer.
  SupplyGraph plain;
  auto parts = Edge(1, 2, RelationshipKind::kParts);
  auto sub = Edge(2, 4, RelationshipKind::kSubcontracting);
  sub.connectivity = Connectivity::kOt;
  plain = SupplyGraph::Build(std::vector<int64_t>{1, 2, 4}, std::vector<SupplyRelationship>{parts, sub},
                             std::vector<Disclosure>{{2, std::nullopt}});
  const GraphView view(plain, NodeId{0}, std::nullopt);
  const ComplianceReport report =
      CheckCompliance(view, 0, RequirementPolicy::Default(), [](NodeId) { return SupplierFacts{}; },
                      [](NodeId) { return SupplierStanding{}; }, workspace_);
  EXPECT_EQ(report.totals[static_cast<int>(ComplianceStatus::kUnknown)], 2);
  EXPECT_TRUE(ExposurePaths(view, report, workspace_).empty());
}

TEST_F(AnalysisTest, ConcentrationAndSinglePointsOfFailure) {
  const GraphView all(graph_, std::nullopt, std::nullopt);
  const auto heads = ChainHeads(all);
  ASSERT_EQ(heads.size(), 1u);
  const auto entries = Concentration(all, heads, 10);
  ASSERT_EQ(entries.size(), 4u);
  // 2 is reached critically (single source); everything else by one chain only.
  EXPECT_EQ(graph_.org(entries[0].supplier), 2);
  EXPECT_EQ(entries[0].critical_chains, 1u);
  const auto points = SinglePointsOfFailure(GraphView(graph_, NodeId{0}, std::nullopt), 0);
  ASSERT_EQ(points.size(), 1u);  // 2 alone leads to 4 (5 is also reached through 2 only: 3 → 5 hidden)
  EXPECT_EQ(graph_.org(points[0].supplier), 2);
  EXPECT_EQ(points[0].cut_off, 2u);
}

}  // namespace
}  // namespace hoshitori
