#include "api/chain_json.h"

#include "core/date.h"

namespace hoshitori::api {

using nlohmann::json;

json PartyJson(const service::Party& party) {
  if (!party.organisation) return json{{"id", party.id}};
  const Organisation& o = *party.organisation;
  return json{{"id", o.id}, {"corporate_number", o.corporate_number.digits()}, {"name", o.name}};
}

json EdgeJson(const service::ChainEdge& edge) {
  const SupplyRelationship& r = edge.relationship;
  json out{{"buyer", PartyJson(edge.buyer)},
           {"supplier", PartyJson(edge.supplier)},
           {"kind", RelationshipKindName(r.kind)},
           {"data", DataHandledName(r.data)},
           {"connectivity", ConnectivityName(r.connectivity)},
           {"substitutability", SubstitutabilityName(r.substitutability)},
           {"production_critical", r.production_critical},
           {"on_supplier_it", r.on_supplier_it},
           {"critical", edge.critical}};
  out["start"] = r.start ? json(FormatDate(*r.start)) : json(nullptr);
  out["end"] = r.end ? json(FormatDate(*r.end)) : json(nullptr);
  out["id"] = r.id;
  out["confirmed"] = edge.confirmed;
  return out;
}

json PathJson(const service::ChainPath& path) {
  json out = json::array();
  for (const service::ChainEdge& edge : path) out.push_back(EdgeJson(edge));
  return out;
}

}  // namespace hoshitori::api
