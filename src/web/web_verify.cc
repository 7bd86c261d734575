// Public pages without sign-in (issue 14): /verify/{id} shows an attestation's facts and its
// current status, verified now with the server's own key set and status list exactly as an
// outside verifier would; /registry searches the levels organisations chose to publish.
// Both are adapters over service::AttestationService, which throttles them per address.
#include "core/error_kind.h"
#include "service/attestation_service.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

namespace {

std::string KindKey(const std::string& kind) {
  // The claims say "self_declared" where the assessments say "self".
  return kind == "self_declared" ? "verify_kind_self_declared" : "att_" + kind;
}

std::string DayOf(int64_t unix_seconds) {
  return assure::FormatInstant(unix_seconds).substr(0, 10);
}

// Runs `use_case(attestations)` for a visitor who is not signed in (whatever session the
// browser holds: these pages show the same to everybody), from the page's address.
template <typename UseCase>
auto AsVisitor(service::Runtime& runtime, const api::HttpRequest& request, UseCase&& use_case) {
  service::Runtime::Lease lease(runtime);
  service::Actor actor;
  actor.address = request.remote_address;
  service::Context context = runtime.MakeContext(lease.store(), std::move(actor));
  service::AttestationService attestations(context);
  return use_case(attestations);
}

}  // namespace

HttpResponse WebApp::VerifyPage(Page& page, const std::string& id) {
  page.nav = "verify";
  const auto check = AsVisitor(runtime_, page.request, [&](service::AttestationService& service) {
    return service.Check(id);
  });
  if (!check) {
    const int status = AnswerFor(check.error().kind).http_status;
    const std::string message =
        check.error().kind == ErrorKind::kNotFound
            ? templates_->Message(page.lang, "verify_not_found")
            : ProblemForPage(*templates_, page.lang, check.error())["message"].get<std::string>();
    return Render(
        page, "error",
        json{{"title", templates_->Message(page.lang, "verify_title")}, {"message", message}},
        status);
  }
  const assure::VerificationReport& report = check->report;
  json statements = json::array();
  for (const std::string& line : report.Statements(page.lang)) statements.push_back(line);
  json view{
      {"title", templates_->Message(page.lang, "verify_title")},
      {"id", check->attestation.id},
      {"status", check->status},
      {"status_text", templates_->Message(page.lang, "verify_status_" + check->status)},
      {"status_explained", templates_->Message(page.lang, "verify_explained_" + check->status)},
      {"status_list", check->attestation.status_list},
      {"statements", statements},
      {"checked_at", assure::FormatInstant(report.checked_at)}};
  if (report.claims) {
    const assure::AttestationClaims& c = *report.claims;
    const std::string kind(assure::AttestationKindName(c.kind));
    view["claims"] = json{{"name", c.name},
                          {"sub", c.subject},
                          {"level", c.level},
                          {"stars", Stars(c.level)},
                          {"kind_text", templates_->Message(page.lang, KindKey(kind))},
                          {"framework", c.framework},
                          {"scope", c.scope},
                          {"assessor_name", c.assessor ? c.assessor->name : ""},
                          {"assessor_accreditation", c.assessor ? c.assessor->accreditation : ""},
                          {"valid_from", DayOf(c.not_before)},
                          {"valid_until", DayOf(c.expires_at - 1)},
                          {"issued_at", assure::FormatInstant(c.issued_at)},
                          {"iss", c.issuer}};
  }
  // The status is the point of the page: a revoked or expired attestation is still shown, with
  // its status, rather than as an error.
  return Render(page, "verify", view);
}

HttpResponse WebApp::RegistryPage(Page& page) {
  page.nav = "registry";
  const std::string q = page.Query("q");
  json view{{"title", templates_->Message(page.lang, "registry_title")}, {"q", q}};
  if (q.empty()) return Render(page, "registry", view);
  const auto found = AsVisitor(runtime_, page.request, [&](service::AttestationService& service) {
    return service.SearchRegistry(q);
  });
  if (!found) {
    view["problem"] = ProblemForPage(*templates_, page.lang, found.error());
    return Render(page, "registry", view, AnswerFor(found.error().kind).http_status);
  }
  json entries = json::array();
  for (const service::RegistryEntry& e : *found) {
    entries.push_back(
        json{{"name", e.name},
             {"corporate_number", e.corporate_number},
             {"level", e.level},
             {"stars", Stars(e.level)},
             {"kind_text", templates_->Message(page.lang, KindKey(e.kind))},
             {"valid_from", e.valid_from},
             {"valid_until", e.valid_until},
             {"issuer", e.issuer},
             {"assessor", e.assessor},
             {"status", e.status},
             {"status_text", templates_->Message(page.lang, "verify_status_" + e.status)},
             {"attestation_id", e.attestation_id}});
  }
  view["searched"] = true;
  view["has_entries"] = !entries.empty();
  view["entries"] = entries;
  return Render(page, "registry", view);
}

}  // namespace hoshitori::web
