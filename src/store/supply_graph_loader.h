// Loading the stored supply chain into the in-memory SupplyGraph (service/chain_service.h
// keeps it; the chain commands and benchmarks load it once).
#pragma once

#include "chain/supply_graph.h"
#include "store/store.h"

namespace hoshitori {

// Every organisation (NodeId in id order), relationship and disclosure of the store as a
// compacted graph.
Result<SupplyGraph> LoadSupplyGraph(Store& store);

}  // namespace hoshitori
