// Routes of accounts (/api/v1/signup, login, logout, me, users, invitations, tokens),
// organisations (their profile; their location over service::OrganisationLocationService), the
// catalog and the audit log: HTTP adapters over service::AccountService. They parse bodies, set
// and clear the session cookie, hand out the CSRF token in the body and choose 200/201/204; the
// rules live in the services.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "api/views.h"
#include "service/account_service.h"
#include "service/organisation_location_service.h"

namespace hoshitori::api {

namespace {

std::string SessionCookie(const std::string& token, int64_t seconds, bool secure) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(seconds) +
         (secure ? "; Secure" : "");
}

HttpResponse NoContent() {
  HttpResponse response;
  response.status = 204;
  return response;
}

}  // namespace

void ApiApp::AddAccountRoutes() {
  // The answer of a use case that signed someone in: the body, the CSRF token in it, and the
  // session cookie.
  const auto signed_in = [this](int status, json body, const service::StartedSession& session) {
    body["user"] = UserJson(session.user);
    body["csrf_token"] = session.csrf_token;
    HttpResponse response = JsonResponse(status, body);
    response.headers.emplace_back("Set-Cookie", SessionCookie(session.cookie_token, session.seconds,
                                                              options_.secure_cookies));
    return response;
  };

  router_.Add("POST", "/api/v1/signup", [this, signed_in](Call& call) {
    Body body(call.request, {"corporate_number", "name", "industry", "employees", "capital_yen",
                             "email", "display_name", "password"});
    const service::SignupInput input{body.Text("corporate_number"), body.Text("name"),
                                     body.Text("industry"),         body.OptInt("employees"),
                                     body.OptInt("capital_yen"),    body.Text("email"),
                                     body.Text("display_name"),     body.Text("password")};
    auto context = call.Context();
    const auto signed_up = Unwrap(service::AccountService(context, runtime_).SignUp(input));
    return signed_in(201, json{{"organisation", OrganisationJson(signed_up.organisation)}},
                     signed_up.session);
  });

  router_.Add("POST", "/api/v1/login", [this, signed_in](Call& call) {
    Body body(call.request, {"email", "password"});
    const std::string email = body.Text("email");
    const std::string password = body.Text("password");
    auto context = call.Context();
    return signed_in(200, json::object(),
                     Unwrap(service::AccountService(context, runtime_).SignIn(email, password)));
  });

  // Ends this session; with {"everywhere": true} every session and API token of the user.
  router_.Add("POST", "/api/v1/logout", [this](Call& call) {
    Require(call);
    bool everywhere = false;
    if (!call.request.body.empty())
      everywhere = Body(call.request, {"everywhere"}).Flag("everywhere");
    auto context = call.Context();
    Unwrap(service::AccountService(context, runtime_).SignOut(everywhere));
    HttpResponse response = NoContent();
    response.headers.emplace_back("Set-Cookie", SessionCookie("", 0, options_.secure_cookies));
    return response;
  });

  router_.Add("GET", "/api/v1/me", [this](Call& call) {
    auto context = call.Context();
    const auto me = Unwrap(service::AccountService(context, runtime_).GetMe());
    return JsonResponse(
        200, json{{"user", UserJson(me.user)},
                  {"organisation",
                   me.organisation ? OrganisationJson(*me.organisation) : json(nullptr)}});
  });

  router_.Add("GET", "/api/v1/users", [this](Call& call) {
    auto context = call.Context();
    json users = json::array();
    for (const User& u : Unwrap(service::AccountService(context, runtime_).ListUsers()))
      users.push_back(UserJson(u));
    return JsonResponse(200, json{{"users", users}});
  });

  // Offboarding by an org admin: change a colleague's role between member and org_admin,
  // remove a colleague, or sign a colleague out everywhere.
  router_.Add("PATCH", "/api/v1/users/{id}", [this](Call& call) {
    Body body(call.request, {"role"});
    const std::string role = body.Text("role");
    auto context = call.Context();
    return JsonResponse(200, UserJson(Unwrap(service::AccountService(context, runtime_)
                                                 .ChangeRole(IdParam(call.params, "id"), role))));
  });

  router_.Add("DELETE", "/api/v1/users/{id}", [this](Call& call) {
    auto context = call.Context();
    Unwrap(service::AccountService(context, runtime_).RemoveUser(IdParam(call.params, "id")));
    return NoContent();
  });

  router_.Add("POST", "/api/v1/users/{id}/sign-out", [this](Call& call) {
    auto context = call.Context();
    const int64_t ended =
        Unwrap(service::AccountService(context, runtime_).SignOutUser(IdParam(call.params, "id")));
    return JsonResponse(200, json{{"ended", ended}});
  });

  router_.Add("POST", "/api/v1/invitations", [this](Call& call) {
    Require(call);
    Body body(call.request, {"email", "role"});
    auto context = call.Context();
    const auto created = Unwrap(
        service::AccountService(context, runtime_).Invite(body.Text("email"), body.Text("role")));
    return JsonResponse(
        201, json{{"token", created.token},
                  {"email", created.invitation.email},
                  {"role", RoleName(created.invitation.role)},
                  {"expires_at", created.invitation.expires_at},
                  {"note", "the token is shown only once; send it to the invited person"}});
  });

  router_.Add("POST", "/api/v1/invitations/accept", [this, signed_in](Call& call) {
    Body body(call.request, {"token", "display_name", "password"});
    const std::string token = body.Text("token");
    const std::string password = body.Text("password");
    const std::string display_name = body.Text("display_name");
    auto context = call.Context();
    return signed_in(201, json::object(),
                     Unwrap(service::AccountService(context, runtime_)
                                .AcceptInvitation(token, display_name, password)));
  });

  // API tokens: made only from a signed-in session (a token cannot mint tokens), with a
  // scope no wider than "write" (the user's own rights) and an expiry of at most a year.
  router_.Add("POST", "/api/v1/tokens", [this](Call& call) {
    Require(call);
    Body body(call.request, {"name", "scope", "expires_in_days"});
    const service::TokenInput input{body.Text("name"), body.OptText("scope"),
                                    body.OptInt("expires_in_days")};
    auto context = call.Context();
    const auto created = Unwrap(service::AccountService(context, runtime_).CreateToken(input));
    return JsonResponse(201, json{{"id", created.record.id},
                                  {"name", created.record.name},
                                  {"token", created.token},
                                  {"scope", created.record.scope},
                                  {"expires_at", *created.record.expires_at},
                                  {"note", "the token is shown only once; store it safely"}});
  });

  router_.Add("GET", "/api/v1/tokens", [this](Call& call) {
    auto context = call.Context();
    json tokens = json::array();
    for (const ApiToken& t : Unwrap(service::AccountService(context, runtime_).ListTokens())) {
      tokens.push_back(json{{"id", t.id},
                            {"name", t.name},
                            {"created_at", t.created_at},
                            {"scope", t.scope},
                            {"expires_at", TokenExpiry(t)},
                            {"revoked_at", t.revoked_at ? json(*t.revoked_at) : json(nullptr)}});
    }
    return JsonResponse(200, json{{"tokens", tokens}});
  });

  router_.Add("DELETE", "/api/v1/tokens/{id}", [this](Call& call) {
    Require(call);
    auto context = call.Context();
    Unwrap(service::AccountService(context, runtime_).RevokeToken(IdParam(call.params, "id")));
    return NoContent();
  });

  router_.Add("GET", "/api/v1/organisations/{corporate_number}", [this](Call& call) {
    auto context = call.Context();
    return JsonResponse(
        200, OrganisationJson(Unwrap(service::AccountService(context, runtime_)
                                         .FindOrganisation(call.params.at("corporate_number")))));
  });

  // Where the organisation is (its prefecture and the region derived from it): its members
  // read it, its admins set and clear it.
  const auto location_json = [](const service::OrganisationLocation& l) {
    const auto name = [](const std::string& ja, const std::string& en) {
      return ja.empty() ? json(nullptr) : json{{"ja", ja}, {"en", en}};
    };
    json prefecture = nullptr;
    if (l.prefecture) {
      prefecture = json{{"code", *l.prefecture}, {"name", name(l.prefecture_ja, l.prefecture_en)}};
    }
    return json{{"org_id", l.org_id},
                {"prefecture", prefecture},
                {"region", name(l.region_ja, l.region_en)},
                {"set_by", l.set_by ? json(*l.set_by) : json(nullptr)},
                {"set_at", l.set_at ? json(*l.set_at) : json(nullptr)}};
  };
  router_.Add("GET", "/api/v1/organisations/{id}/location", [location_json](Call& call) {
    Require(call);
    auto context = call.Context();
    return JsonResponse(200, location_json(Unwrap(service::OrganisationLocationService(context).Get(
                                 IdParam(call.params, "id")))));
  });
  router_.Add("PUT", "/api/v1/organisations/{id}/location", [location_json](Call& call) {
    Require(call);
    Body body(call.request, {"prefecture"});
    const std::string prefecture = body.Text("prefecture");
    auto context = call.Context();
    return JsonResponse(200, location_json(Unwrap(service::OrganisationLocationService(context).Set(
                                 IdParam(call.params, "id"), prefecture))));
  });
  router_.Add("DELETE", "/api/v1/organisations/{id}/location", [location_json](Call& call) {
    Require(call);
    auto context = call.Context();
    return JsonResponse(
        200, location_json(Unwrap(
                 service::OrganisationLocationService(context).Clear(IdParam(call.params, "id")))));
  });

  router_.Add("GET", "/api/v1/audit", [this](Call& call) {
    auto context = call.Context();
    json entries = json::array();
    for (const AuditEntry& e : Unwrap(service::AccountService(context, runtime_).AuditLog())) {
      entries.push_back(
          json{{"seq", e.seq},
               {"at", e.at},
               {"actor_user_id", e.actor_user_id ? json(*e.actor_user_id) : json(nullptr)},
               {"org_id", e.org_id ? json(*e.org_id) : json(nullptr)},
               {"action", e.action},
               {"resource", e.resource},
               {"detail", e.detail},
               {"hash", e.hash}});
    }
    return JsonResponse(200, json{{"entries", entries}});
  });

  // The catalog is public reference data: read through the one authorisation step, no
  // service state.
  router_.Add("GET", "/api/v1/catalog/frameworks", [this](Call& call) {
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kCatalog});
    json list = json::array();
    for (const auto& [id, f] : catalog_.frameworks()) {
      list.push_back(json{{"id", id},
                          {"name", TextJson(f->name)},
                          {"version", f->version},
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
}

}  // namespace hoshitori::api
