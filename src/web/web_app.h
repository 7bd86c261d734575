// WebApp: the server-rendered web pages (Japanese first, English second) for suppliers
// and buyers. Every path that is not under /api/, /healthz or /metrics comes here.
//
// The pages are an adapter over the use-case layer (src/service/), like the API: each page
// calls the services as the signed-in user of its session cookie (WebApp::AsUser), so every
// read and write passes the same single authorization check; the pages hold no business
// rule and never call the API through HTTP. Forms are plain HTML POSTs carrying a hidden
// csrf field, which must match the hoshitori_csrf cookie set at sign-in and the session's
// own token; on success the browser is redirected (303), on a problem the form is shown
// again with the message for the error's title in the page's language.
//
// Thread-safe: templates are immutable after Create; the framework cache is locked.
#pragma once

#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/api_app.h"
#include "api/http.h"
#include "service/account_service.h"
#include "service/runtime.h"
#include "web/templates.h"

namespace hoshitori::web {

struct WebOptions {
  std::string web_dir;          // holds templates/, messages/ and static/
  bool secure_cookies = false;  // set the Secure flag on cookies (behind TLS)
};

class WebApp {
 public:
  // Loads templates, messages and assets from `options.web_dir`. `api` must outlive the app.
  static Result<std::unique_ptr<WebApp>> Create(api::ApiApp& api, WebOptions options);

  // Handles one browser request. Never throws.
  api::HttpResponse Handle(api::HttpRequest& request);

  // True for paths that belong to the API rather than to the pages.
  static bool IsApiPath(std::string_view path);

  struct Page;  // one request being rendered (defined in web_app.cc)

 private:
  WebApp(api::ApiApp& api, WebOptions options, std::shared_ptr<const TemplateSet> templates);
  api::HttpResponse Route(Page& page);

  // The redirect after a sign-in: the session cookie and the pages' CSRF cookie (the
  // session's own token).
  api::HttpResponse SignedIn(const service::StartedSession& session, const std::string& location);
  // The framework's JSON from the catalog endpoint, cached for the server's lifetime (the
  // catalog does not change while it runs); null when unknown. The reference stays valid.
  const nlohmann::json& Framework(Page& page, const std::string& id);

  api::HttpResponse Render(Page& page, const std::string& name, nlohmann::json context,
                           int status = 200);
  api::HttpResponse NotFound(Page& page);

  // Pages: accounts in web_app.cc; the supplier journey in web_supplier.cc; the buyer's list,
  // exports and requests in web_buyer.cc; policy, chain views and relationships in web_chain.cc.
  api::HttpResponse Home(Page& page);
  api::HttpResponse Login(Page& page);
  api::HttpResponse Logout(Page& page);
  api::HttpResponse Signup(Page& page);
  api::HttpResponse AcceptInvitation(Page& page);
  api::HttpResponse Team(Page& page);
  api::HttpResponse Assessments(Page& page);
  api::HttpResponse AnswerCategory(Page& page, const std::string& id);
  api::HttpResponse ResultPage(Page& page, const std::string& id, bool as_buyer);
  api::HttpResponse Submit(Page& page, const std::string& id);
  api::HttpResponse Shares(Page& page);
  api::HttpResponse RevokeShare(Page& page, const std::string& id);
  api::HttpResponse Suppliers(Page& page);
  api::HttpResponse ExportSuppliers(Page& page, bool xlsx);
  api::HttpResponse Policy(Page& page);
  api::HttpResponse Chain(Page& page);
  api::HttpResponse Relationships(Page& page);
  api::HttpResponse SendRequest(Page& page);
  // The directory of accredited assessors, or (registry) the hub admin's view of the
  // operator's registry; read-only (web_assessors.cc).
  api::HttpResponse Assessors(Page& page, bool registry);
  // web_exposure.cc: a buyer's exposure (`supplier_view` false) or a supplier's customers to
  // tell, as a page or, with `format` "csv" / "xlsx", a file.
  api::HttpResponse ExposurePage(Page& page, bool supplier_view, const std::string& format);
  // Public pages without sign-in (web_verify.cc): an attestation's verification, the registry.
  api::HttpResponse VerifyPage(Page& page, const std::string& id);
  api::HttpResponse RegistryPage(Page& page);
  // Engagements (web_review.cc): the list when `id` is empty, else one, with its forms.
  api::HttpResponse Review(Page& page, const std::string& id);
  // An evidence file sent from the answer page or the engagement page (multipart form).
  api::HttpResponse UploadEvidence(Page& page, const std::string& assessment_id);
  // Products, SBOMs, VEX and deliveries (web_products.cc): /products..., /product-versions/...,
  // /deliveries; `parts` are the path's segments.
  api::HttpResponse ProductPages(Page& page, const std::vector<std::string>& parts);

  // Report PDFs (web_reports.cc): /assessments/{id}/report.pdf, /suppliers/report.pdf.
  api::HttpResponse ReportPdf(Page& page, const std::vector<std::string>& parts);
  // The buyer's bulk work (web_bulk.cc): /relationships/upload and its templates,
  // /policy/rule, /policy/overrides, /requests/bulk, /suppliers/answers.xlsx; none for other
  // paths.
  std::optional<api::HttpResponse> BuyerBulkPages(Page& page, const std::vector<std::string>& parts);
  api::HttpResponse UploadRelationships(Page& page);
  api::HttpResponse AddPolicyRule(Page& page);
  api::HttpResponse PolicyOverrides(Page& page);
  api::HttpResponse SendBulkRequests(Page& page);
  api::HttpResponse ExportAnswerSheet(Page& page);

  // The inbox and its settings (web_inbox.cc): /inbox, /inbox/{id}/read, /inbox/settings.
  api::HttpResponse Inbox(Page& page, const std::vector<std::string>& parts);
  // Incident reports and received warnings (web_incidents.cc): /incidents...
  api::HttpResponse IncidentPages(Page& page, const std::vector<std::string>& parts);
  // Sharing groups and their invitations (web_groups.cc): /groups...
  api::HttpResponse GroupPages(Page& page, const std::vector<std::string>& parts);
  // The user's API tokens (web_tokens.cc): /tokens...
  api::HttpResponse TokenPages(Page& page, const std::vector<std::string>& parts);

  // Runs `use_case(context)` as the page's user on a store connection of the runtime; a
  // committed change drops the caches (as an API change does).
  template <typename UseCase>
  auto AsUser(Page& page, UseCase&& use_case);
  // Runs `use_case(accounts)` for a visitor not signed in (sign-in, sign-up, accepting an
  // invitation), whatever session the browser still holds; a committed change drops the
  // caches.
  template <typename UseCase>
  auto SignedOut(Page& page, UseCase&& use_case);

  api::ApiApp& api_;
  service::Runtime& runtime_;
  WebOptions options_;
  std::shared_ptr<const TemplateSet> templates_;
  std::mutex frameworks_mutex_;
  std::map<std::string, nlohmann::json> frameworks_;
};

}  // namespace hoshitori::web
