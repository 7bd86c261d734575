// Report PDFs over the API (issue 15): thin adapters over service::ReportService. Both are
// downloads in the language asked for (?lang=ja, the default, or en).
#include "api/api_app.h"
#include "api/handler_support.h"
#include "api/http.h"
#include "core/date.h"
#include "service/report_service.h"

namespace hoshitori::api {

namespace {

report::Language LanguageParameter(const Call& call) {
  const auto found = call.request.query.find("lang");
  if (found == call.request.query.end()) return report::Language::kJapanese;
  if (found->second != "ja" && found->second != "en") {
    Fail(400, "Invalid query", "lang must be ja or en / lang は ja か en です");
  }
  return report::LanguageFromCode(found->second);
}

HttpResponse PdfDownload(std::string pdf, const std::string& file_name) {
  HttpResponse response;
  response.content_type = "application/pdf";
  response.body = std::move(pdf);
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + file_name + "\"");
  return response;
}

}  // namespace

void ApiApp::AddReportRoutes() {
  router_.Add("GET", "/api/v1/assessments/{id}/report.pdf", [](Call& call) {
    auto context = call.Context();
    const report::Language language = LanguageParameter(call);
    const int64_t id = IdParam(call.params, "id");
    return PdfDownload(Unwrap(service::ReportService(context).ManagementPdf(id, language)),
                       "hoshitori-report-" + std::to_string(id) + ".pdf");
  });

  router_.Add("GET", "/api/v1/suppliers/report.pdf", [](Call& call) {
    auto context = call.Context();
    const report::Language language = LanguageParameter(call);
    return PdfDownload(Unwrap(service::ReportService(context).PortfolioPdf(language)),
                       "hoshitori-portfolio-" + FormatDate(context.clock.Today()) + ".pdf");
  });
}

}  // namespace hoshitori::api
