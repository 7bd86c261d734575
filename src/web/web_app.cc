// The web application's plumbing (language, sessions, CSRF, calling the API, layout) and
// the account pages. The supplier journey is in web_supplier.cc, the buyer's list and
// exports in web_buyer.cc, policy and supply-chain views in web_chain.cc.
#include "web/web_app.h"

#include <algorithm>
#include <cstdio>

#include "api/views.h"
#include "core/error_kind.h"
#include "core/japanese_text.h"
#include "service/account_service.h"
#include "service/assessor_service.h"
#include "service/inbox_service.h"
#include "service/organisation_location_service.h"
#include "service/relationship_service.h"
#include "service/security.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpRequest;
using api::HttpResponse;
using nlohmann::json;

// ---------------------------------------------------------------------------------------
// Helpers shared with web_buyer.cc (declared in web_page.h).

HttpResponse Redirect(const std::string& location) {
  HttpResponse response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  return response;
}

json BodyJson(const HttpResponse& response) {
  if (response.content_type.find("json") == std::string::npos) return nullptr;
  json parsed = json::parse(response.body, nullptr, false);
  return parsed.is_discarded() ? json(nullptr) : parsed;
}

json ProblemOf(const HttpResponse& response) {
  if (response.content_type != "application/problem+json") return json::object();
  json body = BodyJson(response);
  if (!body.is_object()) return json::object();
  return json{{"title", body.value("title", "")}, {"detail", body.value("detail", "")}};
}

std::string UrlEncode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string PickLanguage(const std::string& text, const std::string& lang) {
  const size_t split = text.rfind(" / ");
  if (split == std::string::npos) return text;
  return lang == "en" ? text.substr(0, split) : text.substr(split + 3);
}

namespace {
bool HasNonAscii(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
}
}  // namespace

std::string DetailForPage(const std::string& text, const std::string& lang) {
  std::string out = text;
  const size_t split = text.rfind(" / ");
  if (split != std::string::npos) {
    std::string first = text.substr(0, split), second = text.substr(split + 3);
    // Most texts are "english / 日本語"; some put Japanese first. The Japanese half is the
    // one with Japanese characters in it.
    if (HasNonAscii(first) && !HasNonAscii(second)) std::swap(first, second);
    out = lang == "en" ? first : second;
  }
  if (lang == "ja" && !HasNonAscii(out)) return "";
  return out;
}

std::string Localized(const json& text, const std::string& lang) {
  if (text.is_string()) return text.get<std::string>();
  if (!text.is_object()) return "";
  const std::string wanted = text.value(lang, "");
  return wanted.empty() ? text.value("ja", "") : wanted;
}

bool IsId(const std::string& text) {
  return !text.empty() && text.size() < 13 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Stars(int star) {
  std::string out;
  for (int i = 1; i <= 5; ++i) out += i <= star ? "★" : "☆";
  return out;
}

// ---------------------------------------------------------------------------------------

namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const std::string part =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!part.empty()) out.push_back(part);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

// A page of this site to return to after sign-in: a path under one of the application's own
// sections, made only of letters, digits and - _ . / ? = & %; anything else (another site,
// "//host", "/\\host", control characters, "..") gives "/".
std::string SafeNext(const std::string& next) {
  static const char* const kSections[] = {"assessments", "shares", "suppliers", "policy", "chain",
                                          "relationships", "team", "assessors", "operator",
                                          "products", "product-versions", "deliveries", "exposure",
                                          "customers-affected", "inbox", "groups"};
  if (next.size() < 2 || next.size() > 512 || next[0] != '/') return "/";
  for (char c : next) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("-_./?=&%").find(c) != std::string_view::npos;
    if (!plain) return "/";
  }
  if (next.find("//") != std::string::npos || next.find("..") != std::string::npos) return "/";
  const std::string_view section = std::string_view(next).substr(1, next.find_first_of("/?", 1) - 1);
  for (const char* allowed : kSections) {
    if (section == allowed) return next;
  }
  return "/";
}

