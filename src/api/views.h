// JSON views of domain values, shared by the API and the command line's --json output.
#pragma once

#include <nlohmann/json.hpp>

#include "assess/crosswalk.h"
#include "assess/scoring.h"
#include "assess/star_level.h"
#include "catalog/framework.h"
#include "store/store.h"

namespace hoshitori::api {

nlohmann::json TextJson(const LocalizedText& text);
nlohmann::json FrameworkJson(const Framework& framework);
nlohmann::json EvaluationJson(const Framework& framework, const Evaluation& evaluation);
nlohmann::json HeldJson(const HeldLevel& held);
nlohmann::json InferenceJson(const Framework& target, const InferenceResult& result);
nlohmann::json OrganisationJson(const Organisation& organisation);
nlohmann::json AssessmentJson(const AssessmentRecord& record);

}  // namespace hoshitori::api
