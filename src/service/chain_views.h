// Typed views of the in-memory supply graph for the chain services: parties and edges as
// ChainEdge values that outlive the graph's lock. Internal to src/service.
#pragma once

#include <vector>

#include "service/chain_service.h"
#include "service/chain_analysis_service.h"

namespace hoshitori::service {

// Reads parties and edges of `graph` (held under ChainService::WithGraph) with profiles from
// the chain's organisation cache.
class ChainParties {
 public:
  ChainParties(const SupplyGraph& graph, ChainService& chain, Store& store)
      : graph_(graph), chain_(chain), store_(store) {}

  Party Of(NodeId node) const {
    Party party{graph_.org(node), std::nullopt};
    if (const Organisation* o = chain_.FindOrganisation(store_, party.id)) party.organisation = *o;
    return party;
  }
  ChainEdge Edge(EdgeId e) const {
    ChainEdge edge{graph_.relationship(e), graph_.confirmed(e), graph_.critical(e),
                   Of(graph_.buyer(e)), Of(graph_.supplier(e))};
    edge.relationship.id = graph_.relationship_id(e);
    return edge;
  }
  ChainPath Path(const std::vector<EdgeId>& edges) const {
    ChainPath path;
    path.reserve(edges.size());
    for (EdgeId e : edges) path.push_back(Edge(e));
    return path;
  }

 private:
  const SupplyGraph& graph_;
  ChainService& chain_;
  Store& store_;
};

}  // namespace hoshitori::service