std::string CookieHeader(const std::string& name, const std::string& value, int64_t max_age,
                         bool http_only, bool secure, const char* same_site = "Strict") {
  return name + "=" + value + "; Path=/; SameSite=" + same_site +
         "; Max-Age=" + std::to_string(max_age) + (http_only ? "; HttpOnly" : "") +
         (secure ? "; Secure" : "");
}

// Shown instead of the API's English detail where the web has a message of its own.
std::string ProblemMessageKey(const std::string& title) {
  static const std::map<std::string, std::string> keys = {
      {"Sign-in failed", "error_signin_failed"},
      {"Too many attempts", "error_too_many_attempts"},
      {"Invalid organisation", "error_invalid_organisation"},
      {"Invalid corporate number", "error_invalid_corporate_number"},
      {"Weak password", "error_weak_password"},
      {"Invalid e-mail", "error_invalid_email"},
      {"Registration not possible", "error_registration_not_possible"},
      {"Changed meanwhile", "error_changed_meanwhile"},
      {"Busy", "error_busy"},
      {"Last administrator", "error_last_admin"},
      {"Invalid role", "error_invalid_role"},
      {"Unknown buyer", "error_unknown_buyer"},
      {"Unknown supplier", "error_unknown_supplier"},
      {"Same organisation", "error_same_organisation"},
      {"Not submitted", "error_not_submitted"},
      {"Invalid date", "error_invalid_date"},
      {"Forbidden", "error_forbidden"},
      {"CSRF check failed", "error_csrf"},
      {"Invitation not valid", "error_invitation"},
  };
  const auto found = keys.find(title);
  return found == keys.end() ? "" : found->second;
}

}  // namespace

// ---------------------------------------------------------------------------------------

WebApp::WebApp(api::ApiApp& api, WebOptions options, std::shared_ptr<const TemplateSet> templates)
    : api_(api), runtime_(api.runtime()), options_(std::move(options)), templates_(std::move(templates)) {}

Result<std::unique_ptr<WebApp>> WebApp::Create(api::ApiApp& api, WebOptions options) {
  auto templates = TemplateSet::Load(options.web_dir);
  if (!templates) return templates.error();
  for (const char* required : {"layout", "error"}) {
    if (!(*templates)->HasTemplate(required))
      return MakeError(options.web_dir + "/templates/" + required + ".mustache is missing");
  }
  return std::unique_ptr<WebApp>(new WebApp(api, std::move(options), std::move(templates).value()));
}

bool WebApp::IsApiPath(std::string_view path) {
  return path == "/healthz" || path == "/metrics" || path == "/api" || path.substr(0, 5) == "/api/" ||
         path == "/.well-known/jwks.json" || path.substr(0, 8) == "/status/" ||
         path == "/taxii2" || path.substr(0, 8) == "/taxii2/";
}

const json& WebApp::Framework(Page& /*page*/, const std::string& id) {
  static const json kNone;
  {
    std::lock_guard lock(frameworks_mutex_);
    const auto found = frameworks_.find(id);
    if (found != frameworks_.end()) return found->second;
  }
  const hoshitori::Framework* found = runtime_.catalog().FindFramework(id);
  if (!found) return kNone;
  json framework = api::FrameworkJson(*found);
  std::lock_guard lock(frameworks_mutex_);
  // std::map never moves its entries, so the reference handed out stays valid.
  return frameworks_.emplace(id, std::move(framework)).first->second;
}

