// ApiApp: the REST API under /api/v1 — accounts, organisations, catalog, assessments,
// shares, requests, relationships, policies, supplier lists, chain analyses, audit — plus /healthz and /metrics. It turns HTTP requests into store
// reads and writes, with one authorization check (api/authorization.h) per resource touched
// and one transaction (with its audit entry) per change.
//
// Thread-safe: each request borrows its own store connection from a pool.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/http.h"
#include "service/authorization.h"
#include "api/router.h"
#include "service/security.h"
#include "catalog/catalog.h"
#include "service/runtime.h"
#include "store/store.h"

namespace hoshitori::service {
class ViewCache;
}

namespace hoshitori::api {

// The API is an adapter over the use-case layer: its names are the service layer's.
using namespace hoshitori::service;  // NOLINT(google-build-using-namespace)

struct ApiProblem;

// One request being handled: what a route handler receives.
struct Call {
  const HttpRequest& request;
  const PathParams& params;
  Store& store;
  std::optional<Principal> principal;
  std::optional<User> user;
  std::string session_hash;  // when signed in by cookie
  std::optional<std::string> token_scope;  // when signed in by API token: "read" or "write"
  service::Runtime* runtime = nullptr;
  ChangeScope committed = {};  // what this call's committed changes touched

  // The use-case context of this call: its store connection, the engines and the caller;
  // its committed changes are reported to `committed`.
  service::Context Context() {
    service::Actor actor{principal, user, request.remote_address, token_scope && *token_scope != "write",
                         token_scope.has_value(), session_hash};
    service::Context context = runtime->MakeContext(store, std::move(actor));
    context.committed = &committed;
    return context;
  }
};

// The runtime's options (store, password cost, sessions, throttles, tokens, clock) and the
// HTTP ones.
struct ApiOptions : service::RuntimeOptions {
  bool secure_cookies = false;  // set the Secure flag (behind TLS)
  bool access_log = true;
};

// Paths under /taxii2/ answer failures as TAXII error messages (application/taxii+json, with
// WWW-Authenticate on 401) rather than problem+json (routes_taxii.cc).
bool IsTaxiiPath(std::string_view path);
HttpResponse TaxiiErrorResponse(int status, std::string_view title, std::string_view description);

class ApiApp {
 public:
  // Opens a runtime of its own (`options.connections` store connections). The catalog must
  // outlive the app.
  static Result<std::unique_ptr<ApiApp>> Create(const Catalog& catalog, ApiOptions options);
  // Serves over `runtime` (shared with the web pages), which must outlive the app. Only the
  // HTTP options of `options` are read.
  static Result<std::unique_ptr<ApiApp>> Create(service::Runtime& runtime, ApiOptions options);
  static service::RuntimeOptions RuntimeOptionsOf(const ApiOptions& options);
  ~ApiApp();

  HttpResponse Handle(HttpRequest& request);
  // Whether a request (method and target, query included) uploads an evidence file through
  // the API or the pages' form, the one kind of request whose body may exceed 1 MiB (up to
  // kEvidenceBodyLimit: 10 MiB and room for a form's envelope; routes_evidence.cc).
  static bool IsEvidenceUpload(std::string_view method, std::string_view target);
  static constexpr size_t kEvidenceBodyLimit = (size_t{10} << 20) + (size_t{64} << 10);
  // Whether a request uploads an SBOM or a VEX file (PUT /api/v1/product-versions/{id}/sbom
  // or /vex, or the version page's POST to /product-versions/{id}/sbom or /vex), whose body
  // may be up to sbom::kMaxBomBytes (routes_products.cc).
  static bool IsProductFileUpload(std::string_view method, std::string_view target);
  // Either kind of upload: the requests whose body may exceed 1 MiB, up to kLargeBodyLimit
  // (each route still holds its own files to their own bound: 10 MiB for evidence).
  static bool IsLargeUpload(std::string_view method, std::string_view target);
  static constexpr size_t kLargeBodyLimit = (size_t{64} << 20) + (size_t{64} << 10);
  const Router& router() const { return router_; }
  // The supply graph and the caches' generation (for ChangeFollower).
  ChainService& chain() { return *chain_; }
  service::Runtime& runtime() { return runtime_; }

  struct State;  // pools, limiter and metrics (defined in api_app.cc)

 private:
  ApiApp(service::Runtime& runtime, ApiOptions options);
  void AddRoutes();
  // Sets call.user (and the token scope or session) from an API token or a session cookie;
  // fails with 401 for a bad token, 403 for a read-only token's change or a missing CSRF
  // header. Leaves call.user empty when no credential was sent or the session ended.
  void Authenticate(Call& call);
  // Records a refusal of a signed-in caller in the audit log, in its own transaction.
  void AuditRefusal(Call& call, const ApiProblem& problem, const std::string& route);
  void AddChainRoutes();         // routes_chain.cc: suppliers and chain analyses
  void AddRelationshipRoutes();  // routes_relationships.cc: relationships and disclosures
  void AddPolicyRoutes();        // routes_policy.cc: the buyer's own rules
  void AddAssessorRoutes();      // routes_assessors.cc: accredited assessors, declarations
  // Engagements of assessors (routes_engagements.cc), which adds the evidence files' routes
  // (routes_evidence.cc) too.
  void AddEngagementRoutes();
  void AddEvidenceRoutes();
  // /api/v1/assessments and /api/v1/industry-averages (routes_assessments.cc).
  void AddAssessmentRoutes();
  // Accounts, organisations, the catalog and the audit log (routes_accounts.cc).
  void AddAccountRoutes();
  // /api/v1/shares and /api/v1/requests (routes_sharing.cc).
  void AddSharingRoutes();
  // Issued attestations, JWK Set, status lists and the public registry (routes_attestations.cc).
  void AddAttestationRoutes();
  // Products, versions, deliveries, containment, SBOMs and VEX (routes_products.cc).
  void AddProductRoutes();
  // A buyer's exposure and a supplier's customers to tell (routes_exposure.cc).
  void AddExposureRoutes();
  // The inbox and the notification settings (routes_inbox.cc).
  void AddInboxRoutes();
  void AddReportRoutes();  // routes_reports.cc: report PDFs (issue 15)
  void AddIncidentRoutes();  // routes_incidents.cc: incident reports and warnings (issue 16)
  void AddSharingGroupRoutes();  // routes_sharing_groups.cc: sharing groups (issue 16)
  void AddTaxiiRoutes();         // routes_taxii.cc: the TAXII 2.1 server (issue 16)
  void AddCorrelationRoutes();  // routes_correlations.cc: indicator correlation (issue 16)

  std::unique_ptr<service::Runtime> owned_runtime_;  // when created from options alone
  service::Runtime& runtime_;
  const Catalog& catalog_;
  ApiOptions options_;
  Router router_;
  std::unique_ptr<State> state_;
  ChainService* chain_ = nullptr;  // the runtime's
  std::unique_ptr<ViewCache> views_;
};

}  // namespace hoshitori::api
