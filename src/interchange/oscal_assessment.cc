// OSCAL assessment-results export (see oscal.h).
#include <map>

#include "interchange/oscal.h"
#include "interchange/oscal_common.h"
#include "interchange/text.h"

namespace hoshitori::interchange {

using oscal::json;
using oscal::Prop;

namespace {

std::string Fixed(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

}  // namespace

json ExportOscalAssessmentResults(const Framework& framework, const AssessmentSummary& assessment,
                                  const std::vector<Answer>& answers, const Evaluation& evaluation,
                                  const std::string& timestamp) {
  const std::string seed = "assessment:" + std::to_string(assessment.id) + ":" + framework.id;
  std::map<std::string, const Answer*> by_node;
  for (const Answer& answer : answers) by_node[answer.node_id] = &answer;

  json findings = json::array();
  for (NodeIndex index : framework.assessable()) {
    const RequirementNode& node = framework.nodes()[index];
    const auto found = by_node.find(node.id);
    const Answer* answer = found == by_node.end() ? nullptr : found->second;
    const AnswerStatus status = answer ? answer->status : AnswerStatus::kUnknown;
    const std::string token = oscal::ToToken(node.id);
    json target{{"type", "objective-id"},
                {"target-id", token + "_obj"},
                {"status", {{"state", Satisfies(status) ? "satisfied" : "not-satisfied"}}}};
    switch (status) {
      case AnswerStatus::kImplemented: target["implementation-status"] = {{"state", "implemented"}}; break;
      case AnswerStatus::kPartial: target["implementation-status"] = {{"state", "partial"}}; break;
      case AnswerStatus::kNotApplicable: target["implementation-status"] = {{"state", "not-applicable"}}; break;
      default: break;
    }
    json props = json::array();
    props.push_back(Prop("answer-status", answer ? AnswerStatusName(status) : "unanswered", true));
    const int maturity = ScoringModel::CriterionMaturity(status, answer && answer->maturity ? static_cast<int8_t>(*answer->maturity) : -1);
    if (maturity >= 0) props.push_back(Prop("maturity", std::to_string(maturity), true));
    if (answer && !answer->choice.empty()) props.push_back(Prop("choice", answer->choice, true));
    json finding{{"uuid", oscal::StableUuid(seed + ":finding:" + node.id)},
                 {"title", node.ref + " " + (node.title.en.empty() ? node.title.ja : node.title.en)},
                 {"description", std::string(answer ? AnswerStatusName(status) : "unanswered") +
                                     (answer && !answer->comment.empty() ? ": " + answer->comment : "")},
                 {"props", std::move(props)},
                 {"target", std::move(target)}};
    if (answer && !answer->evidence.empty()) {
      std::string evidence;
      for (const std::string& e : answer->evidence) evidence += (evidence.empty() ? "" : "; ") + e;
      finding["remarks"] = "Evidence: " + evidence;
    }
    findings.push_back(std::move(finding));
  }

  json result_props = json::array();
  result_props.push_back(Prop("framework-id", framework.id, true));
  result_props.push_back(Prop("eligible-star", std::to_string(evaluation.eligible_star), true));
  result_props.push_back(Prop("held-star", std::to_string(assessment.held_star), true));
  if (evaluation.eligible_lv > 0) result_props.push_back(Prop("eligible-lv", std::to_string(evaluation.eligible_lv), true));
  result_props.push_back(Prop("maturity", Fixed(evaluation.maturity), true));
  result_props.push_back(Prop("coverage", Fixed(evaluation.coverage), true));
  result_props.push_back(Prop("unanswered", std::to_string(evaluation.unanswered), true));
  if (evaluation.points) result_props.push_back(Prop("points", std::to_string(evaluation.points->points), true));
  for (const CategoryScore& score : evaluation.categories) {
    const std::string group = framework.categories[score.category].id;
    result_props.push_back(Prop("category-maturity", Fixed(score.maturity), true, group));
    result_props.push_back(Prop("category-coverage", Fixed(score.coverage), true, group));
  }
  if (!assessment.status.empty()) result_props.push_back(Prop("assessment-status", assessment.status, true));
  if (!assessment.attestation.empty()) result_props.push_back(Prop("attestation", assessment.attestation, true));

  const std::string title = "Hoshitori assessment " + std::to_string(assessment.id) + " — " +
                            (framework.name.en.empty() ? framework.name.ja : framework.name.en) +
                            (assessment.organisation.empty() ? "" : " — " + assessment.organisation);
  json result{{"uuid", oscal::StableUuid(seed + ":result")},
              {"title", title},
              {"description", assessment.scope.empty() ? "Scope not stated." : assessment.scope},
              {"start", timestamp},
              {"props", std::move(result_props)},
              {"reviewed-controls", {{"control-selections", json::array({{{"include-all", json::object()}}})}}},
              {"findings", std::move(findings)}};
  json results{{"uuid", oscal::StableUuid(seed)},
               {"metadata", oscal::Metadata(title, "1", timestamp, kOscalVersion)},
               {"import-ap", {{"href", framework.id + ".oscal.json"}, {"remarks", "No separate assessment plan: the assessment follows the framework's catalog (hoshitori export oscal catalog)."}}},
               {"results", json::array({std::move(result)})}};
  return json{{"assessment-results", std::move(results)}};
}

}  // namespace hoshitori::interchange