HttpResponse WebApp::Handle(HttpRequest& request) {
  Page page{request};
  HttpResponse response;
  try {
    const auto asked = request.query.find("lang");
    if (asked != request.query.end() && (asked->second == "ja" || asked->second == "en")) {
      page.lang = asked->second;
      page.headers.emplace_back("Set-Cookie", CookieHeader(kLangCookie, page.lang, 365 * 86400,
                                                           false, options_.secure_cookies, "Lax"));
    } else {
      page.lang = request.Cookie(kLangCookie) == "en" ? "en" : "ja";
    }
    page.csrf = request.Cookie(kCsrfCookie);
    if (request.method == "POST" && request.Header("content-type").starts_with("multipart/form-data")) {
      // A form with a file (evidence): its other fields are the form's, the file the upload.
      for (FormPart& part : ParseMultipartForm(request.Header("content-type"), request.body).value_or(std::vector<FormPart>{})) {
        if (part.name == "file" && !page.upload) page.upload = std::move(part);
        else if (part.filename.empty()) page.form[part.name] = std::string(part.data);
      }
    } else if (request.method == "POST") {
      std::string ignored;
      if (!api::SplitTarget("/?" + request.body, ignored, page.form)) page.form.clear();
    }
    response = Route(page);
  } catch (const std::exception&) {
    json context{{"title", templates_->Message(page.lang, "error_internal_title")},
                 {"message", templates_->Message(page.lang, "error_internal")}};
    response = Render(page, "error", context, 500);
  }
  for (auto& header : page.headers) response.headers.push_back(std::move(header));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "same-origin");
  if (response.content_type.rfind("text/html", 0) == 0) {
    response.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    response.headers.emplace_back("Cache-Control", "no-store");
  }
  return response;
}

