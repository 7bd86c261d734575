#include "assess/scheme_level.h"

#include <algorithm>

namespace hoshitori {

std::optional<SchemeReading> ReadThroughScheme(const Catalog& catalog, const CrosswalkEngine& engine,
                                               const Framework& from, const ResponseVector& responses) {
  if (from.id == kSchemeFrameworkId) return std::nullopt;
  const Framework* scheme = catalog.FindFramework(kSchemeFrameworkId);
  if (!scheme) return std::nullopt;
  LevelTags present = 0;
  for (NodeIndex node : from.assessable()) present |= from.nodes()[node].levels;
  if ((present & (kStar3 | kStar4)) == 0) return std::nullopt;
  auto inferred = engine.Infer(from.id, scheme->id, responses);
  if (!inferred) return std::nullopt;
  const Evaluation evaluation = ScoringModel(*scheme).Evaluate(inferred->responses);
  SchemeReading reading;
  reading.eligible_star = evaluation.eligible_star;
  reading.next_star = evaluation.next_star;
  for (NodeIndex node : evaluation.gaps_to_next) reading.gaps_to_next.push_back(scheme->nodes()[node].ref);
  return reading;
}

int LevelThroughScheme(int own_eligible_star, LevelTags own_present_stars, const SchemeReading& scheme) {
  // ★1/★2 come only from a framework that tags them; where it does, the scheme's levels
  // stand on them.
  const bool tags_basics = (own_present_stars & (kStar1 | kStar2)) != 0;
  const int below_scheme = tags_basics ? std::min(own_eligible_star, 2) : 0;
  const bool basics_met = !tags_basics || own_eligible_star >= 2;
  if (!basics_met || scheme.eligible_star < 3) return below_scheme;
  if (scheme.eligible_star >= 4 && own_eligible_star >= 5) return 5;
  return scheme.eligible_star;
}

Evaluation EvaluateForLevel(const Catalog& catalog, const Framework& framework, const ResponseVector& responses,
                            std::optional<SchemeReading>* scheme) {
  Evaluation evaluation = ScoringModel(framework).Evaluate(responses);
  if (auto reading = ReadThroughScheme(catalog, CrosswalkEngine(catalog), framework, responses)) {
    evaluation.eligible_star = LevelThroughScheme(evaluation.eligible_star, evaluation.present_stars, *reading);
    if (scheme) *scheme = std::move(reading);
  }
  return evaluation;
}

}  // namespace hoshitori
