// Traversals of the supply graph: tiers of a buyer's chain, every path to one supplier, and
// the blast radius of a compromised company.
//
// Semantics (pinned by tests/chain/traversal_property_test.cc against a plain reference):
// - Tiers: breadth-first from the buyer over buyer → supplier relationships the view allows;
//   a supplier's tier is the length of its shortest path (direct suppliers are tier 1). The
//   buyer itself is tier 0 even when a cycle leads back to it.
// - Blast radius of a company C within N tiers: every organisation that reaches C by at most
//   N visible relationships (its shortest distance is its tier), with a shortest path.
//   Its production stops when some path of at most N relationships from it to C has only
//   critical relationships (single source or production-critical): a stop propagates only
//   through relationships the buyer cannot work around.
//
// Traversals are direction-optimising breadth-first searches (Beamer, Asanović, Patterson,
// SC 2012): a tier is expanded top-down from its organisations while it is small, and
// bottom-up (every unreached organisation looks for a relationship from the tier) once it
// is large, which is what chains reaching most of the country need. Either way each
// organisation gets its shortest tier and one shortest path. Graphs under 65,536
// organisations are traversed top-down only, so that there a tier's entries are in discovery
// order (relationships in the order of the CSR), as before bottom-up steps existed.
//
// A TraversalWorkspace holds the per-node scratch arrays; reuse one per thread to avoid
// allocating per query. Functions are pure apart from the workspace.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "chain/supply_graph.h"

namespace hoshitori {

// The per-node scratch state of traversals, kept between queries so that none allocates.
// Not safe for concurrent use: one per thread.
class TraversalWorkspace {
 public:
  // How traversals expand a tier: kAuto chooses per tier (the default); the others force
  // one direction, for tests and benchmarks. Every choice gives the same tiers.
  enum class Strategy { kAuto, kTopDown, kBottomUp };
  void set_strategy(Strategy strategy) { strategy_ = strategy; }

  // Prepares for a traversal over `nodes` nodes: every node becomes unvisited. Costs
  // nodes / 8 bytes of clearing.
  void Start(size_t nodes);
  // Whether the last traversal reached `n`, and then its entry in that traversal's Reach.
  bool Visited(NodeId n) const { return (visited_[n >> 6] >> (n & 63)) & 1; }
  uint32_t slot(NodeId n) const { return slot_[n]; }
  // Marks `n` visited with `slot`; returns false when it already was.
  bool Visit(NodeId n, uint32_t slot) {
    if (Visited(n)) return false;
    visited_[n >> 6] |= uint64_t{1} << (n & 63);
    slot_[n] = slot;
    return true;
  }

 private:
  friend class BreadthFirstSearch;

  // Bit sets of 64 nodes a word: a 1,000,000-node set is 125 KB and stays in the L2 cache,
  // which is what makes checking a node per relationship cheap.
  std::vector<uint64_t> visited_;
  std::vector<uint64_t> frontier_;  // the tier being expanded, for bottom-up steps
  std::vector<uint32_t> slot_;
  size_t nodes_ = 0;
  Strategy strategy_ = Strategy::kAuto;
};

// Organisations reached by a traversal, in breadth-first order (tiers never decrease; the
// order within a tier is unspecified); entry 0 is the start.
struct Reach {
  std::vector<NodeId> node;
  std::vector<uint16_t> tier;
  std::vector<uint32_t> parent;  // index of the previous entry on a shortest path; kNoIndex at 0
  std::vector<EdgeId> via;       // relationship from/to the parent; kNoIndex at 0

  size_t size() const { return node.size(); }
  // The relationships of the shortest path found to entry `index`, from the start outwards.
  std::vector<EdgeId> PathTo(uint32_t index) const;
  void Clear();
};

inline constexpr int kUnlimitedTiers = 0xffff;

// Tiers of `buyer`'s chain up to `max_tier` (kUnlimitedTiers: all). Writes into `out`.
void ComputeTiers(const GraphView& view, NodeId buyer, int max_tier, TraversalWorkspace& workspace,
                  Reach& out);

// Tiers over the relationships that `view` allows and `accept(e)` accepts as well.
void ComputeFilteredTiers(const GraphView& view, NodeId buyer, int max_tier,
                          const std::function<bool(EdgeId)>& accept, TraversalWorkspace& workspace,
                          Reach& out);

// Every simple path buyer → ... → supplier of at most `max_tier` visible relationships, at
// most `max_paths` of them, shortest first. Exponential in the worst case: keep the limits.
std::vector<std::vector<EdgeId>> AllPaths(const GraphView& view, NodeId buyer, NodeId supplier,
                                          int max_tier, size_t max_paths);

struct BlastRadius {
  Reach affected;                     // entry 0 is the compromised company
  Reach stopped;                      // the same traversal over critical relationships only
  std::vector<uint32_t> stop_index;   // per affected entry: its entry in `stopped`, or kNoIndex

  bool production_stops(uint32_t affected_index) const { return stop_index[affected_index] != kNoIndex; }
};

// The blast radius of `company` within `max_tiers` tiers. Writes into `out`.
void ComputeBlastRadius(const GraphView& view, NodeId company, int max_tiers,
                        TraversalWorkspace& workspace, BlastRadius& out);

}  // namespace hoshitori
