#include "app/output.h"

#include <cstdio>
#include <sstream>

namespace hoshitori::app {


namespace {
std::string Fixed(double value, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
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

std::string Stars(int level) {
  if (level <= 0) return "—";
  std::string out;
  for (int i = 0; i < level; ++i) out += "★";
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
