#include "api/api_app.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <regex>
#include <unordered_map>

#include "service/audit.h"
#include "service/authorization.h"
#include "api/chain_service.h"
#include "api/handler_support.h"
#include "api/results.h"
#include "service/throttle.h"
#include "api/view_cache.h"
#include "api/views.h"
#include "assess/scoring.h"
#include "store/organisation_import.h"

namespace hoshitori::api {

using nlohmann::json;

namespace {

constexpr const char* kSessionCookie = "hoshitori_session";

}  // namespace

// ---------------------------------------------------------------------------------------
// Shared state: store connections, the login limiter, metrics.

struct ApiApp::State {
  std::mutex metrics_mutex;
  std::map<std::string, int64_t> request_counts;  // "method route status" label set
  std::map<std::string, std::pair<double, int64_t>> durations;  // route -> (sum, count)
  std::mutex log_mutex;
};

namespace {

std::string SessionCookie(const std::string& token, int64_t seconds, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(seconds) + (secure ? "; Secure" : "");
}

json UserJson(const User& u) {
  return json{{"id", u.id}, {"org_id", u.org_id}, {"email", u.email}, {"display_name", u.display_name},
              {"role", RoleName(u.role)}, {"created_at", u.created_at},
              {"disabled_at", u.disabled_at ? json(*u.disabled_at) : json(nullptr)}};
}

}  // namespace

// ---------------------------------------------------------------------------------------

ApiApp::ApiApp(service::Runtime& runtime, ApiOptions options)
    : runtime_(runtime), catalog_(runtime.catalog()), options_(std::move(options)), state_(std::make_unique<State>()) {}

ApiApp::~ApiApp() = default;

service::RuntimeOptions ApiApp::RuntimeOptionsOf(const ApiOptions& options) {
  service::RuntimeOptions out;
  out.db_url = options.db_url;
  out.connections = options.connections;
  out.password_cost = options.password_cost;
  out.session_seconds = options.session_seconds;
  out.login_failures_allowed = options.login_failures_allowed;
  out.login_failures_allowed_per_address = options.login_failures_allowed_per_address;
  out.signups_allowed_per_address = options.signups_allowed_per_address;
  out.concurrent_password_hashes = options.concurrent_password_hashes;
  out.token_days_default = options.token_days_default;
  out.token_days_max = options.token_days_max;
  out.today = options.today;
  return out;
}

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
  app->AddAssessmentRoutes();
  app->AddSharingRoutes();
  app->AddChainRoutes();
  app->AddRelationshipRoutes();
  app->AddPolicyRoutes();
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
      response = ProblemResponse(problem.status, problem.title, problem.detail);
      for (const auto& header : problem.headers) response.headers.push_back(header);
    } catch (const std::exception&) {
      response = ProblemResponse(500, "Internal error", "the server could not handle this request");
    }
    // Caches drop what the committed changes touched, as the use cases named it; a change
    // made outside a use case (routes not yet over a service) drops everything. (A reader
    // between a change's commit and this line can still be served the previous value.)
    if (request.method != "GET" && request.method != "HEAD" && response.status < 400) {
      chain_->Changed(committed.empty() ? ChangeScope::Everything() : committed);
    } else if (!committed.empty()) {
      chain_->Changed(committed);
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
    std::lock_guard lock(state_->log_mutex);
    // Path only: never the query, headers or body (they may carry secrets). Escaped whatever
    // its bytes, so logging never fails.
    const auto escaped = [](const std::string& text) {
      return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
    };
    std::fprintf(stderr,
                 "{\"at\":\"%s\",\"method\":%s,\"path\":%s,\"status\":%d,\"ms\":%.2f,\"user\":%lld,\"addr\":%s}\n",
                 UtcNow().c_str(), escaped(request.method).c_str(), escaped(request.path).c_str(), response.status,
                 seconds * 1000, static_cast<long long>(user_id.value_or(0)), escaped(request.remote_address).c_str());
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
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = std::move(text);
    return response;
  });

  // --- accounts -------------------------------------------------------------------------
  auto start_session = [this](Call& call, const User& user, HttpResponse& response) {
    const std::string token = NewToken("hss_");
    const std::string csrf = NewToken("");
    Must(call.store.AddSession(Session{Sha256Hex(token), user.id, user.org_id, csrf, call.runtime->clock().UtcNow(),
                                       call.runtime->clock().UtcNow(options_.session_seconds)}));
    response.headers.emplace_back("Set-Cookie", SessionCookie(token, options_.session_seconds, options_.secure_cookies));
    return csrf;
  };

  // Hashes a new password: bounded by the hash gate so that floods cannot starve the server.
  auto hash_password = [this](const std::string& password) {
    HashGate::Slot slot(runtime_.hashes(), std::chrono::seconds(5));
    if (!slot.acquired()) Fail(503, "Busy", "the server is busy; try again in a few seconds");
    return Must(HashPassword(password, options_.password_cost));
  };

  router_.Add("POST", "/api/v1/signup", [this, start_session, hash_password](Call& call) {
    Body body(call.request, {"corporate_number", "name", "industry", "employees", "capital_yen", "email",
                             "display_name", "password"});
    // Sign-ups from one address are slowed down after a few (each one costs a password hash).
    const std::string by_address = "signup:" + call.request.remote_address;
    const auto now = AttemptThrottle::Clock::now();
    if (const int64_t wait = runtime_.signup_by_address().Wait(by_address, now); wait > 0) {
      throw ApiProblem{429, "Too many attempts", "too many sign-ups from your address; wait " + std::to_string(wait) + " seconds",
                       {{"Retry-After", std::to_string(wait)}}};
    }
    // Everything that can be checked without the store or a hash is checked first.
    const auto employees = body.OptInt("employees");
    const auto capital = body.OptInt("capital_yen");
    const Organisation organisation = Must(
        MakeOrganisation("signup", body.Text("corporate_number"), body.Text("name"), body.Text("industry"),
                         employees ? std::to_string(*employees) : "", capital ? std::to_string(*capital) : ""),
        422, "Invalid organisation");
    const std::string email = FoldEmail(body.Text("email"));
    if (!ValidEmail(email)) Fail(422, "Invalid e-mail", "'" + email + "' is not an e-mail address");
    const std::string display_name = body.Text("display_name");
    const std::string password = body.Text("password");
    Must(CheckPasswordStrength(password), 422, "Weak password");
    runtime_.signup_by_address().Record(by_address, now);
    const std::string hash = hash_password(password);
    Transaction transaction(call.store);
    Must(transaction.begun());
    // One answer whether the corporate number or the e-mail is taken: strangers learn nothing.
    constexpr const char* kNotPossible =
        "this sign-up cannot be completed; if your organisation already uses Hoshitori, ask its administrator "
        "to invite you, or sign in";
    const auto added_or = call.store.AddOrganisation(organisation);
    if (!added_or) Fail(409, "Registration not possible", kNotPossible);
    const Organisation added = *added_or;
    const auto user_or = call.store.AddUser(User{0, added.id, email, display_name, Role::kOrgAdmin, hash, "", std::nullopt});
    if (!user_or) Fail(409, "Registration not possible", kNotPossible);
    const User user = *user_or;
    call.principal = Principal{user.id, user.org_id, user.role};
    HttpResponse response;
    const std::string csrf = start_session(call, user, response);
    Audit(call, "signup", "organisation/" + std::to_string(added.id), added.corporate_number.digits());
    Must(transaction.Commit());
    HttpResponse created = JsonResponse(201, json{{"organisation", OrganisationJson(added)}, {"user", UserJson(user)}, {"csrf_token", csrf}});
    created.headers = response.headers;
    return created;
  });

  router_.Add("POST", "/api/v1/login", [this, start_session](Call& call) {
    Body body(call.request, {"email", "password"});
    const std::string email = FoldEmail(body.Text("email"));
    const std::string password = body.Text("password");
    if (email.size() > 254) Fail(422, "Invalid e-mail", "an e-mail address has at most 254 characters");
    // Failures slow down one account from one address (its owner elsewhere is not held up),
    // and one address across accounts; never a hard lock.
    const std::string by_account = "login:" + email + "\n" + call.request.remote_address;
    const std::string by_address = "login:" + call.request.remote_address;
    const auto now = AttemptThrottle::Clock::now();
    if (const int64_t wait = std::max(runtime_.login_by_account().Wait(by_account, now), runtime_.login_by_address().Wait(by_address, now));
        wait > 0) {
      throw ApiProblem{429, "Too many attempts", "too many failed sign-ins; wait " + std::to_string(wait) + " seconds",
                       {{"Retry-After", std::to_string(wait)}}};
    }
    bool ok = false;
    std::optional<User> user;
    {
      HashGate::Slot slot(runtime_.hashes(), std::chrono::seconds(5));
      if (!slot.acquired()) Fail(503, "Busy", "the server is busy; try again in a few seconds");
      user = Must(call.store.FindUserByEmail(email));
      if (user && user->disabled_at) user.reset();
      // An unknown address is checked against a decoy of the same cost: timing tells nothing.
      ok = VerifyPassword(password, user ? user->password_hash : runtime_.decoy_hash()) && user.has_value();
    }
    Transaction transaction(call.store);
    Must(transaction.begun());
    // The audit log never keeps what was typed as the e-mail (a password may be typed there).
    const std::string typed = "e-mail digest " + Sha256Hex(email).substr(0, 16) + ", from " + call.request.remote_address;
    if (!ok) {
      runtime_.login_by_account().Record(by_account, now);
      runtime_.login_by_address().Record(by_address, now);
      Audit(call, "login.failed", user ? "user/" + std::to_string(user->id) : "user", typed);
      if (runtime_.login_by_account().Wait(by_account, now) > 0 || runtime_.login_by_address().Wait(by_address, now) > 0) {
        Audit(call, "login.throttled", user ? "user/" + std::to_string(user->id) : "user", typed);
      }
      Must(transaction.Commit());
      return ProblemResponse(401, "Sign-in failed", "the e-mail or the password is wrong");
    }
    runtime_.login_by_account().Forget(by_account);
    call.principal = Principal{user->id, user->org_id, user->role};
    HttpResponse response;
    const std::string csrf = start_session(call, *user, response);
    Audit(call, "login", "user/" + std::to_string(user->id), "from " + call.request.remote_address);
    Must(transaction.Commit());
    HttpResponse ok_response = JsonResponse(200, json{{"user", UserJson(*user)}, {"csrf_token", csrf}});
    ok_response.headers = response.headers;
    return ok_response;
  });

  // Ends this session; with {"everywhere": true} every session and API token of the user.
  router_.Add("POST", "/api/v1/logout", [this](Call& call) {
    Require(call);
    bool everywhere = false;
    if (!call.request.body.empty()) everywhere = Body(call.request, {"everywhere"}).Flag("everywhere");
    Transaction transaction(call.store);
    Must(transaction.begun());
    if (everywhere) {
      const int64_t ended = Must(call.store.EndUserCredentials(call.principal->user_id, call.runtime->clock().UtcNow()));
      Audit(call, "logout.everywhere", "user/" + std::to_string(call.principal->user_id), std::to_string(ended) + " sessions and tokens ended");
    } else {
      if (!call.session_hash.empty()) Must(call.store.DeleteSession(call.session_hash));
      Audit(call, "logout", "user/" + std::to_string(call.principal->user_id));
    }
    Must(transaction.Commit());
    HttpResponse response;
    response.status = 204;
    response.headers.emplace_back("Set-Cookie", SessionCookie("", 0, options_.secure_cookies));
    return response;
  });

  router_.Add("GET", "/api/v1/me", [](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kOrganisation, p.org_id});
    const auto organisation = Must(call.store.GetOrganisation(p.org_id));
    return JsonResponse(200, json{{"user", UserJson(*call.user)},
                                  {"organisation", organisation ? OrganisationJson(*organisation) : json(nullptr)}});
  });

  router_.Add("GET", "/api/v1/users", [](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kUser, p.org_id});
    json users = json::array();
    for (const User& u : Must(call.store.ListUsers(p.org_id))) users.push_back(UserJson(u));
    return JsonResponse(200, json{{"users", users}});
  });

  // Offboarding. An org admin changes a colleague's role between member and org_admin,
  // removes a colleague (the user can no longer sign in; sessions and tokens end at once), or
  // signs a colleague out everywhere. Roles that certify others (assessor) or act for an
  // association come only from the operator (`hoshitori user grant`). The last active admin
  // of an organisation stays an admin.
  auto load_colleague = [](Call& call, Action action) {
    const int64_t id = IdParam(call.params, "id");
    const auto user = Must(call.store.GetUser(id));
    const Principal p = Require(call);
    if (!user || user->org_id != p.org_id) Fail(404, "Not found", "no user " + std::to_string(id) + " in your organisation");
    Check(call, action, ResourceFacts{ResourceKind::kUser, user->org_id, user->id});
    return *user;
  };
  auto active_admins = [](Call& call, int64_t org_id) {
    int count = 0;
    for (const User& u : Must(call.store.ListUsers(org_id))) {
      if (u.role == Role::kOrgAdmin && !u.disabled_at) ++count;
    }
    return count;
  };

  router_.Add("PATCH", "/api/v1/users/{id}", [load_colleague, active_admins](Call& call) {
    Body body(call.request, {"role"});
    const auto role = ParseRole(body.Text("role"));
    if (!role || (*role != Role::kOrgAdmin && *role != Role::kMember)) {
      Fail(422, "Invalid role", "an organisation can give only the roles member and org_admin; assessor roles come from the scheme operator");
    }
    Transaction transaction(call.store);
    Must(transaction.begun());
    const User user = load_colleague(call, Action::kUpdate);
    if (user.disabled_at) Fail(409, "User removed", "user " + std::to_string(user.id) + " was removed");
    if (user.role == Role::kAssessor || user.role == Role::kAssociationAdmin || user.role == Role::kHubAdmin) {
      Fail(403, "Forbidden", "this role was given by the scheme operator; ask the operator to change it");
    }
    if (user.role == Role::kOrgAdmin && *role != Role::kOrgAdmin && active_admins(call, user.org_id) <= 1) {
      Fail(409, "Last administrator", "the organisation needs at least one administrator; make someone else org_admin first");
    }
    Must(call.store.UpdateUserRole(user.id, *role));
    Audit(call, "user.role", "user/" + std::to_string(user.id), std::string(RoleName(user.role)) + " -> " + std::string(RoleName(*role)));
    Must(transaction.Commit());
    User changed = user;
    changed.role = *role;
    return JsonResponse(200, UserJson(changed));
  });

  router_.Add("DELETE", "/api/v1/users/{id}", [load_colleague, active_admins](Call& call) {
    Transaction transaction(call.store);
    Must(transaction.begun());
    const User user = load_colleague(call, Action::kRevoke);
    if (user.disabled_at) Fail(409, "User removed", "user " + std::to_string(user.id) + " was already removed");
    if (user.role == Role::kOrgAdmin && active_admins(call, user.org_id) <= 1) {
      Fail(409, "Last administrator", "the organisation needs at least one administrator; make someone else org_admin first");
    }
    const std::string now = call.runtime->clock().UtcNow();
    Must(call.store.DisableUser(user.id, now));
    const int64_t ended = Must(call.store.EndUserCredentials(user.id, now));
    Audit(call, "user.remove", "user/" + std::to_string(user.id), std::to_string(ended) + " sessions and tokens ended");
    Must(transaction.Commit());
    HttpResponse response;
    response.status = 204;
    return response;
  });

  router_.Add("POST", "/api/v1/users/{id}/sign-out", [load_colleague](Call& call) {
    Transaction transaction(call.store);
    Must(transaction.begun());
    const User user = load_colleague(call, Action::kRevoke);
    const int64_t ended = Must(call.store.EndUserCredentials(user.id, call.runtime->clock().UtcNow()));
    Audit(call, "user.sign_out", "user/" + std::to_string(user.id), std::to_string(ended) + " sessions and tokens ended");
    Must(transaction.Commit());
    return JsonResponse(200, json{{"ended", ended}});
  });

  router_.Add("POST", "/api/v1/invitations", [](Call& call) {
    const Principal p = Require(call);
    Body body(call.request, {"email", "role"});
    Check(call, Action::kCreate, ResourceFacts{ResourceKind::kUser, p.org_id});
    const std::string email = FoldEmail(body.Text("email"));
    if (!ValidEmail(email)) Fail(422, "Invalid e-mail", "'" + email + "' is not an e-mail address");
    const auto role = ParseRole(body.Text("role"));
    // Nobody grants trust to itself: roles that certify others come from the operator only.
    if (!role || (*role != Role::kOrgAdmin && *role != Role::kMember)) {
      Fail(422, "Invalid role", "invite as member or org_admin; assessor roles are given by the scheme operator only");
    }
    const std::string token = NewToken("hsi_");
    Invitation invitation{Sha256Hex(token), p.org_id, email, *role, p.user_id, call.runtime->clock().UtcNow(), call.runtime->clock().UtcNow(7 * 86400), std::nullopt};
    Transaction transaction(call.store);
    Must(transaction.begun());
    Must(call.store.AddInvitation(invitation));
    Audit(call, "invitation.create", "organisation/" + std::to_string(p.org_id), email + " as " + std::string(RoleName(*role)));
    Must(transaction.Commit());
    return JsonResponse(201, json{{"token", token}, {"email", email}, {"role", RoleName(*role)},
                                  {"expires_at", invitation.expires_at},
                                  {"note", "the token is shown only once; send it to the invited person"}});
  });

  router_.Add("POST", "/api/v1/invitations/accept", [start_session, hash_password](Call& call) {
    Body body(call.request, {"token", "display_name", "password"});
    const std::string hash = Sha256Hex(body.Text("token"));
    const std::string password = body.Text("password");
    Must(CheckPasswordStrength(password), 422, "Weak password");
    const auto invitation = Must(call.store.FindInvitation(hash));
    if (!invitation || invitation->accepted_at || invitation->expires_at <= call.runtime->clock().UtcNow()) {
      Fail(404, "Invitation not valid", "the invitation is unknown, used or expired; ask for a new one");
    }
    const std::string password_hash = hash_password(password);
    Transaction transaction(call.store);
    Must(transaction.begun());
    Must(call.store.MarkInvitationAccepted(hash, call.runtime->clock().UtcNow()), 404, "Invitation not valid");
    const User user = Must(call.store.AddUser(User{0, invitation->org_id, invitation->email, body.Text("display_name"),
                                                   invitation->role, password_hash, "", std::nullopt}),
                           409, "Registration not possible");
    call.principal = Principal{user.id, user.org_id, user.role};
    HttpResponse response;
    const std::string csrf = start_session(call, user, response);
    Audit(call, "invitation.accept", "user/" + std::to_string(user.id));
    Must(transaction.Commit());
    HttpResponse created = JsonResponse(201, json{{"user", UserJson(user)}, {"csrf_token", csrf}});
    created.headers = response.headers;
    return created;
  });

  // API tokens: made only from a signed-in session (a token cannot mint tokens), with a
  // scope no wider than "write" (the user's own rights) and an expiry of at most a year.
  router_.Add("POST", "/api/v1/tokens", [this](Call& call) {
    const Principal p = Require(call);
    Body body(call.request, {"name", "scope", "expires_in_days"});
    Check(call, Action::kCreate, ResourceFacts{ResourceKind::kApiToken, p.org_id, p.user_id});
    if (call.token_scope) Fail(403, "Forbidden", "an API token cannot create tokens; sign in to create one");
    const std::string scope = body.OptText("scope").value_or("write");
    if (scope != "read" && scope != "write") Fail(422, "Invalid scope", "scope must be read or write");
    const int64_t days = body.OptInt("expires_in_days").value_or(options_.token_days_default);
    if (days < 1 || days > options_.token_days_max) {
      Fail(422, "Invalid expiry", "expires_in_days must be 1 to " + std::to_string(options_.token_days_max));
    }
    const std::string token = NewToken("hst_");
    ApiToken record{0, Sha256Hex(token), p.user_id, p.org_id, body.Text("name"), call.runtime->clock().UtcNow(), std::nullopt,
                    call.runtime->clock().UtcNow(days * 86400), scope};
    Transaction transaction(call.store);
    Must(transaction.begun());
    const int64_t id = Must(call.store.AddApiToken(record));
    Audit(call, "token.create", "api_token/" + std::to_string(id), scope + ", expires " + *record.expires_at);
    Must(transaction.Commit());
    return JsonResponse(201, json{{"id", id}, {"name", record.name}, {"token", token}, {"scope", scope},
                                  {"expires_at", *record.expires_at},
                                  {"note", "the token is shown only once; store it safely"}});
  });

  router_.Add("GET", "/api/v1/tokens", [](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kApiToken, p.org_id, p.user_id});
    json tokens = json::array();
    for (const ApiToken& t : Must(call.store.ListApiTokens(p.user_id))) {
      tokens.push_back(json{{"id", t.id}, {"name", t.name}, {"created_at", t.created_at}, {"scope", t.scope},
                            {"expires_at", TokenExpiry(t)},
                            {"revoked_at", t.revoked_at ? json(*t.revoked_at) : json(nullptr)}});
    }
    return JsonResponse(200, json{{"tokens", tokens}});
  });

  router_.Add("DELETE", "/api/v1/tokens/{id}", [](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRevoke, ResourceFacts{ResourceKind::kApiToken, p.org_id, p.user_id});
    const int64_t id = IdParam(call.params, "id");
    Transaction transaction(call.store);
    Must(transaction.begun());
    if (!Must(call.store.RevokeApiToken(id, p.user_id, call.runtime->clock().UtcNow()))) Fail(404, "Not found", "you have no active token " + std::to_string(id));
    Audit(call, "token.revoke", "api_token/" + std::to_string(id));
    Must(transaction.Commit());
    HttpResponse response;
    response.status = 204;
    return response;
  });

  // --- organisations and catalog -----------------------------------------------------------
  router_.Add("GET", "/api/v1/organisations/{corporate_number}", [](Call& call) {
    Require(call);
    const auto number = CorporateNumber::Parse(call.params.at("corporate_number"));
    if (!number) Fail(422, "Invalid corporate number", number.error().message);
    const auto organisation = Must(call.store.FindOrganisation(*number));
    if (!organisation) Fail(404, "Not found", "no organisation with corporate number " + number->digits());
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kOrganisation, (*organisation).id});
    return JsonResponse(200, OrganisationJson(*organisation));
  });

  router_.Add("GET", "/api/v1/catalog/frameworks", [this](Call& call) {
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kCatalog});
    json list = json::array();
    for (const auto& [id, f] : catalog_.frameworks()) {
      list.push_back(json{{"id", id}, {"name", TextJson(f->name)}, {"version", f->version},
                          {"assessable", f->assessable().size()}});
    }
    return JsonResponse(200, json{{"frameworks", list}});
  });

  router_.Add("GET", "/api/v1/catalog/frameworks/{id}", [this](Call& call) {
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kCatalog});
    const Framework* framework = catalog_.FindFramework(call.params.at("id"));
    if (!framework) Fail(404, "Not found", "no framework '" + call.params.at("id") + "'");
    return JsonResponse(200, FrameworkJson(*framework));
  });

  router_.Add("GET", "/api/v1/audit", [](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kAuditLog, p.org_id});
    json entries = json::array();
    Must(call.store.ForEachAuditEntry([&](const AuditEntry& e) {
      if (p.role != Role::kHubAdmin && e.org_id != p.org_id) return;
      entries.push_back(json{{"seq", e.seq}, {"at", e.at}, {"actor_user_id", e.actor_user_id ? json(*e.actor_user_id) : json(nullptr)},
                             {"org_id", e.org_id ? json(*e.org_id) : json(nullptr)}, {"action", e.action},
                             {"resource", e.resource}, {"detail", e.detail}, {"hash", e.hash}});
    }));
    return JsonResponse(200, json{{"entries", entries}});
  });
}

}  // namespace hoshitori::api