HttpResponse WebApp::Route(Page& page) {
  // HEAD is answered like GET; Render leaves the body out.
  const std::string method = page.request.method == "HEAD" ? "GET" : page.request.method;
  const std::vector<std::string> parts = Segments(page.request.path);
  const size_t n = parts.size();
  auto is = [&](std::initializer_list<const char*> expected) {
    if (expected.size() != n) return false;
    size_t i = 0;
    for (const char* e : expected) {
      if (std::string_view(e) != "*" && parts[i] != e) return false;
      if (std::string_view(e) == "*" && !IsId(parts[i])) return false;
      ++i;
    }
    return true;
  };

  if (n == 2 && parts[0] == "static" && method == "GET") {
    const StaticAsset* asset = templates_->Asset(parts[1]);
    if (!asset) return NotFound(page);
    HttpResponse response;
    response.content_type = asset->content_type;
    response.body = asset->body;
    response.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return response;
  }
  if (method != "GET" && method != "POST") {
    HttpResponse response =
        Render(page, "error",
               json{{"title", templates_->Message(page.lang, "error_method_title")},
                    {"message", templates_->Message(page.lang, "error_method")}},
               405);
    response.headers.emplace_back("Allow", "GET, POST");
    return response;
  }
  // Forms that start a session carry a token of their own (login CSRF): the form is given
  // one in a cookie with the page, and a POST without the matching one is refused.
  const bool opens_session = is({"login"}) || is({"signup"}) || is({"invitations", "accept"});
  if (opens_session) {
    if (page.csrf.empty() && method == "GET") {
      page.csrf = service::NewToken("");
      page.headers.emplace_back("Set-Cookie", CookieHeader(kCsrfCookie, page.csrf, 8 * 3600, true, options_.secure_cookies));
    }
    const std::string sent = page.Field("csrf");
    if (method == "POST" && (page.csrf.empty() || sent.empty() || !service::SecretEquals(sent, page.csrf))) {
      return Render(page, "error",
                    json{{"title", templates_->Message(page.lang, "error_csrf_title")},
                         {"message", templates_->Message(page.lang, "error_login_expired")}},
                    403);
    }
  }
  if (method == "POST" && !opens_session) {
    const std::string sent = page.Field("csrf");
    if (page.csrf.empty() || sent != page.csrf) {
      return Render(page, "error",
                    json{{"title", templates_->Message(page.lang, "error_csrf_title")},
                         {"message", templates_->Message(page.lang, "error_csrf")}},
                    403);
    }
  }
  if (const std::string cookie = page.request.Cookie(kSessionCookie); !cookie.empty()) {
    service::Runtime::Lease lease(runtime_);
    const auto credential = runtime_.FindSession(lease.store(), cookie);
    if (!credential) throw std::runtime_error("the store cannot be read");
    if (*credential) {
      const User& user = (*credential)->user;
      // A change must come from this session's own pages: the form's token is the session's.
      if (method == "POST" && !opens_session && !service::SecretEquals(page.csrf, (*credential)->csrf_token)) {
        return Render(page, "error",
                      json{{"title", templates_->Message(page.lang, "error_csrf_title")},
                           {"message", templates_->Message(page.lang, "error_csrf")}},
                      403);
      }
      page.actor = service::Actor{service::Principal{user.id, user.org_id, user.role}, user,
                                  page.request.remote_address, false, false, service::Sha256Hex(cookie)};
      const Organisation* organisation = runtime_.chain().FindOrganisation(lease.store(), user.org_id);
      page.me = json{{"user", json{{"id", user.id}, {"org_id", user.org_id}, {"email", user.email},
                                   {"display_name", user.display_name}, {"role", RoleName(user.role)},
                                   {"created_at", user.created_at},
                                   {"disabled_at", user.disabled_at ? json(*user.disabled_at) : json(nullptr)}}},
                     {"organisation", organisation ? api::OrganisationJson(*organisation) : json(nullptr)}};
      // The navigation's badge, read on the connection already leased (a hint: none on error).
      service::Context inbox = runtime_.MakeContext(lease.store(), page.actor);
      const Result<int64_t> unread = service::InboxService(inbox).UnreadCount();
      page.unread_notifications = unread ? *unread : 0;
    }
  }

  if (is({})) return Home(page);
  if (is({"login"})) return Login(page);
  if (is({"logout"}) && method == "POST") return Logout(page);
  if (is({"signup"})) return Signup(page);
  if (is({"invitations", "accept"})) return AcceptInvitation(page);
  if (n == 2 && parts[0] == "verify" && method == "GET") return VerifyPage(page, parts[1]);
  if (n == 1 && parts[0] == "registry" && method == "GET") return RegistryPage(page);

  // Everything below needs a signed-in user.
  if (!page.signed_in()) {
    if (method != "GET") return Redirect("/login");
    std::string target = page.request.path;
    return Redirect("/login?next=" + UrlEncode(target));
  }
  if (n >= 1 && parts[0] == "inbox") return Inbox(page, parts);
  if (n >= 1 && parts[0] == "incidents") return IncidentPages(page, parts);
  if (n >= 1 && parts[0] == "groups") return GroupPages(page, parts);
  if (n >= 1 && parts[0] == "tokens") return TokenPages(page, parts);
  if (auto bulk = BuyerBulkPages(page, parts)) return std::move(*bulk);
  if (is({"team"})) return Team(page);
  if (is({"assessments"})) return Assessments(page);
  if (is({"assessments", "*"}) && method == "GET") return ResultPage(page, parts[1], false);
  if (is({"assessments", "*", "answer"})) return AnswerCategory(page, parts[1]);
  if (is({"assessments", "*", "submit"})) return Submit(page, parts[1]);
  if (is({"shares"})) return Shares(page);
  if (is({"shares", "*", "revoke"}) && method == "POST") return RevokeShare(page, parts[1]);
  if (is({"suppliers"}) && method == "GET") return Suppliers(page);
  if (n == 2 && parts[0] == "suppliers" && parts[1] == "export.csv" && method == "GET")
    return ExportSuppliers(page, false);
  if (n == 2 && parts[0] == "suppliers" && parts[1] == "export.xlsx" && method == "GET")
    return ExportSuppliers(page, true);
  if (n >= 2 && parts[n - 1] == "report.pdf" && method == "GET") return ReportPdf(page, parts);
  if (is({"suppliers", "*"}) && method == "GET") return ResultPage(page, parts[1], true);
  if (is({"requests"}) && method == "POST") return SendRequest(page);
  if (is({"policy"})) return Policy(page);
  if (is({"chain"}) && method == "GET") return Chain(page);
  if (is({"exposure"}) && method == "GET") return ExposurePage(page, false, page.Query("format"));
  if (is({"customers-affected"}) && method == "GET") return ExposurePage(page, true, page.Query("format"));
  if (is({"relationships"})) return Relationships(page);
  if ((is({"assessors"}) || is({"operator", "assessors"})) && method == "GET") return Assessors(page, n == 2);
  if (is({"review"}) || is({"review", "*"})) return Review(page, n == 2 ? parts[1] : "");
  if (is({"assessments", "*", "evidence"}) && method == "POST") return UploadEvidence(page, parts[1]);
  if (parts[0] == "products" || parts[0] == "product-versions" || parts[0] == "deliveries")
    return ProductPages(page, parts);
  return NotFound(page);
}

