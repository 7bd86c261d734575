// The JSON shapes of the chain services' typed results (parties and relationships in lists
// and paths), shared by routes_relationships.cc and routes_chain.cc. Internal to src/api.
#pragma once

#include <nlohmann/json.hpp>

#include "service/chain_analysis_service.h"

namespace hoshitori::api {

// {"id", "corporate_number", "name"}, or {"id"} when the profile is unknown.
nlohmann::json PartyJson(const service::Party& party);
// A relationship with its parties, attributes, id and whether it is confirmed.
nlohmann::json EdgeJson(const service::ChainEdge& edge);
nlohmann::json PathJson(const service::ChainPath& path);

}  // namespace hoshitori::api
