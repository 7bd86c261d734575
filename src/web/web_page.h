// Internal to the web module: one request being rendered, and small helpers shared by the
// page files (web_app.cc, web_buyer.cc).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/http.h"
#include "service/chain_service.h"
#include "service/change_report.h"
#include "service/context.h"
#include "web/multipart.h"
#include "web/web_app.h"

namespace hoshitori::web {

inline constexpr const char* kLangCookie = "hoshitori_lang";
inline constexpr const char* kCsrfCookie = "hoshitori_csrf";
inline constexpr const char* kSessionCookie = "hoshitori_session";

struct WebApp::Page {
  explicit Page(api::HttpRequest& r) : request(r) {}

  api::HttpRequest& request;
  std::string lang = "ja";
  std::map<std::string, std::string> form;  // decoded form fields of a POST
  std::optional<FormPart> upload;           // the file of a multipart/form-data POST (field "file")
  nlohmann::json me;                        // {"user", "organisation"} as GET /api/v1/me, or null when signed out
  service::Actor actor;                     // who the page acts for (no principal when signed out)
  std::string csrf;                         // the hoshitori_csrf cookie
  nlohmann::json problem;                   // a failed change to show on the page rendered next
  std::string nav;                          // which menu entry is current
  int64_t unread_notifications = 0;         // the signed-in user's unread inbox entries
  std::vector<std::pair<std::string, std::string>> headers;  // added to the response

  std::string Query(const std::string& key) const {
    const auto found = request.query.find(key);
    return found == request.query.end() ? "" : found->second;
  }
  std::string Field(const std::string& key) const {
    const auto found = form.find(key);
    return found == form.end() ? "" : found->second;
  }
  bool signed_in() const { return !me.is_null(); }
  int64_t org_id() const { return signed_in() ? me["organisation"].value("id", int64_t{0}) : 0; }
};

// A 303 redirect to `location` (a local path).
api::HttpResponse Redirect(const std::string& location);

// The problem+json body of a failed API call as {"title", "detail"}; empty object when the
// response is not a problem.
nlohmann::json ProblemOf(const api::HttpResponse& response);

// The response body as JSON (null when it is not JSON).
nlohmann::json BodyJson(const api::HttpResponse& response);

// `text` percent-encoded for a query string.
std::string UrlEncode(std::string_view text);

// The localized half of a bilingual API text "english / 日本語" (split at the last " / ").
std::string PickLanguage(const std::string& text, const std::string& lang);

// The half of a bilingual error text ("english / 日本語" or "日本語 / english") in `lang`; a
// text in one language only is kept for English pages and, for Japanese pages, kept only when
// it has Japanese in it ("" otherwise: no developer English on a Japanese page).
std::string DetailForPage(const std::string& text, const std::string& lang);

// {"ja": ..., "en": ...} → the text in `lang` (Japanese when English is missing).
std::string Localized(const nlohmann::json& text, const std::string& lang);

// "★★☆☆☆"-style stars for `star` (0..5).
std::string Stars(int star);

// True when `text` is a plausible numeric id (digits only, not empty, not huge).
bool IsId(const std::string& text);

// A failed API call for a template: {"message", "detail"}, the message localized where the
// web knows the problem, the detail the API's own words.
nlohmann::json ProblemForPage(const TemplateSet& templates, const std::string& lang,
                              const api::HttpResponse& response);
// The same for a use case's error.
nlohmann::json ProblemForPage(const TemplateSet& templates, const std::string& lang, const Error& error);

template <typename UseCase>
auto WebApp::AsUser(Page& page, UseCase&& use_case) {
  service::Runtime::Lease lease(runtime_);
  service::Context context = runtime_.MakeContext(lease.store(), page.actor);
  const service::ChangeReport report(runtime_, context);
  return use_case(context);
}

}  // namespace hoshitori::web
