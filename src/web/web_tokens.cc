// The API token page (/tokens), an adapter over service::AccountService's tokens: the user's
// tokens (name, scope, made, expiry, revoked), a form to make one and Revoke. A TAXII client
// or a script authenticates with such a token (Authorization: Bearer ...).
//
//   GET  /tokens                 the list and the form
//   POST /tokens                 makes a token and shows its secret once, on this answer only
//                                (never stored, never in a redirect's address; no-store)
//   POST /tokens/{id}/revoke     revokes one of the user's tokens
//
// The service decides who may do what (a token cannot mint tokens; pages are sessions).
#include "core/japanese_text.h"
#include "service/account_service.h"
#include "service/runtime.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

HttpResponse WebApp::TokenPages(Page& page, const std::vector<std::string>& parts) {
  page.nav = "tokens";
  const std::string& lang = page.lang;
  const auto msg = [&](const std::string& key) { return templates_->Message(lang, key); };
  const std::string method = page.request.method == "HEAD" ? "GET" : page.request.method;
  const size_t n = parts.size();

  // The list and the form; `created` the token just made (its secret shown once).
  const auto list_page = [&](int status, const json& created) {
    auto tokens = AsUser(page, [&](service::Context& c) {
      return service::AccountService(c, runtime_).ListTokens();
    });
    if (!tokens) throw std::runtime_error(tokens.error().message);
    const std::string now = runtime_.clock().UtcNow();
    json rows = json::array();
    for (const ApiToken& t : *tokens) {
      const std::string expires = service::TokenExpiry(t);
      const bool active = !t.revoked_at && (expires.empty() || expires > now);
      std::string state = t.revoked_at ? msg("tokens_state_revoked")
                          : active     ? msg("tokens_state_active")
                                       : msg("tokens_state_expired");
      rows.push_back(json{{"id", t.id},
                          {"name", t.name},
                          {"scope", msg("tokens_scope_" + t.scope)},
                          {"created_on", t.created_at.substr(0, 10)},
                          {"expires_on", expires.substr(0, 10)},
                          {"state", state},
                          {"active", active}});
    }
    const std::string scope = page.Field("scope") == "write" ? "write" : "read";
    std::string days_help = msg("tokens_days_help");
    if (const size_t at = days_help.find("{max}"); at != std::string::npos) {
      days_help.replace(at, 5, std::to_string(runtime_.options().token_days_max));
    }
    return Render(page, "tokens",
                  json{{"title", msg("tokens_title")},
                       {"tokens", rows},
                       {"has_tokens", !rows.empty()},
                       {"created", created},
                       {"has_created", !created.is_null()},
                       {"read_selected", scope == "read"},
                       {"write_selected", scope == "write"},
                       {"days_help", days_help},
                       {"days", page.Field("expires_in_days").empty()
                                    ? std::to_string(runtime_.options().token_days_default)
                                    : page.Field("expires_in_days")}},
                  status);
  };

  if (n == 1 && method == "GET") return list_page(200, nullptr);
  if (n == 1 && method == "POST") {
    service::TokenInput input;
    input.name = page.Field("name");
    input.scope = page.Field("scope");
    const std::string days = NormaliseDigits(page.Field("expires_in_days"));
    if (!days.empty()) {
      if (days.size() > 6 || days.find_first_not_of("0123456789") != std::string::npos) {
        page.problem = json{{"message", msg("tokens_problem_days")}};
        return list_page(422, nullptr);
      }
      input.expires_in_days = std::stoll(days);
    }
    auto created = AsUser(page, [&](service::Context& c) {
      return service::AccountService(c, runtime_).CreateToken(input);
    });
    if (!created) {
      json problem = ProblemForPage(*templates_, lang, created.error());
      problem["message"] = msg("tokens_problem_create");
      page.problem = problem;
      return list_page(422, nullptr);
    }
    return list_page(201, json{{"name", created->record.name},
                               {"token", created->token},
                               {"scope", msg("tokens_scope_" + created->record.scope)},
                               {"expires_on", created->record.expires_at->substr(0, 10)}});
  }
  if (n == 3 && IsId(parts[1]) && parts[2] == "revoke" && method == "POST") {
    const int64_t id = std::stoll(parts[1]);
    const Status revoked = AsUser(page, [&](service::Context& c) {
      return service::AccountService(c, runtime_).RevokeToken(id);
    });
    if (revoked) return Redirect("/tokens?done=tokens_revoked");
    if (revoked.error().kind == ErrorKind::kNotFound) return NotFound(page);
    json problem = ProblemForPage(*templates_, lang, revoked.error());
    problem["message"] = msg("tokens_problem_revoke");
    page.problem = problem;
    return list_page(422, nullptr);
  }
  return NotFound(page);
}

}  // namespace hoshitori::web
