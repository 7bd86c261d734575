// An evaluation (assess/scoring.h) as JSON: what `assess result` prints, what the API shows
// and what the store keeps with each result (service/results.h) — one form for all three.
// Figures are rounded (maturity to 2 places, coverage to 4, plan priorities to 3).
#pragma once

#include <nlohmann/json.hpp>

#include "assess/scoring.h"
#include "catalog/framework.h"

namespace hoshitori::interchange {

// {"ja": ..., "en": ...}
nlohmann::json TextJson(const LocalizedText& text);
// Framework id, eligible and next star, maturity, coverage, points (when the framework scores
// by points), per-category figures, the gaps to the next star and the action plan.
nlohmann::json EvaluationJson(const Framework& framework, const Evaluation& evaluation);

}  // namespace hoshitori::interchange
