// Concentration: the suppliers and services on which many chains depend, and the single
// points of failure of one buyer's chain.
//
// Dependence across chains. The chains are those of the given heads (by default every
// organisation that buys but supplies nobody: the top of a chain). A supplier's
// `dependent_chains` is the number of heads whose chain contains it (at any tier); its
// `critical_chains` the number of heads that reach it through critical relationships only
// (single source or production-critical: their production would stop with it). The ranking
// weight is dependent_chains + critical_chains, i.e. a critical dependence counts double.
// Computed 64 heads at a time with one bit per head propagated to a fixed point, so cycles
// are handled and the cost is O(edges x depth x heads / 64).
//
// Single points of failure of a buyer's chain: a supplier S is one when every visible path
// from the buyer to some other supplier T passes through S (S dominates T in the chain);
// `cut_off` counts such T — the suppliers the buyer loses if S fails. Computed with the
// Cooper-Harvey-Kennedy iterative dominator algorithm on the buyer's visible chain.
#pragma once

#include <cstdint>
#include <vector>

#include "chain/supply_graph.h"

namespace hoshitori {

struct ConcentrationEntry {
  NodeId supplier = 0;
  uint32_t dependent_chains = 0;
  uint32_t critical_chains = 0;
  uint32_t direct_buyers = 0;
  uint64_t weight() const { return uint64_t{dependent_chains} + critical_chains; }
};

// Organisations that buy from someone (visible) and supply nobody (visible).
std::vector<NodeId> ChainHeads(const GraphView& view);

// The `top` suppliers with the highest weight (ties: more direct buyers, then lower NodeId),
// over the chains of `heads`. A head does not count for itself.
std::vector<ConcentrationEntry> Concentration(const GraphView& view, const std::vector<NodeId>& heads,
                                              size_t top);

struct SinglePointOfFailure {
  NodeId supplier = 0;
  uint32_t cut_off = 0;      // suppliers reachable only through it
  NodeId immediate_dominator = 0;  // the buyer, or the supplier that in turn dominates it
};

// Single points of failure of `buyer`'s visible chain, most suppliers cut off first.
std::vector<SinglePointOfFailure> SinglePointsOfFailure(const GraphView& view, NodeId buyer);

}  // namespace hoshitori