HttpResponse WebApp::Render(Page& page, const std::string& name, json context, int status) {
  const std::string& lang = page.lang;
  const std::string other = lang == "ja" ? "en" : "ja";
  // The current address with the other language.
  std::string switch_url = page.request.path + "?";
  for (const auto& [key, value] : page.request.query) {
    if (key != "lang" && key != "done") switch_url += UrlEncode(key) + "=" + UrlEncode(value) + "&";
  }
  switch_url += "lang=" + other;
  context["lang"] = lang;
  context["csrf"] = page.csrf;
  context["signed_in"] = page.signed_in();
  if (page.signed_in()) {
    context["me"] = page.me;
  }
  if (!context.contains("values")) {
    json values = json::object();
    for (const auto& [key, value] : page.form) {
      if (key != "password" && key != "csrf") values[key] = value;
    }
    context["values"] = values;
  }
  if (!page.problem.is_null() && !context.contains("problem")) context["problem"] = page.problem;
  if (context.contains("problem") && status == 200) status = 422;
  // Whatever page set it, a problem's detail is shown in the page's language only: on a
  // Japanese page an English-only developer text is left out (the message says what to do).
  for (const char* key : {"", "problem", "blast_problem"}) {
    if (!*key && name != "error") continue;  // the error page's own detail
    json& problem = *key ? context[key] : context;
    if (!problem.is_object()) {
      if (problem.is_null()) context.erase(key);
      continue;
    }
    if (problem.contains("detail") && problem["detail"].is_string()) {
      const std::string detail = DetailForPage(problem["detail"].get<std::string>(), lang);
      if (detail.empty()) {
        problem.erase("detail");
      } else {
        problem["detail"] = detail;
      }
    }
  }
  const std::string done = page.Query("done");
  if (!done.empty() && !context.contains("notice")) {
    const std::string key = "done_" + done;
    const std::string& text = templates_->Message(lang, key);
    if (text != key) context["notice"] = text;
  }
  const std::string body = templates_->Render(name, context, lang);
  json layout{{"lang", lang},
              {"other_lang", other},
              {"switch_url", switch_url},
              {"title", context.value("title", "")},
              {"body", body},
              {"signed_in", page.signed_in()},
              {"csrf", page.csrf},
              {"nav", json{{page.nav.empty() ? "none" : page.nav, true}}}};
  if (page.signed_in()) {
    layout["me"] = page.me;
    if (page.unread_notifications > 0) layout["unread"] = page.unread_notifications;
  }
  HttpResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  if (page.request.method != "HEAD") response.body = templates_->Render("layout", layout, lang);
  return response;
}

HttpResponse WebApp::NotFound(Page& page) {
  return Render(page, "error",
                json{{"title", templates_->Message(page.lang, "error_not_found_title")},
                     {"message", templates_->Message(page.lang, "error_not_found")}},
                404);
}

