// JSON views of domain values, shared by the API and the command line's --json output.
#pragma once

#include <nlohmann/json.hpp>

#include "assess/crosswalk.h"
#include "assess/scoring.h"
#include "assess/star_level.h"
#include "catalog/framework.h"
#include "chain/supply_graph.h"
#include "interchange/evaluation_json.h"
#include "service/assessment_service.h"
#include "store/store.h"

namespace hoshitori::api {

using interchange::EvaluationJson;  // interchange/evaluation_json.h
using interchange::TextJson;
nlohmann::json FrameworkJson(const Framework& framework);
nlohmann::json HeldJson(const HeldLevel& held);
nlohmann::json InferenceJson(const Framework& target, const InferenceResult& result);
nlohmann::json OrganisationJson(const Organisation& organisation);
nlohmann::json AssessmentJson(const AssessmentRecord& record);
// A user as its colleagues see it (never the password hash).
nlohmann::json UserJson(const User& user);
// An assessment as its reader may see it: the record, eligible star, held level and (with
// `details`) the full evaluation.
nlohmann::json AssessmentViewJson(const service::AssessmentView& view, bool details);
// One relationship of the graph: buyer and supplier (as `party(node)` shows them), kind, data
// handled, connectivity, substitutability, production_critical, critical and dates.
nlohmann::json RelationshipJson(const SupplyGraph& graph, EdgeId e,
                                const std::function<nlohmann::json(NodeId)>& party);

}  // namespace hoshitori::api
