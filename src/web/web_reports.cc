// Report PDF downloads from the pages (issue 15): the management report of an assessment
// (linked from its result page) and the buyer's supplier-portfolio report (linked from the
// supplier list), in the page's language. Thin adapters over service::ReportService.
#include "core/error_kind.h"
#include "service/report_service.h"
#include "web/templates.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

HttpResponse WebApp::ReportPdf(Page& page, const std::vector<std::string>& parts) {
  const report::Language language = report::LanguageFromCode(page.lang);
  Result<std::string> pdf = MakeError("no report");
  std::string file_name;
  if (parts.size() == 2 && parts[0] == "suppliers") {
    page.nav = "suppliers";
    pdf = AsUser(page, [&](service::Context& c) {
      return service::ReportService(c).PortfolioPdf(language);
    });
    file_name =
        "hoshitori-portfolio-" + FormatDate(runtime_.clock().Today()) + "-" + page.lang + ".pdf";
  } else if (parts.size() == 3 && parts[0] == "assessments" && IsId(parts[1])) {
    page.nav = "assess";
    pdf = AsUser(page, [&](service::Context& c) {
      return service::ReportService(c).ManagementPdf(std::stoll(parts[1]), language);
    });
    file_name = "hoshitori-report-" + parts[1] + "-" + page.lang + ".pdf";
  } else {
    return NotFound(page);
  }
  if (!pdf) {
    if (pdf.error().kind == ErrorKind::kNotFound) return NotFound(page);
    json problem = ProblemForPage(*templates_, page.lang, pdf.error());
    problem["title"] = templates_->Message(page.lang, "report_failed_title");
    return Render(page, "error", problem, AnswerFor(pdf.error().kind).http_status);
  }
  HttpResponse response;
  response.content_type = "application/pdf";
  response.body = std::move(pdf).value();
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + file_name + "\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace hoshitori::web