json ProblemForPage(const TemplateSet& templates, const std::string& lang, const Error& error) {
  const std::string title = error.title.empty() ? std::string(AnswerFor(error.kind).default_title) : error.title;
  std::string key = ProblemMessageKey(title);
  if (title == "Invalid organisation" && error.message.find("corporate number") != std::string::npos) {
    key = "error_invalid_corporate_number";
  }
  json out{{"detail", error.message}};
  out["message"] = key.empty() ? templates.Message(lang, "error_generic") : templates.Message(lang, key);
  return out;
}

json ProblemForPage(const TemplateSet& templates, const std::string& lang,
                    const HttpResponse& response) {
  const json problem = ProblemOf(response);
  const std::string title = problem.value("title", "");
  std::string key = ProblemMessageKey(title);
  if (title == "Invalid organisation" &&
      problem.value("detail", "").find("corporate number") != std::string::npos) {
    key = "error_invalid_corporate_number";
  }
  json out{{"detail", problem.value("detail", "")}};
  out["message"] =
      key.empty() ? templates.Message(lang, "error_generic") : templates.Message(lang, key);
  if (out["detail"] == "") out["detail"] = "HTTP " + std::to_string(response.status);
  return out;
}

// ---------------------------------------------------------------------------------------
// Accounts.

HttpResponse WebApp::Home(Page& page) {
  if (!page.signed_in()) {
    page.nav = "home";
    return Render(page, "home", json{{"title", templates_->Message(page.lang, "home_title")}});
  }
  // Role-aware landing: an organisation that has declared suppliers works as a buyer and
  // starts on its supplier list; every other starts on its own self-assessments (the menu
  // reaches both).
  const auto relationships =
      AsUser(page, [](service::Context& c) { return service::RelationshipService(c).List(); });
  const bool buyer =
      relationships && std::any_of(relationships->begin(), relationships->end(),
                                   [](const service::RelationshipEntry& r) { return r.as_buyer; });
  return buyer ? Suppliers(page) : Assessments(page);
}

template <typename UseCase>
auto WebApp::SignedOut(Page& page, UseCase&& use_case) {
  service::Runtime::Lease lease(runtime_);
  service::Actor actor;
  actor.address = page.request.remote_address;
  service::Context context = runtime_.MakeContext(lease.store(), std::move(actor));
  const service::ChangeReport report(runtime_, context);
  service::AccountService accounts(context, runtime_);
  return use_case(accounts);
}

HttpResponse WebApp::Login(Page& page) {
  page.nav = "login";
  json context{{"title", templates_->Message(page.lang, "login_title")},
               {"next", SafeNext(page.Query("next"))}};
  if (page.request.method != "POST") return Render(page, "login", context);
  // Sign in without the browser's old session: signing in needs no CSRF token of a session.
  const auto session = SignedOut(page, [&](service::AccountService& accounts) {
    return accounts.SignIn(page.Field("email"), page.Field("password"));
  });
  context["next"] = SafeNext(page.Field("next"));
  if (!session) {
    context["problem"] = ProblemForPage(*templates_, page.lang, session.error());
    return Render(page, "login", context,
                  session.error().kind == ErrorKind::kRateLimited ? 429 : 401);
  }
  return SignedIn(*session, context["next"].get<std::string>());
}

HttpResponse WebApp::SignedIn(const service::StartedSession& session, const std::string& location) {
  HttpResponse redirect = Redirect(location);
  redirect.headers.emplace_back(
      "Set-Cookie", CookieHeader(kSessionCookie, session.cookie_token, session.seconds, true,
                                 options_.secure_cookies));
  redirect.headers.emplace_back(
      "Set-Cookie",
      CookieHeader(kCsrfCookie, session.csrf_token, 8 * 3600, true, options_.secure_cookies));
  return redirect;
}

