#include "interchange/evaluation_json.h"

#include "catalog/answer_status.h"

namespace hoshitori::interchange {

using nlohmann::json;

namespace {
double Round(double value, int digits) {
  double scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  return static_cast<double>(static_cast<long long>(value * scale + (value >= 0 ? 0.5 : -0.5))) / scale;
}
}  // namespace

json TextJson(const LocalizedText& text) { return json{{"ja", text.ja}, {"en", text.en}}; }

json EvaluationJson(const Framework& framework, const Evaluation& evaluation) {
  json out;
  out["framework"] = framework.id;
  out["eligible_star"] = evaluation.eligible_star;
  out["next_star"] = evaluation.next_star;
  out["eligible_lv"] = evaluation.eligible_lv;
  out["unanswered"] = evaluation.unanswered;
  out["maturity"] = Round(evaluation.maturity, 2);
  out["coverage"] = Round(evaluation.coverage, 4);
  if (evaluation.points) {
    json points{{"points", evaluation.points->points}, {"max", evaluation.points->max}};
    if (evaluation.points->band >= 0) {
      const ScoringBand& band = framework.scoring->bands[evaluation.points->band];
      points["band"] = json{{"min", band.min}, {"max", band.max}, {"label", TextJson(band.label)}};
    }
    out["points"] = points;
  }
  json categories = json::array();
  for (const CategoryScore& c : evaluation.categories) {
    categories.push_back(json{{"id", framework.categories[c.category].id},
                              {"name", TextJson(framework.categories[c.category].name)},
                              {"maturity", Round(c.maturity, 2)},
                              {"coverage", Round(c.coverage, 4)},
                              {"implemented", c.implemented},
                              {"partial", c.partial},
                              {"not_implemented", c.not_implemented},
                              {"unknown", c.unknown},
                              {"not_applicable", c.not_applicable}});
  }
  out["categories"] = categories;
  json gaps = json::array();
  for (NodeIndex node : evaluation.gaps_to_next) {
    const RequirementNode& n = framework.nodes()[node];
    gaps.push_back(json{{"id", n.id}, {"ref", n.ref}, {"title", TextJson(n.title)}});
  }
  out["gaps_to_next"] = gaps;
  json plan = json::array();
  for (const PlanStep& step : evaluation.plan) {
    const RequirementNode& n = framework.nodes()[step.node];
    plan.push_back(json{{"id", n.id},
                        {"ref", n.ref},
                        {"title", TextJson(n.title)},
                        {"status", AnswerStatusName(step.status)},
                        {"needed_for_star", step.needed_for_star},
                        {"weight", n.weight},
                        {"effort", n.effort},
                        {"priority", Round(step.priority, 3)}});
  }
  out["action_plan"] = plan;
  return out;
}

}  // namespace hoshitori::interchange
