// One-sided claims in the supply graph: a relationship declared by one party is seen by its
// declarer at once, by the other party and anyone else only once confirmed, and opens no
// disclosed tier-N behind it while unconfirmed. Ended relationships and withdrawn
// disclosures vanish from every view.
//
//   1 (buyer) ─claim by 1─▶ 2 ─confirmed, 2 discloses to everyone and to 1─▶ 3
//   5 claims to supply 4 (critical, single source); 4 never confirmed it.
#include <gtest/gtest.h>

#include "chain/concentration.h"
#include "chain/traversal.h"

namespace hoshitori {
namespace {

SupplyRelationship Edge(int64_t id, int64_t buyer, int64_t supplier, int64_t declared_by, bool confirmed) {
  SupplyRelationship r;
  r.id = id;
  r.buyer = buyer;
  r.supplier = supplier;
  r.declared_by = declared_by;
  r.confirmed = confirmed;
  return r;
}

class OneSidedClaimsTest : public testing::Test {
 protected:
  void SetUp() override {
    auto inserted = Edge(42, 4, 5, 5, false);
    inserted.substitutability = Substitutability::kSingleSource;
    graph_ = SupplyGraph::Build(std::vector<int64_t>{1, 2, 3, 4, 5},
                                std::vector<SupplyRelationship>{Edge(12, 1, 2, 1, false), Edge(23, 2, 3, 2, true), inserted},
                                std::vector<Disclosure>{{2, std::nullopt}, {2, 1}});
  }

  NodeId Node(int64_t org) const { return *graph_.FindNode(org); }
  EdgeId EdgeOf(int64_t buyer, int64_t id) const { return *graph_.FindRelationship(buyer, id); }
  size_t Tiers(int64_t viewer) {
    ComputeTiers(GraphView(graph_, Node(viewer), std::nullopt), Node(viewer), kUnlimitedTiers, workspace_, reach_);
    return reach_.size() - 1;
  }

