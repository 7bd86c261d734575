#include "app/output.h"

#include <cstdio>
#include <sstream>

namespace hoshitori::app {

using nlohmann::json;

namespace {
std::string Fixed(double value, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}
double Round(double value, int digits) {
  double scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  return static_cast<double>(static_cast<long long>(value * scale + (value >= 0 ? 0.5 : -0.5))) / scale;
}
std::string StatusLabel(AnswerStatus status, const std::string& lang) {
  const bool ja = lang != "en";
  switch (status) {
    case AnswerStatus::kImplemented: return ja ? "実施" : "implemented";
    case AnswerStatus::kPartial: return ja ? "一部実施" : "partial";
    case AnswerStatus::kNotImplemented: return ja ? "未実施" : "not implemented";
    case AnswerStatus::kNotApplicable: return ja ? "該当なし" : "not applicable";
    case AnswerStatus::kUnknown: return ja ? "不明" : "unknown";
  }
  return "";
}
}  // namespace

json TextJson(const LocalizedText& text) { return json{{"ja", text.ja}, {"en", text.en}}; }

std::string Stars(int level) {
  if (level <= 0) return "—";
  std::string out;
  for (int i = 0; i < level; ++i) out += "★";
  return out;
}

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

json HeldJson(const HeldLevel& held) {
  json out{{"star", held.star}, {"reasons", held.reasons}};
  out["valid_until"] = held.valid_until ? json(FormatDate(*held.valid_until)) : json(nullptr);
  return out;
}

json InferenceJson(const Framework& target, const InferenceResult& result) {
  json nodes = json::array();
  for (size_t i = 0; i < result.nodes.size(); ++i) {
    const InferredNode& inferred = result.nodes[i];
    const RequirementNode& n = target.nodes()[target.assessable()[i]];
    json provenance = json::array();
    for (const ProvenanceChain& chain : inferred.provenance) {
      json steps = json::array();
      for (const ProvenanceStep& step : chain.steps) {
        json s{{"framework", step.framework}, {"node", step.node_id}};
        if (!step.relationship.empty()) {
          s["relationship"] = step.relationship;
          s["mapping_set"] = step.mapping_set;
          s["full"] = step.full;
        }
        steps.push_back(s);
      }
      provenance.push_back(json{{"answered", AnswerStatusName(chain.original)}, {"steps", steps}});
    }
    nodes.push_back(json{{"id", n.id},
                         {"ref", n.ref},
                         {"status", AnswerStatusName(inferred.status)},
                         {"reached", inferred.reached},
                         {"provenance", provenance}});
  }
  return json{{"route", result.route}, {"to", target.id}, {"results", nodes}};
}

json OrganisationJson(const Organisation& o) {
  json out{{"id", o.id},
           {"corporate_number", o.corporate_number.digits()},
           {"name", o.name},
           {"industry", o.industry.ToString()},
           {"sme_sector", SmeSectorName(o.industry.sector())},
           {"is_sme", o.is_sme()},
           {"created_at", o.created_at}};
  out["employees"] = o.employees ? json(*o.employees) : json(nullptr);
  out["capital_yen"] = o.capital_yen ? json(*o.capital_yen) : json(nullptr);
  return out;
}

json AssessmentJson(const AssessmentRecord& a) {
  json out{{"id", a.id},
           {"org_id", a.org_id},
           {"framework", a.framework_id},
           {"scope", a.scope},
           {"status", AssessmentStatusName(a.attestation.status)},
           {"attestation", AttestationKindName(a.attestation.kind)},
           {"management_declaration", a.attestation.management_declaration},
           {"created_at", a.created_at},
           {"updated_at", a.updated_at}};
  out["valid_from"] = a.attestation.valid_from ? json(FormatDate(*a.attestation.valid_from)) : json(nullptr);
  out["valid_until"] = a.attestation.valid_until ? json(FormatDate(*a.attestation.valid_until)) : json(nullptr);
  return out;
}

std::string EvaluationText(const Framework& framework, const Evaluation& e, const std::string& lang,
                           size_t plan_limit) {
  std::ostringstream out;
  out << framework.name.In(lang) << " (" << framework.id << ")\n";
  if (e.unanswered) {
    out << "  未回答 / unanswered: " << e.unanswered << " (「不明」として採点 / scored as unknown)\n";
  }
  if (e.points) {
    out << "  得点 / score: " << e.points->points << " / " << e.points->max;
    if (e.points->band >= 0) out << "  — " << framework.scoring->bands[e.points->band].label.In(lang);
    out << "\n";
  }
  out << "  到達可能な星 / eligible star level: " << Stars(e.eligible_star);
  if (e.next_star) out << "   次 / next: " << Stars(e.next_star) << " (" << e.gaps_to_next.size() << " gaps / 不足)";
  out << "\n";
  if (e.eligible_lv) out << "  到達レベル / eligible level: Lv" << e.eligible_lv << "\n";
  out << "  成熟度 / maturity: " << Fixed(e.maturity, 2) << " / 5   充足率 / coverage: "
      << Fixed(e.coverage * 100, 1) << "%\n";
  out << "  分類別 / by category:\n";
  for (const CategoryScore& c : e.categories) {
    out << "    " << framework.categories[c.category].name.In(lang) << ": maturity "
        << Fixed(c.maturity, 2) << ", coverage " << Fixed(c.coverage * 100, 1) << "% ("
        << c.implemented << "/" << c.applicable() << ")\n";
  }
  if (!e.plan.empty()) {
    out << "  行動計画 / action plan (" << e.plan.size() << " steps, first " << std::min(plan_limit, e.plan.size()) << "):\n";
    for (size_t i = 0; i < e.plan.size() && i < plan_limit; ++i) {
      const PlanStep& step = e.plan[i];
      const RequirementNode& n = framework.nodes()[step.node];
      out << "    " << (i + 1) << ". [" << n.ref << "] " << n.title.In(lang) << " — "
          << StatusLabel(step.status, lang);
      if (step.needed_for_star) out << ", " << Stars(step.needed_for_star);
      out << ", effort " << n.effort << ", priority " << Fixed(step.priority, 2) << "\n";
    }
  }
  return out.str();
}

std::string HeldText(const HeldLevel& held) {
  std::ostringstream out;
  out << "  保有する星 / star level held: " << Stars(held.star);
  if (held.valid_until) out << " (有効期限 / valid until " << FormatDate(*held.valid_until) << ")";
  out << "\n";
  for (const std::string& reason : held.reasons) out << "    - " << reason << "\n";
  return out.str();
}

std::string InferenceText(const Framework& target, const InferenceResult& result, const std::string& lang) {
  std::ostringstream out;
  out << "経路 / route:";
  for (size_t i = 0; i < result.route.size(); ++i) out << (i ? " → " : " ") << result.route[i];
  out << "\n";
  for (size_t i = 0; i < result.nodes.size(); ++i) {
    const InferredNode& inferred = result.nodes[i];
    const RequirementNode& n = target.nodes()[target.assessable()[i]];
    out << "  [" << n.ref << "] " << n.title.In(lang) << ": " << StatusLabel(inferred.status, lang);
    if (!inferred.reached) out << (lang == "en" ? " (no mapping)" : "（対応付けなし）");
    out << "\n";
    for (const ProvenanceChain& chain : inferred.provenance) {
      out << "      ←";
      for (size_t s = 0; s < chain.steps.size(); ++s) {
        const ProvenanceStep& step = chain.steps[s];
        if (s) out << " -[" << step.relationship << "]->";
        out << " " << step.framework << ":" << step.node_id;
        if (s == 0) out << " (" << AnswerStatusName(chain.original) << ")";
      }
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace hoshitori::app
