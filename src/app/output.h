// Rendering of results for the command line: JSON (stable, for scripts) and text (for
// people; headings in Japanese and English, catalog text in the chosen language).
#pragma once

#include <nlohmann/json.hpp>

#include "api/views.h"
#include <optional>
#include <string>

#include "assess/crosswalk.h"
#include "assess/scoring.h"
#include "assess/star_level.h"
#include "catalog/framework.h"
#include "store/store.h"

namespace hoshitori::app {

using api::AssessmentJson;
using api::EvaluationJson;
using api::HeldJson;
using api::InferenceJson;
using api::OrganisationJson;
using api::RelationshipJson;
using api::TextJson;

std::string Stars(int level);  // "★★★☆☆"-style, or "—" for 0
std::string EvaluationText(const Framework& framework, const Evaluation& evaluation,
                           const std::string& lang, size_t plan_limit = 10);
std::string HeldText(const HeldLevel& held);
std::string InferenceText(const Framework& target, const InferenceResult& result,
                          const std::string& lang);

}  // namespace hoshitori::app