HttpResponse WebApp::Logout(Page& page) {
  const bool everywhere = page.Field("everywhere") == "1";
  const auto ended = AsUser(page, [&](service::Context& c) {
    return service::AccountService(c, runtime_).SignOut(everywhere);
  });
  HttpResponse redirect =
      Redirect(everywhere ? "/?done=signed_out_everywhere" : "/?done=signed_out");
  if (ended) {
    redirect.headers.emplace_back(
        "Set-Cookie", CookieHeader(kSessionCookie, "", 0, true, options_.secure_cookies));
  }
  redirect.headers.emplace_back("Set-Cookie",
                                CookieHeader(kCsrfCookie, "", 0, true, options_.secure_cookies));
  return redirect;
}

HttpResponse WebApp::Signup(Page& page) {
  page.nav = "signup";
  json industries = json::array();
  const std::string chosen = page.Field("industry");
  for (char c = 'A'; c <= 'T'; ++c) {
    const std::string code(1, c);
    industries.push_back(json{{"code", code},
                              {"name", templates_->Message(page.lang, "industry_" + code)},
                              {"selected", code == chosen}});
  }
  json context{{"title", templates_->Message(page.lang, "signup_title")},
               {"industries", industries}};
  if (page.request.method != "POST") return Render(page, "signup", context);

  service::SignupInput input{page.Field("corporate_number"),
                             page.Field("name"),
                             page.Field("industry"),
                             std::nullopt,
                             std::nullopt,
                             page.Field("email"),
                             page.Field("display_name"),
                             page.Field("password")};
  for (const char* number : {"employees", "capital_yen"}) {
    // Full-width digits from an IME count as digits; so do digit-group commas ("1,000").
    std::string text = NormaliseDigits(page.Field(number));
    std::erase(text, ',');
    if (text.empty()) continue;
    if (text.size() > 15 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      context["problem"] = json{{"message", templates_->Message(page.lang, "error_whole_number")},
                                {"detail", number}};
      return Render(page, "signup", context, 422);
    }
    (std::string_view(number) == "employees" ? input.employees : input.capital_yen) =
        std::stoll(text);
  }
  const auto signed_up =
      SignedOut(page, [&](service::AccountService& accounts) { return accounts.SignUp(input); });
  if (!signed_up) {
    context["problem"] = ProblemForPage(*templates_, page.lang, signed_up.error());
    return Render(page, "signup", context, 422);
  }
  return SignedIn(signed_up->session, "/?done=signed_up");
}

HttpResponse WebApp::AcceptInvitation(Page& page) {
  json context{
      {"title", templates_->Message(page.lang, "accept_title")},
      {"token", page.request.method != "POST" ? page.Query("token") : page.Field("token")}};
  if (page.request.method != "POST") return Render(page, "accept", context);
  const auto session = SignedOut(page, [&](service::AccountService& accounts) {
    return accounts.AcceptInvitation(page.Field("token"), page.Field("display_name"),
                                     page.Field("password"));
  });
  if (!session) {
    context["problem"] = ProblemForPage(*templates_, page.lang, session.error());
    return Render(page, "accept", context, 422);
  }
  return SignedIn(*session, "/?done=joined");
}

