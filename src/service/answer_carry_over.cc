#include "service/answer_carry_over.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

namespace hoshitori::service {

namespace {

// Lower is more restrictive; not_applicable is handled apart.
int Restrictiveness(AnswerStatus status) {
  switch (status) {
    case AnswerStatus::kNotImplemented:
      return 0;
    case AnswerStatus::kUnknown:
      return 1;
    case AnswerStatus::kPartial:
      return 2;
    default:
      return 3;
  }
}

// The first choice of `node` with `status`, or nullopt when the node is a questionnaire
// question without one; empty for a node without choices.
std::optional<std::string> ChoiceFor(const RequirementNode& node, AnswerStatus status) {
  if (node.choices.empty()) return std::string();
  for (const Choice& choice : node.choices) {
    if (choice.status == status) return choice.id;
  }
  return std::nullopt;
}

}  // namespace

bool NeededFor(const RequirementNode& node, int target) {
  if (target <= 0) return true;
  const int lowest = LowestStar(node.levels);
  return lowest == 0 || lowest <= target;
}

std::vector<CarriedOver> CarryOver(const Catalog& catalog, const Framework& target,
                                   const std::vector<CarrySource>& sources) {
  const auto& assessable = target.assessable();
  struct Pending {
    std::optional<CarriedOver> renewal;
    std::optional<CarriedOver> inferred;
    bool all_not_applicable = true;
  };
  std::vector<Pending> pending(assessable.size());
  const CrosswalkEngine engine(catalog);
  for (const CarrySource& source : sources) {
    if (source.framework_id == target.id) {
      for (const Answer& answer : source.answers) {
        const NodeIndex index = target.Find(answer.node_id);
        if (index < 0) continue;
        const int position = target.AssessablePosition(index);
        if (position < 0 || answer.status == AnswerStatus::kUnknown) continue;
        ProvenanceChain chain{answer.status,
                              {ProvenanceStep{target.id, answer.node_id, "", "", true}}};
        pending[position].renewal =
            CarriedOver{answer.node_id,       answer.status, answer.choice,
                        source.assessment_id, target.id,     {std::move(chain)}};
      }
      continue;
    }
    const Framework* from = catalog.FindFramework(source.framework_id);
    if (!from) continue;
    auto inferred =
        engine.Infer(source.framework_id, target.id, ToResponseVector(*from, source.answers));
    if (!inferred) continue;  // no chain of mappings joins the two frameworks
    for (size_t i = 0; i < inferred->nodes.size() && i < assessable.size(); ++i) {
      const InferredNode& node = inferred->nodes[i];
      if (!node.reached || node.status == AnswerStatus::kUnknown) continue;
      Pending& slot = pending[i];
      if (node.status != AnswerStatus::kNotApplicable) slot.all_not_applicable = false;
      if (!slot.inferred) {
        slot.inferred = CarriedOver{target.nodes()[assessable[i]].id,
                                    node.status,
                                    "",
                                    source.assessment_id,
                                    source.framework_id,
                                    node.provenance};
        continue;
      }
      CarriedOver& kept = *slot.inferred;
      const bool stricter = node.status != AnswerStatus::kNotApplicable &&
                            (kept.status == AnswerStatus::kNotApplicable ||
                             Restrictiveness(node.status) < Restrictiveness(kept.status));
      if (stricter) {
        kept.status = node.status;
        kept.source_assessment_id = source.assessment_id;
        kept.source_framework = source.framework_id;
      }
      for (const ProvenanceChain& chain : node.provenance) {
        if (kept.provenance.size() >= CrosswalkEngine::kMaxChains) break;
        kept.provenance.push_back(chain);
      }
    }
  }
  std::vector<CarriedOver> out;
  for (size_t i = 0; i < pending.size(); ++i) {
    std::optional<CarriedOver>& chosen =
        pending[i].renewal ? pending[i].renewal : pending[i].inferred;
    if (!chosen) continue;
    const RequirementNode& node = target.nodes()[assessable[i]];
    if (chosen->choice.empty() || node.choices.empty()) {
      const auto choice = ChoiceFor(node, chosen->status);
      if (!choice) continue;
      chosen->choice = *choice;
    }
    out.push_back(std::move(*chosen));
  }
  return out;
}

std::string ProvenanceJson(const std::vector<ProvenanceChain>& chains) {
  nlohmann::json out = nlohmann::json::array();
  for (const ProvenanceChain& chain : chains) {
    nlohmann::json steps = nlohmann::json::array();
    for (const ProvenanceStep& step : chain.steps) {
      steps.push_back({{"framework", step.framework},
                       {"node", step.node_id},
                       {"relationship", step.relationship}});
    }
    out.push_back({{"original", std::string(AnswerStatusName(chain.original))}, {"steps", steps}});
  }
  return out.dump();
}

Result<std::vector<ProvenanceChain>> ParseProvenance(std::string_view text) {
  const auto bad = [] {
    return MakeError(ErrorKind::kInvalid, "Invalid provenance",
                     "stored provenance is not a list of chains");
  };
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_array()) return bad();
  std::vector<ProvenanceChain> out;
  for (const nlohmann::json& chain : parsed) {
    if (!chain.is_object() || !chain.contains("steps") || !chain["steps"].is_array()) return bad();
    ProvenanceChain one;
    one.original =
        ParseAnswerStatus(chain.value("original", "unknown")).value_or(AnswerStatus::kUnknown);
    for (const nlohmann::json& step : chain["steps"]) {
      if (!step.is_object()) return bad();
      one.steps.push_back(ProvenanceStep{step.value("framework", ""), step.value("node", ""),
                                         step.value("relationship", ""), "", false});
    }
    out.push_back(std::move(one));
  }
  return out;
}

}  // namespace hoshitori::service
