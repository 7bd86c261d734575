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
// A TraversalWorkspace holds the per-node scratch arrays; reuse one per thread to avoid
// clearing millions of entries per query. Functions are pure apart from the workspace.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "chain/supply_graph.h"

namespace hoshitori {

class TraversalWorkspace {
 public:
  // Prepares for a traversal over `nodes` nodes: every node becomes unvisited in O(1).
  void Start(size_t nodes);
  bool Visited(NodeId n) const { return mark_[n] == epoch_; }
  // Marks `n` visited with `slot`; returns false when it already was.
  bool Visit(NodeId n, uint32_t slot) {
    if (mark_[n] == epoch_) return false;
    mark_[n] = epoch_;
    slot_[n] = slot;
    return true;
  }
  uint32_t slot(NodeId n) const { return slot_[n]; }

 private:
  std::vector<uint32_t> mark_;
  std::vector<uint32_t> slot_;
  uint32_t epoch_ = 0;
};

// Organisations reached by a traversal, in breadth-first order; entry 0 is the start.
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
