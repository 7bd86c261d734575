// Tiers, blast radius, all paths, concentration and single points of failure compared with
// plain reference implementations on thousands of random graphs (cycles, self-loops,
// parallel edges, disconnected parts, dates, disclosures, unconfirmed one-sided claims). The
// number of graphs per property is set by RC_PARAMS in tests/chain/CMakeLists.txt.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "chain/concentration.h"
#include "chain/traversal.h"
#include "random_chain.h"

namespace hoshitori {
namespace {

using testing_chain::BuildGraph;
using testing_chain::GenerateChain;
using testing_chain::RandomChain;
using testing_chain::ReferenceCritical;
using testing_chain::ReferenceVisible;

constexpr int kUnreached = -1;

// Shortest tiers by repeated relaxation over the edge list (Bellman-Ford).
std::vector<int> ReferenceTiers(const RandomChain& chain, int root, std::optional<int64_t> viewer,
                                bool check_dates, int max_tier, bool reverse,
                                const std::function<bool(const SupplyRelationship&)>& accept) {
  std::vector<int> tier(chain.organisations + 1, kUnreached);
  tier[root] = 0;
  for (int round = 0; round <= chain.organisations; ++round) {
    for (const SupplyRelationship& r : chain.relationships) {
      if (!ReferenceVisible(chain, r, viewer, check_dates) || !accept(r)) continue;
      const int from = static_cast<int>(reverse ? r.supplier : r.buyer);
      const int to = static_cast<int>(reverse ? r.buyer : r.supplier);
      if (tier[from] == kUnreached || tier[from] + 1 > max_tier) continue;
      if (tier[to] == kUnreached || tier[from] + 1 < tier[to]) tier[to] = tier[from] + 1;
    }
  }
  return tier;
}

// Checks that `reach` holds exactly the reference tiers and that every path is a real,
// visible, accepted path of the right length from the start.
void CheckReach(const SupplyGraph& graph, const GraphView& view, const Reach& reach,
                const std::vector<int>& expected, bool reverse,
                const std::function<bool(EdgeId)>& accept) {
  int expected_count = 0;
  for (size_t org = 1; org < expected.size(); ++org) expected_count += expected[org] != kUnreached;
  RC_ASSERT(static_cast<int>(reach.size()) == expected_count);
  for (uint32_t i = 0; i < reach.size(); ++i) {
    const int64_t org = graph.org(reach.node[i]);
    RC_ASSERT(expected[org] == static_cast<int>(reach.tier[i]));
    const std::vector<EdgeId> path = reach.PathTo(i);
    RC_ASSERT(path.size() == reach.tier[i]);
    NodeId at = reach.node[0];
    for (EdgeId e : path) {
      RC_ASSERT(view.Allows(e));
      RC_ASSERT(accept(e));
      RC_ASSERT((reverse ? graph.supplier(e) : graph.buyer(e)) == at);
      at = reverse ? graph.buyer(e) : graph.supplier(e);
    }
    RC_ASSERT(at == reach.node[i]);
  }
}

// Every way of expanding tiers must give the same answers.
TraversalWorkspace::Strategy PickStrategy() {
  return *rc::gen::element(TraversalWorkspace::Strategy::kAuto, TraversalWorkspace::Strategy::kTopDown,
                           TraversalWorkspace::Strategy::kBottomUp);
}

std::optional<int64_t> PickViewer(int root) {
  return *rc::gen::arbitrary<bool>() ? std::optional<int64_t>(root) : std::nullopt;
}

TEST(ChainProperty, TiersMatchReference) {
  const bool ok = rc::check("tiers are the shortest visible paths", [] {
    const RandomChain chain = GenerateChain(14, 45);
    const SupplyGraph graph = BuildGraph(chain);
    TraversalWorkspace workspace;
    Reach reach;
    for (int check = 0; check < 3; ++check) {
      workspace.set_strategy(PickStrategy());
      const int root = *rc::gen::inRange(1, chain.organisations + 1);
      const auto viewer = PickViewer(root);
      const bool dates = *rc::gen::arbitrary<bool>();
      const int max_tier = *rc::gen::element(1, 2, 3, kUnlimitedTiers);
      const GraphView view(graph, viewer ? std::optional<NodeId>(root - 1) : std::nullopt,
                           dates ? std::optional<Date>(chain.as_of) : std::nullopt);
      ComputeTiers(view, static_cast<NodeId>(root - 1), max_tier, workspace, reach);
      const auto expected = ReferenceTiers(chain, root, viewer, dates, max_tier, false,
                                           [](const SupplyRelationship&) { return true; });
      CheckReach(graph, view, reach, expected, false, [](EdgeId) { return true; });
    }
  });
  EXPECT_TRUE(ok);
}

// Walk enumeration: the smallest number of steps (<= max) by which `from` reaches the
// company, and whether some walk of <= max steps uses critical relationships only.
void EnumerateWalks(const RandomChain& chain, int at, int steps, int max, bool all_critical,
                    std::vector<int>& best, std::vector<bool>& stops) {
  if (best[at] == kUnreached || steps < best[at]) best[at] = steps;
  if (all_critical) stops[at] = true;
  if (steps == max) return;
  for (const SupplyRelationship& r : chain.relationships) {
    if (r.supplier != at || !ReferenceVisible(chain, r, std::nullopt, true)) continue;
    EnumerateWalks(chain, static_cast<int>(r.buyer), steps + 1, max, all_critical && ReferenceCritical(r), best, stops);
  }
}

TEST(ChainProperty, BlastRadiusMatchesWalkEnumeration) {
  const bool ok = rc::check("blast radius and production stops by walk enumeration", [] {
    const RandomChain chain = GenerateChain(10, 25);
    const SupplyGraph graph = BuildGraph(chain);
    TraversalWorkspace workspace;
    workspace.set_strategy(PickStrategy());
    BlastRadius radius;
    const int company = *rc::gen::inRange(1, chain.organisations + 1);
    const int max_tiers = *rc::gen::inRange(0, 5);
    const GraphView view(graph, std::nullopt, chain.as_of);
    ComputeBlastRadius(view, static_cast<NodeId>(company - 1), max_tiers, workspace, radius);
    std::vector<int> best(chain.organisations + 1, kUnreached);
    std::vector<bool> stops(chain.organisations + 1, false);
    EnumerateWalks(chain, company, 0, max_tiers, true, best, stops);
    CheckReach(graph, view, radius.affected, best, true, [](EdgeId) { return true; });
    RC_ASSERT(radius.stop_index.size() == radius.affected.size());
    for (uint32_t i = 0; i < radius.affected.size(); ++i) {
      const int64_t org = graph.org(radius.affected.node[i]);
      RC_ASSERT(radius.production_stops(i) == static_cast<bool>(stops[org]));
      if (radius.production_stops(i)) {
        const uint32_t j = radius.stop_index[i];
        RC_ASSERT(radius.stopped.node[j] == radius.affected.node[i]);
        RC_ASSERT(radius.stopped.tier[j] <= max_tiers);
        for (EdgeId e : radius.stopped.PathTo(j)) RC_ASSERT(graph.critical(e));
      }
    }
  });
  EXPECT_TRUE(ok);
}

// Incremental updates read the same as a rebuilt graph: half the relationships compacted,
// the rest added to the delta (some of them ended again), before and after Compact().
TEST(ChainProperty, DeltaReadsLikeRebuild) {
  const bool ok = rc::check("delta + CSR equals a graph built at once", [] {
    RandomChain chain = GenerateChain(12, 40);
    const size_t split = *rc::gen::inRange<size_t>(0, chain.relationships.size() + 1);
    std::vector<int64_t> organisations;
    for (int i = 1; i <= chain.organisations; ++i) organisations.push_back(i);
    SupplyGraph incremental = SupplyGraph::Build(
        organisations, std::span(chain.relationships).first(split), chain.disclosures);
    for (size_t i = split; i < chain.relationships.size(); ++i) incremental.AddRelationship(chain.relationships[i]);
    if (!chain.relationships.empty() && *rc::gen::arbitrary<bool>()) {
      SupplyRelationship& ended = chain.relationships[*rc::gen::inRange<size_t>(0, chain.relationships.size())];
      ended.end = testing_chain::Day(-10);
      incremental.EndRelationship(ended.buyer, ended.supplier, ended.kind, *ended.end);
      for (SupplyRelationship& r : chain.relationships) {  // every parallel twin ends too
        if (r.buyer == ended.buyer && r.supplier == ended.supplier && r.kind == ended.kind) r.end = ended.end;
      }
    }
    TraversalWorkspace workspace;
    workspace.set_strategy(PickStrategy());
    Reach reach;
    for (int round = 0; round < 2; ++round) {
      if (round == 1) incremental.Compact();
      for (int root = 1; root <= chain.organisations; ++root) {
        const GraphView view(incremental, static_cast<NodeId>(root - 1), chain.as_of);
        ComputeTiers(view, static_cast<NodeId>(root - 1), kUnlimitedTiers, workspace, reach);
        const auto expected = ReferenceTiers(chain, root, root, true, kUnlimitedTiers, false,
                                             [](const SupplyRelationship&) { return true; });
        CheckReach(incremental, view, reach, expected, false, [](EdgeId) { return true; });
      }
    }
  });
  EXPECT_TRUE(ok);
}

TEST(ChainProperty, AllPathsAreEverySimplePath) {
  const bool ok = rc::check("AllPaths lists every simple path, shortest first", [] {
    const RandomChain chain = GenerateChain(7, 16);
    const SupplyGraph graph = BuildGraph(chain);
    const int from = *rc::gen::inRange(1, chain.organisations + 1);
    const int to = *rc::gen::inRange(1, chain.organisations + 1);
    const int max_tier = *rc::gen::inRange(1, 6);
    const GraphView view(graph, std::nullopt, std::nullopt);
    const auto paths = AllPaths(view, static_cast<NodeId>(from - 1), static_cast<NodeId>(to - 1), max_tier, 100000);
    // Reference: enumerate edge sequences by DFS over the edge list.
    std::multiset<std::vector<int64_t>> expected;
    std::vector<int64_t> ids;
    std::vector<bool> on_path(chain.organisations + 1, false);
    std::function<void(int)> dfs = [&](int at) {
      if (at == to && !ids.empty()) {
        expected.insert(ids);
        return;
      }
      if (static_cast<int>(ids.size()) == max_tier) return;
      on_path[at] = true;
      for (const SupplyRelationship& r : chain.relationships) {
        if (r.buyer != at || on_path[r.supplier] || !ReferenceVisible(chain, r, std::nullopt, false)) continue;
        ids.push_back(r.id);
        dfs(static_cast<int>(r.supplier));
        ids.pop_back();
      }
      on_path[at] = false;
    };
    dfs(from);
    std::multiset<std::vector<int64_t>> actual;
    size_t previous = 0;
    for (const auto& path : paths) {
      RC_ASSERT(path.size() >= previous);
      previous = path.size();
      std::vector<int64_t> as_ids;
      for (EdgeId e : path) as_ids.push_back(graph.relationship_id(e));
      actual.insert(as_ids);
    }
    RC_ASSERT(actual == expected);
  });
  EXPECT_TRUE(ok);
}

TEST(ChainProperty, ConcentrationCountsChainsByReference) {
  const bool ok = rc::check("dependent and critical chain counts", [] {
    const RandomChain chain = GenerateChain(16, 50);
    const SupplyGraph graph = BuildGraph(chain);
    const GraphView view(graph, std::nullopt, chain.as_of);
    const auto heads = ChainHeads(view);
    const auto entries = Concentration(view, heads, 1000);
    std::map<int64_t, std::pair<uint32_t, uint32_t>> expected;
    for (NodeId head : heads) {
      const int root = static_cast<int>(graph.org(head));
      const auto all = ReferenceTiers(chain, root, std::nullopt, true, kUnlimitedTiers, false,
                                      [](const SupplyRelationship&) { return true; });
      const auto critical = ReferenceTiers(chain, root, std::nullopt, true, kUnlimitedTiers, false, ReferenceCritical);
      for (int org = 1; org <= chain.organisations; ++org) {
        if (org == root) continue;
        if (all[org] != kUnreached) ++expected[org].first;
        if (critical[org] != kUnreached) ++expected[org].second;
      }
    }
    RC_ASSERT(entries.size() == expected.size());
    for (const ConcentrationEntry& e : entries) {
      const auto it = expected.find(graph.org(e.supplier));
      RC_ASSERT(it != expected.end());
      RC_ASSERT(e.dependent_chains == it->second.first);
      RC_ASSERT(e.critical_chains == it->second.second);
    }
    for (size_t i = 1; i < entries.size(); ++i) RC_ASSERT(entries[i - 1].weight() >= entries[i].weight());
  });
  EXPECT_TRUE(ok);
}

TEST(ChainProperty, SinglePointsOfFailureAreDominators) {
  const bool ok = rc::check("S cuts off T iff T is unreachable without S", [] {
    const RandomChain chain = GenerateChain(12, 30);
    const SupplyGraph graph = BuildGraph(chain);
    const int buyer = *rc::gen::inRange(1, chain.organisations + 1);
    const GraphView view(graph, static_cast<NodeId>(buyer - 1), chain.as_of);
    const auto points = SinglePointsOfFailure(view, static_cast<NodeId>(buyer - 1));
    const auto reachable = ReferenceTiers(chain, buyer, buyer, true, kUnlimitedTiers, false,
                                          [](const SupplyRelationship&) { return true; });
    std::map<int64_t, uint32_t> expected;
    for (int s = 1; s <= chain.organisations; ++s) {
      if (s == buyer || reachable[s] == kUnreached) continue;
      const auto without = ReferenceTiers(chain, buyer, buyer, true, kUnlimitedTiers, false,
                                          [s](const SupplyRelationship& r) { return r.supplier != s && r.buyer != s; });
      uint32_t cut = 0;
      for (int t = 1; t <= chain.organisations; ++t) {
        if (t != s && t != buyer && reachable[t] != kUnreached && without[t] == kUnreached) ++cut;
      }
      if (cut > 0) expected[s] = cut;
    }
    RC_ASSERT(points.size() == expected.size());
    for (const SinglePointOfFailure& p : points) {
      const auto it = expected.find(graph.org(p.supplier));
      RC_ASSERT(it != expected.end());
      RC_ASSERT(p.cut_off == it->second);
    }
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace hoshitori
