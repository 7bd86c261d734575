#include "service/report_service.h"

#include <nlohmann/json.hpp>

#include "service/supplier_board.h"
#include "core/date.h"
#include "service/assessment_service.h"
#include "service/chain_analysis_service.h"

namespace hoshitori::service {

namespace {

using nlohmann::json;

// {"ja": ..., "en": ...} in `language` (Japanese when the English is missing).
std::string TextIn(const json& text, report::Language language) {
  if (text.is_string()) return text.get<std::string>();
  if (!text.is_object()) return "";
  const std::string wanted =
      text.value(language == report::Language::kEnglish ? "en" : "ja", std::string());
  return wanted.empty() ? text.value("ja", std::string()) : wanted;
}

// The half of a bilingual domain sentence "English / 日本語" in `language`.
std::string SentenceIn(const std::string& text, report::Language language) {
  const size_t split = text.rfind(" / ");
  if (split == std::string::npos) return text;
  return language == report::Language::kEnglish ? text.substr(0, split) : text.substr(split + 3);
}

report::Compliance ComplianceOf(const SupplierRow& row) {
  if (!row.in_chain) return report::Compliance::kOutsideChain;
  if (!row.status) return report::Compliance::kUnknown;
  switch (*row.status) {
    case ComplianceStatus::kMeets:
      return report::Compliance::kMeets;
    case ComplianceStatus::kBelow:
      return report::Compliance::kBelow;
    case ComplianceStatus::kExpired:
      return report::Compliance::kExpired;
    case ComplianceStatus::kUnknown:
      break;
  }
  return report::Compliance::kUnknown;
}

// Rows per page read from the board while building the portfolio (its largest page).
constexpr int kBoardPage = 500;

}  // namespace

Result<report::ManagementReport> ReportService::Management(int64_t assessment_id,
                                                           report::Language language) {
  TRY_ASSIGN(const AssessmentView view, AssessmentService(context_).Get(assessment_id));
  report::ManagementReport r;
  r.language = language;
  const AssessmentRecord& record = view.record;
  TRY_ASSIGN(const std::optional<Organisation> owner,
             context_.store.GetOrganisation(record.org_id));
  if (owner) {
    r.organisation = owner->name;
    r.corporate_number = owner->corporate_number.digits();
  }
  r.assessment = "#" + std::to_string(record.id);
  const Framework* framework = context_.catalog.FindFramework(record.framework_id);
  r.framework = framework ? (language == report::Language::kEnglish && !framework->name.en.empty()
                                 ? framework->name.en
                                 : framework->name.ja)
                          : record.framework_id;
  r.status = std::string(AssessmentStatusName(record.attestation.status));
  r.attestation = std::string(AttestationKindName(record.attestation.kind));
  r.held_star = view.held.star;
  r.eligible_star = view.result.eligible_star;
  if (view.held.valid_until) r.valid_until = FormatDate(*view.held.valid_until);
  for (const std::string& reason : view.held.reasons) {
    if (r.reasons.size() < report::kMaxReasons) r.reasons.push_back(SentenceIn(reason, language));
  }
  r.generated_on = FormatDate(context_.clock.Today());
  r.details = view.details;
  if (!view.details) return r;  // the level only: a share without the answers' details

  const json result = json::parse(view.result.evaluation, nullptr, false);
  if (!result.is_object()) return r;
  for (const json& c : result.value("categories", json::array())) {
    if (r.categories.size() >= report::kMaxCategories) break;
    report::CategoryLine line;
    line.name = TextIn(c.value("name", json()), language);
    line.coverage = c.value("coverage", 0.0);
    line.implemented = c.value("implemented", 0);
    line.partial = c.value("partial", 0);
    line.not_implemented = c.value("not_implemented", 0) + c.value("unknown", 0);
    r.categories.push_back(std::move(line));
  }
  // The industry average, on the owner's own report only (as on the result page): a buyer's
  // industry is not the supplier's, and the average is the industry's, not the buyer's.
  const auto& principal = context_.actor.principal;
  if (principal && principal->org_id == record.org_id) {
    const auto averages = AssessmentService(context_).Averages(record.framework_id);
    if (averages && !averages->categories.empty() &&
        averages->categories.size() == r.categories.size()) {
      r.average_contributors = averages->contributors;
      for (size_t i = 0; i < r.categories.size(); ++i) {
        r.categories[i].average = averages->categories[i].coverage;
      }
    }
  }
  r.next_star = result.value("next_star", 0);
  r.unanswered = result.value("unanswered", 0);
  for (const json& g : result.value("gaps_to_next", json::array())) {
    if (r.gaps.size() >= report::kMaxReportItems) break;
    r.gaps.push_back({g.value("ref", ""), TextIn(g.value("title", json()), language)});
  }
  for (const json& step : result.value("action_plan", json::array())) {
    if (r.plan.size() >= report::kMaxReportItems) break;
    r.plan.push_back({step.value("ref", ""), TextIn(step.value("title", json()), language),
                      step.value("status", "unknown"), step.value("needed_for_star", 0),
                      step.value("effort", 2)});
  }
  return r;
}

Result<std::string> ReportService::ManagementPdf(int64_t assessment_id, report::Language language) {
  TRY_ASSIGN(const report::ManagementReport r, Management(assessment_id, language));
  return report::RenderManagementReportPdf(r);
}

Result<report::PortfolioReport> ReportService::Portfolio(report::Language language) {
  TRY_ASSIGN(const Principal principal, SignedIn(context_));
  report::PortfolioReport r;
  r.language = language;
  r.generated_on = FormatDate(context_.clock.Today());
  ChainAnalysisService chain(context_);
  for (int number = 1;; ++number) {
    SupplierQuery query;
    query.page = number;
    query.per_page = kBoardPage;
    TRY_ASSIGN(const SupplierList list, chain.Suppliers(query));
    if (list.page.total > static_cast<int>(report::kMaxPortfolioRows)) {
      return Invalid(
          "Too many suppliers",
          "the portfolio report holds at most " + std::to_string(report::kMaxPortfolioRows) +
              " suppliers; export the list as xlsx instead / 取引先一覧レポートは " +
              std::to_string(report::kMaxPortfolioRows) + " 社までです。xlsx で書き出してください");
    }
    for (const SupplierRow* row : list.page.rows) {
      report::PortfolioRow line;
      line.name = row->supplier.name;
      line.corporate_number = row->supplier.corporate_number.digits();
      const SupplierStanding& standing = row->standing;
      line.held_star = standing.held_star;
      if (standing.has_assessment) {
        line.attestation = std::string(AttestationKindName(standing.held_attestation));
      }
      if (standing.held_until) line.valid_until = FormatDate(*standing.held_until);
      line.compliance = ComplianceOf(*row);
      if (row->in_chain) {
        line.required_star = row->requirement.star;
        line.tier = row->tier;
      }
      line.reason = SentenceIn(row->in_chain ? row->requirement.reason : row->reason, language);
      r.rows.push_back(std::move(line));
    }
    if (static_cast<int64_t>(number) * kBoardPage >= list.page.total) break;
  }
  TRY_ASSIGN(const std::optional<Organisation> buyer,
             context_.store.GetOrganisation(principal.org_id));
  if (buyer) {
    r.buyer = buyer->name;
    r.buyer_number = buyer->corporate_number.digits();
  }
  return r;
}

Result<std::string> ReportService::PortfolioPdf(report::Language language) {
  TRY_ASSIGN(const report::PortfolioReport r, Portfolio(language));
  return report::RenderPortfolioReportPdf(r);
}

}  // namespace hoshitori::service
