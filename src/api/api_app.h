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
#include "api/authorization.h"
#include "api/router.h"
#include "api/security.h"
#include "catalog/catalog.h"
#include "store/store.h"

namespace hoshitori::api {

class ChainService;
class ViewCache;
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
};

struct ApiOptions {
  std::string db_url;
  int connections = 2;
  PasswordCost password_cost = PasswordCost::kInteractive;
  int64_t session_seconds = 8 * 3600;
  bool secure_cookies = false;  // set the Secure flag (behind TLS)
  bool access_log = true;
  // Sign-in throttling (docs/security.md): failures free of delay per (account, address)
  // and per address within 15 minutes; each further failure doubles the wait, up to 15 min.
  int login_failures_allowed = 5;
  int login_failures_allowed_per_address = 50;
  int signups_allowed_per_address = 5;  // per hour before sign-ups from it are slowed down
  int concurrent_password_hashes = 2;
  int64_t token_days_default = 90;
  int64_t token_days_max = 365;
};

class ApiApp {
 public:
  // Opens `options.connections` store connections. The catalog must outlive the app.
  static Result<std::unique_ptr<ApiApp>> Create(const Catalog& catalog, ApiOptions options);
  ~ApiApp();

  HttpResponse Handle(HttpRequest& request);
  const Router& router() const { return router_; }
  // The supply graph and the caches' generation (for ChangeFollower).
  ChainService& chain() { return *chain_; }

  struct State;  // pools, limiter and metrics (defined in api_app.cc)

 private:
  ApiApp(const Catalog& catalog, ApiOptions options);
  void AddRoutes();
  // Sets call.user (and the token scope or session) from an API token or a session cookie;
  // fails with 401 for a bad token, 403 for a read-only token's change or a missing CSRF
  // header. Leaves call.user empty when no credential was sent or the session ended.
  void Authenticate(Call& call);
  // Records a refusal of a signed-in caller in the audit log, in its own transaction.
  void AuditRefusal(Call& call, const ApiProblem& problem, const std::string& route);
  // Relationships, disclosures, the buyer's policy, supplier list and chain analyses
  // (api_chain_routes.cc).
  void AddChainRoutes();

  const Catalog& catalog_;
  ApiOptions options_;
  Router router_;
  std::unique_ptr<State> state_;
  std::unique_ptr<ChainService> chain_;
  std::unique_ptr<ViewCache> views_;
};

}  // namespace hoshitori::api
