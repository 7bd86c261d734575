#include "store/supply_graph_loader.h"

namespace hoshitori {

Result<SupplyGraph> LoadSupplyGraph(Store& store) {
  auto organisations = store.ListOrganisations();
  if (!organisations) return organisations.error();
  SupplyGraph graph;
  for (const Organisation& o : *organisations) graph.AddOrganisation(o.id);
  organisations->clear();
  organisations->shrink_to_fit();
  if (Status s = store.ForEachRelationship(
          [&graph](const SupplyRelationship& r) { graph.AddRelationship(r); });
      !s) {
    return s.error();
  }
  auto disclosures = store.ListDisclosures();
  if (!disclosures) return disclosures.error();
  for (const Disclosure& d : *disclosures) graph.AddDisclosure(d);
  graph.Compact();
  return graph;
}

}  // namespace hoshitori