  SupplyGraph graph_;
  TraversalWorkspace workspace_;
  Reach reach_;
};

TEST_F(OneSidedClaimsTest, ABuyersClaimShowsToItButOpensNoDisclosedTierBehindIt) {
  const GraphView buyer(graph_, Node(1), std::nullopt);
  EXPECT_TRUE(buyer.Allows(EdgeOf(1, 12)));   // its own claim, at once
  EXPECT_FALSE(buyer.Allows(EdgeOf(2, 23)));  // 2's disclosed tier: not through a claim
  EXPECT_EQ(Tiers(1), 1u);
  // The claimed supplier does not see the claim until it confirms.
  EXPECT_FALSE(GraphView(graph_, Node(2), std::nullopt).Allows(EdgeOf(1, 12)));

  graph_.ConfirmRelationship(EdgeOf(1, 12));
  EXPECT_TRUE(GraphView(graph_, Node(2), std::nullopt).Allows(EdgeOf(1, 12)));
  EXPECT_EQ(Tiers(1), 2u);
  EXPECT_EQ(graph_.relationship(EdgeOf(1, 12)).confirmed, true);
}

TEST_F(OneSidedClaimsTest, ASuppliersClaimNeverReachesTheBuyersAnalyses) {
  // 5 inserted itself as 4's critical single-source supplier: 4 sees nothing of it.
  const GraphView victim(graph_, Node(4), std::nullopt);
  EXPECT_FALSE(victim.Allows(EdgeOf(4, 42)));
  EXPECT_EQ(Tiers(4), 0u);
  EXPECT_TRUE(SinglePointsOfFailure(victim, Node(4)).empty());
  // The claimant sees its own claim.
  EXPECT_TRUE(GraphView(graph_, Node(5), std::nullopt).Allows(EdgeOf(4, 42)));
  // Nor does the operator's view (or a national concentration figure) count it.
  const GraphView operator_view(graph_, std::nullopt, std::nullopt);
  EXPECT_FALSE(operator_view.AllowsAll());
  EXPECT_FALSE(operator_view.Allows(EdgeOf(4, 42)));
  EXPECT_TRUE(operator_view.Allows(EdgeOf(2, 23)));
  for (const ConcentrationEntry& entry : Concentration(operator_view, ChainHeads(operator_view), 10)) {
    EXPECT_NE(graph_.org(entry.supplier), 5) << "an unconfirmed claim counted in concentration";
  }
}

TEST_F(OneSidedClaimsTest, AConfirmedRelationshipBesideTheClaimOpensTheTierAgain) {
  auto confirmed = Edge(13, 1, 2, 2, true);
  confirmed.kind = RelationshipKind::kLogistics;
  graph_.AddRelationship(confirmed);
  EXPECT_TRUE(GraphView(graph_, Node(1), std::nullopt).claimed_only().empty());
  EXPECT_EQ(Tiers(1), 2u);
}

TEST_F(OneSidedClaimsTest, ARelationshipInTheOtherDirectionDoesNotOpenTheClaim) {
  // 1 really supplies 2 (confirmed), but that does not make it 2's buyer: its claim to buy
  // from 2 still opens nothing behind 2.
  auto supplies = Edge(21, 2, 1, 2, true);
  supplies.kind = RelationshipKind::kLogistics;
  graph_.AddRelationship(supplies);
  EXPECT_EQ(GraphView(graph_, Node(1), std::nullopt).claimed_only(), std::vector<NodeId>{Node(2)});
  EXPECT_FALSE(GraphView(graph_, Node(1), std::nullopt).Allows(EdgeOf(2, 23)));
  EXPECT_EQ(Tiers(1), 1u);
}

TEST_F(OneSidedClaimsTest, EndedRelationshipsAndWithdrawnDisclosuresVanish) {
  graph_.ConfirmRelationship(EdgeOf(1, 12));
  ASSERT_EQ(Tiers(1), 2u);
  // 2 withdraws both disclosures: 1 keeps its direct supplier only.
  EXPECT_TRUE(graph_.RemoveDisclosure(Disclosure{2, std::nullopt}));
  EXPECT_EQ(Tiers(1), 2u);  // still disclosed to 1 by name
  EXPECT_TRUE(graph_.RemoveDisclosure(Disclosure{2, 1}));
  EXPECT_FALSE(graph_.RemoveDisclosure(Disclosure{2, 1}));
  EXPECT_EQ(Tiers(1), 1u);
  // Either party ends the relationship: it leaves every view, the operator's too.
  const EdgeId ended = EdgeOf(1, 12);
  graph_.RemoveRelationship(ended);
  EXPECT_FALSE(graph_.FindRelationship(1, 12).has_value());
  EXPECT_EQ(Tiers(1), 0u);
  EXPECT_FALSE(GraphView(graph_, Node(2), std::nullopt).Allows(ended));
  EXPECT_FALSE(GraphView(graph_, std::nullopt, std::nullopt).Allows(ended));
  // Confirming an ended relationship does not bring it back.
  graph_.ConfirmRelationship(ended);
  EXPECT_FALSE(GraphView(graph_, Node(1), std::nullopt).Allows(ended));
  graph_.Compact();  // renumbers edges; the flags move with them
  EXPECT_FALSE(graph_.FindRelationship(1, 12).has_value());
  EXPECT_EQ(Tiers(1), 0u);
}

TEST_F(OneSidedClaimsTest, TheOperatorsFastPathHoldsOnlyWhileEverythingIsConfirmed) {
  graph_.ConfirmRelationship(EdgeOf(1, 12));
  EXPECT_EQ(graph_.unconfirmed_edge_count(), 1u);
  graph_.RemoveRelationship(EdgeOf(4, 42));
  EXPECT_EQ(graph_.unconfirmed_edge_count(), 1u);  // removed edges never count as visible
  const SupplyGraph clean = SupplyGraph::Build(std::vector<int64_t>{1, 2},
                                               std::vector<SupplyRelationship>{Edge(1, 1, 2, 1, true)});
  EXPECT_TRUE(GraphView(clean, std::nullopt, std::nullopt).AllowsAll());
}

}  // namespace
}  // namespace hoshitori