HttpResponse WebApp::Team(Page& page) {
  page.nav = "team";
  json context{{"title", templates_->Message(page.lang, "team_title")}};
  json roles = json::array();
  // An organisation gives only these roles; assessors are accredited by the operator.
  for (const char* role : {"member", "org_admin"}) {
    roles.push_back(json{{"id", role},
                         {"name", templates_->Message(page.lang, std::string("role_") + role)},
                         {"selected", page.Field("role") == role}});
  }
  context["roles"] = roles;
  if (page.request.method == "POST") {
    const std::string action = page.Field("action");
    const std::string user_id = page.Field("user_id");
    if (action == "location" || action == "location_clear") {
      const int64_t org_id = page.actor.principal ? page.actor.principal->org_id : 0;
      const Status changed = AsUser(page, [&](service::Context& c) -> Status {
        service::OrganisationLocationService locations(c);
        auto done = action == "location" ? locations.Set(org_id, page.Field("prefecture"))
                                         : locations.Clear(org_id);
        if (!done) return done.error();
        return OkStatus();
      });
      if (changed) {
        return Redirect(action == "location" ? "/team?done=team_location_saved"
                                             : "/team?done=team_location_cleared");
      }
      context["problem"] = ProblemForPage(*templates_, page.lang, changed.error());
    } else if (action == "role" || action == "remove" || action == "sign_out") {
      if (!IsId(user_id)) return NotFound(page);
      const int64_t id = std::stoll(user_id);
      const Status changed = AsUser(page, [&](service::Context& c) -> Status {
        service::AccountService accounts(c, runtime_);
        if (action == "role") {
          if (auto changed_role = accounts.ChangeRole(id, page.Field("role")); !changed_role)
            return changed_role.error();
        } else if (auto ended =
                       action == "remove" ? accounts.RemoveUser(id) : accounts.SignOutUser(id);
                   !ended) {
          return ended.error();
        }
        return OkStatus();
      });
      if (changed) return Redirect("/team?done=team_changed");
      context["problem"] = ProblemForPage(*templates_, page.lang, changed.error());
    } else {
      const auto invited = AsUser(page, [&](service::Context& c) {
        return service::AccountService(c, runtime_).Invite(page.Field("email"), page.Field("role"));
      });
      if (invited) {
        context["invited"] =
            json{{"email", invited->invitation.email},
                 {"link", "/invitations/accept?token=" + UrlEncode(invited->token)},
                 {"expires_at", invited->invitation.expires_at}};
        context["values"] = json::object();
      } else {
        context["problem"] = ProblemForPage(*templates_, page.lang, invited.error());
      }
    }
  }
  const auto users = AsUser(
      page, [&](service::Context& c) { return service::AccountService(c, runtime_).ListUsers(); });
  const bool admin = page.actor.principal && page.actor.principal->role == Role::kOrgAdmin;
  json list = json::array();
  if (users) {
    for (const User& listed : *users) {
      json user = api::UserJson(listed);
      const std::string role(RoleName(listed.role));
      user["role_name"] = templates_->Message(page.lang, "role_" + role);
      user["removed"] = listed.disabled_at.has_value();
      user["can_manage"] = admin;
      user["changeable"] = role == "member" || role == "org_admin";
      user["other_role"] = role == "member" ? "org_admin" : "member";
      user["other_role_label"] =
          templates_->Message(page.lang, role == "member" ? "team_make_admin" : "team_make_member");
      user["csrf"] = page.csrf;
      list.push_back(user);
    }
    context["can_invite"] = admin;
    context["can_manage"] = admin;
  }
  context["users"] = list;
  // Where the organisation is: members read it, admins choose the prefecture.
  const bool en = page.lang == "en";
  const auto location = AsUser(page, [&](service::Context& c) {
    return service::OrganisationLocationService(c).Get(
        page.actor.principal ? page.actor.principal->org_id : 0);
  });
  if (location) {
    const std::string chosen = page.request.method == "POST" && page.Field("action") == "location"
                                   ? page.Field("prefecture")
                                   : location->prefecture.value_or("");
    json prefectures = json::array();
    for (const service::Prefecture& p : service::Prefectures()) {
      prefectures.push_back(json{{"code", p.code},
                                 {"name", en ? p.en : p.ja},
                                 {"selected", chosen == p.code}});
    }
    context["location"] =
        json{{"recorded", location->prefecture.has_value()},
             {"prefecture", en ? location->prefecture_en : location->prefecture_ja},
             {"region", en ? location->region_en : location->region_ja},
             {"prefectures", prefectures},
             {"can_set", admin}};
  }
  return Render(page, "team", context);
}

}  // namespace hoshitori::web
