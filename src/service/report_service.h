// Report PDFs as use cases (issue 15): the management report of one assessment and a buyer's
// supplier-portfolio report, each in the caller's language, built from what the caller may
// read and rendered by src/report.
//
// Authorisation is that of the reads they are made of, through the one Authorize function:
// the management report reads the assessment as AssessmentService::Get does (its owner, or a
// buyer through an active share; the categories, gaps and plan only with the answers'
// details), and shows the industry average only to the assessment's own organisation, as the
// result page does. The portfolio is the caller's supplier board
// (ChainAnalysisService::Suppliers: members and admins of the buyer; every row authorised).
// Reads only: nothing is written and nothing audited.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <string>

#include "report/management_report.h"
#include "report/portfolio_report.h"
#include "service/context.h"

namespace hoshitori::service {

class ReportService {
 public:
  explicit ReportService(Context& context) : context_(context) {}

  // The management report of assessment `assessment_id` as PDF bytes. kNotFound when the
  // caller may not read the assessment (as AssessmentService::Get).
  Result<std::string> ManagementPdf(int64_t assessment_id, report::Language language);
  // The values the PDF is rendered from (for tests and other renderers).
  Result<report::ManagementReport> Management(int64_t assessment_id, report::Language language);

  // The caller's supplier-portfolio report as PDF bytes: every supplier on its board, in the
  // board's default order (by compliance status). kInvalid beyond report::kMaxPortfolioRows
  // suppliers.
  Result<std::string> PortfolioPdf(report::Language language);
  Result<report::PortfolioReport> Portfolio(report::Language language);

 private:
  Context& context_;
};

}  // namespace hoshitori::service
