#include "api/api_app.h"

#include "api/access_log.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <regex>
#include <unordered_map>

#include "api/handler_support.h"
#include "api/views.h"
#include "assess/scoring.h"
#include "service/audit.h"
#include "service/chain_analysis_service.h"
#include "service/authorization.h"
#include "service/chain_service.h"
#include "service/results.h"
#include "service/throttle.h"
#include "service/view_cache.h"

namespace hoshitori::api {

using nlohmann::json;

// ---------------------------------------------------------------------------------------
// Shared state: store connections, the login limiter, metrics.

struct ApiApp::State {
  std::mutex metrics_mutex;
  std::map<std::string, int64_t> request_counts;  // "method route status" label set
  std::map<std::string, std::pair<double, int64_t>> durations;  // route -> (sum, count)
};

namespace {

// The boards one change leaves pending that its writer refreshes before acknowledging it;
// those of further buyers become stale for their next reader.
constexpr size_t kBoardsRefreshedAhead = 8;

// Reports a change this request committed: the supplier boards it alters are refreshed by
// the writer while readers keep the boards as they were (the change is not acknowledged
// yet), then whatever is still pending is settled, before the response goes out.
void ReportChange(service::Runtime& runtime, const ChangeScope& scope) {
  ChainService& chain = runtime.chain();
  const ChainService::Pending pending = chain.ChangedHere(scope);
  if (!pending.buyers.empty()) {
    try {
      service::Runtime::Lease lease(runtime);
      service::Context context = runtime.MakeContext(lease.store(), service::Actor{});
      for (size_t i = 0; i < pending.buyers.size() && i < kBoardsRefreshedAhead; ++i) {
        // A failed refresh leaves the rows pending; Settle makes them the next reader's.
        (void)service::ChainAnalysisService(context).RefreshAhead(pending.buyers[i], pending.ticket);
      }
    } catch (const std::exception&) {
      // As above: the next reader refreshes, and meets the failure itself.
    }
  }
  chain.Settle(scope);
}

}  // namespace

// ---------------------------------------------------------------------------------------

ApiApp::ApiApp(service::Runtime& runtime, ApiOptions options)
    : runtime_(runtime), catalog_(runtime.catalog()), options_(std::move(options)), state_(std::make_unique<State>()) {}

ApiApp::~ApiApp() = default;

service::RuntimeOptions ApiApp::RuntimeOptionsOf(const ApiOptions& options) { return options; }

Result<std::unique_ptr<ApiApp>> ApiApp::Create(const Catalog& catalog, ApiOptions options) {
  auto runtime = service::Runtime::Open(catalog, RuntimeOptionsOf(options));
  if (!runtime) return runtime.error();
  auto app = Create(**runtime, std::move(options));
  if (app) (*app)->owned_runtime_ = std::move(runtime).value();
  return app;
}

Result<std::unique_ptr<ApiApp>> ApiApp::Create(service::Runtime& runtime, ApiOptions options) {
  std::unique_ptr<ApiApp> app(new ApiApp(runtime, std::move(options)));
  app->chain_ = &runtime.chain();
  app->views_ = std::make_unique<ViewCache>(*app->chain_);
  app->AddRoutes();
  app->AddAccountRoutes();
  app->AddAssessmentRoutes();
  app->AddSharingRoutes();
  app->AddChainRoutes();
  app->AddRelationshipRoutes();
  app->AddPolicyRoutes();
  app->AddAssessorRoutes();
  app->AddAttestationRoutes();
  app->AddEngagementRoutes();
  app->AddProductRoutes();
  app->AddExposureRoutes();
  app->AddInboxRoutes();
  app->AddReportRoutes();
  app->AddIncidentRoutes();
  app->AddSharingGroupRoutes();
  app->AddTaxiiRoutes();
  app->AddCorrelationRoutes();
  return app;
}

namespace {

}  // namespace

void ApiApp::Authenticate(Call& call) {
  const HttpRequest& request = call.request;
  const bool changes = request.method != "GET" && request.method != "HEAD";
  const auto authorization = request.Header("authorization");
  if (authorization.substr(0, 7) == "Bearer ") {
    const auto credential = Must(runtime_.FindToken(call.store, authorization.substr(7)));
    if (!credential) Fail(401, "Invalid token", "the API token is unknown, revoked or expired");
    call.user = credential->user;
    call.token_scope = credential->scope;
    if (changes && credential->scope != "write") {
      call.principal = Principal{call.user->id, call.user->org_id, call.user->role};
      Fail(403, "Read-only token", "this API token may only read; make a token with scope \"write\" to change data");
    }
    return;
  }
  const std::string cookie = request.Cookie(kSessionCookie);
  if (cookie.empty()) return;
  const auto credential = Must(runtime_.FindSession(call.store, cookie));
  if (!credential) return;
  call.user = credential->user;
  call.session_hash = Sha256Hex(cookie);
  if (changes && !SecretEquals(request.Header("x-csrf-token"), credential->csrf_token)) {
    call.principal = Principal{call.user->id, call.user->org_id, call.user->role};
    Fail(403, "CSRF check failed", "send the X-CSRF-Token header you received at sign-in");
  }
}

void ApiApp::AuditRefusal(Call& call, const ApiProblem& problem, const std::string& route) {
  try {
    Transaction transaction(call.store);
    if (!transaction.begun()) return;
    Audit(call, "access.denied", call.request.method + " " + route,
          problem.title + ": " + problem.detail + " (from " + call.request.remote_address + ")");
    (void)transaction.Commit();
  } catch (...) {
    // The refusal itself is answered whether or not it could be recorded.
  }
}

HttpResponse ApiApp::Handle(HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  HttpResponse response;
  std::string route_name = "unmatched";
  std::optional<int64_t> user_id;
  ChangeScope committed;  // what the call's committed changes touched
  const auto match = router_.Find(request.method, request.path);
  if (!match.route) {
    response = match.path_known ? ProblemResponse(405, "Method not allowed", request.method + " is not supported on " + request.path)
                                : ProblemResponse(404, "Not found", "no such endpoint: " + request.path);
  } else {
    route_name = match.route->pattern;
    try {
      service::Runtime::Lease lease(runtime_);
      Store& store = lease.store();
      Call call{request, match.params, store, std::nullopt, std::nullopt, "", std::nullopt, &runtime_};
      try {
        Authenticate(call);
        if (call.user) {
          call.principal = Principal{call.user->id, call.user->org_id, call.user->role};
          user_id = call.user->id;
        }
        response = match.route->handler(call);
        committed = call.committed;
      } catch (const ApiProblem& problem) {
        // Refusals of a signed-in caller are audited (the handler's own transaction has been
        // rolled back by now). Anonymous refusals are not: they would let anyone fill the log.
        committed = call.committed;  // a use case may have committed before the failure
        if ((problem.status == 403 || problem.status == 412) && call.principal) {
          AuditRefusal(call, problem, route_name);
        }
        throw;
      } catch (...) {
        committed = call.committed;
        throw;
      }
    } catch (const ApiProblem& problem) {
      response = IsTaxiiPath(request.path) ? TaxiiErrorResponse(problem.status, problem.title, problem.detail)
                                           : ProblemResponse(problem.status, problem.title, problem.detail);
      for (const auto& header : problem.headers) response.headers.push_back(header);
    } catch (const std::exception&) {
      response = ProblemResponse(500, "Internal error", "the server could not handle this request");
    }
    // Caches drop what the committed changes touched, as the use cases named it; a change
    // made outside a use case (routes not yet over a service) drops everything. (A reader
    // between a change's commit and its response can still be served the previous value.)
    if (request.method != "GET" && request.method != "HEAD" && response.status < 400) {
      ReportChange(runtime_, committed.empty() ? ChangeScope::Everything() : committed);
    } else if (!committed.empty()) {
      ReportChange(runtime_, committed);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  {
    // Every label comes from a fixed set, so no request can add series: the method is one of
    // the standard ones or "other", the route a pattern or "unmatched", the status 100..599
    // or "other".
    static constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    const bool known_method = std::find(std::begin(kMethods), std::end(kMethods), request.method) != std::end(kMethods);
    const std::string status_label =
        response.status >= 100 && response.status <= 599 ? std::to_string(response.status) : "other";
    std::lock_guard lock(state_->metrics_mutex);
    ++state_->request_counts["method=\"" + (known_method ? request.method : std::string("other")) + "\",route=\"" +
                             route_name + "\",status=\"" + status_label + "\""];
    auto& d = state_->durations[route_name];
    d.first += seconds;
    d.second += 1;
  }
  if (options_.access_log) {
    // Path only: never the query, headers or body (they may carry secrets). Escaped whatever
    // its bytes, so logging never fails.
    const auto escaped = [](const std::string& text) {
      return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
    };
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.2f", seconds * 1000);
    AccessLog::Standard().Add("{\"at\":\"" + UtcNow() + "\",\"method\":" + escaped(request.method) +
                              ",\"path\":" + escaped(request.path) + ",\"status\":" + std::to_string(response.status) +
                              ",\"ms\":" + ms + ",\"user\":" + std::to_string(user_id.value_or(0)) +
                              ",\"addr\":" + escaped(request.remote_address) + "}\n");
  }
  return response;
}

// ---------------------------------------------------------------------------------------
// Routes. Every handler authorizes each resource it touches through Authorize (via Check),
// and every change runs in one transaction together with its audit entry.

void ApiApp::AddRoutes() {
  router_.Add("GET", "/healthz", [](Call& call) {
    Must(call.store.SchemaVersion(), 503, "Storage unavailable");
    return JsonResponse(200, json{{"status", "ok"}});
  });

  router_.Add("GET", "/metrics", [this](Call&) {
    std::string text = "# HELP hoshitori_http_requests_total HTTP requests handled.\n"
                       "# TYPE hoshitori_http_requests_total counter\n";
    std::lock_guard lock(state_->metrics_mutex);
    for (const auto& [labels, count] : state_->request_counts) {
      text += "hoshitori_http_requests_total{" + labels + "} " + std::to_string(count) + "\n";
    }
    text += "# HELP hoshitori_http_request_duration_seconds Time spent handling requests.\n"
            "# TYPE hoshitori_http_request_duration_seconds summary\n";
    for (const auto& [route, d] : state_->durations) {
      char sum[64];
      std::snprintf(sum, sizeof sum, "%.6f", d.first);
      text += "hoshitori_http_request_duration_seconds_sum{route=\"" + route + "\"} " + sum + "\n";
      text += "hoshitori_http_request_duration_seconds_count{route=\"" + route + "\"} " + std::to_string(d.second) + "\n";
    }
    // How often buyers' supplier boards were built whole and refreshed by rows: after a
    // write, a refresh per write and no build means per-aggregate invalidation works.
    text += "# HELP hoshitori_supplier_boards_built_total Supplier boards built from the store.\n"
            "# TYPE hoshitori_supplier_boards_built_total counter\n"
            "hoshitori_supplier_boards_built_total " + std::to_string(runtime_.chain().boards_built()) + "\n"
            "# HELP hoshitori_supplier_boards_refreshed_total Supplier boards refreshed by rows or policy.\n"
            "# TYPE hoshitori_supplier_boards_refreshed_total counter\n"
            "hoshitori_supplier_boards_refreshed_total " + std::to_string(runtime_.chain().boards_refreshed()) + "\n";
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = std::move(text);
    return response;
  });
}

}  // namespace hoshitori::api
