// What every route handler of the API uses: failing with a problem+json answer, closed
// JSON bodies, path ids, and the authorization, sign-in and audit steps. Internal to
// src/api (the handlers of api_app.cc and the routes_*.cc files).
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <regex>
#include <string>

#include "api/api_app.h"
#include "service/audit.h"
#include "service/authorization.h"
#include "core/error_kind.h"
#include "core/json_limits.h"
#include "core/utf8.h"

namespace hoshitori::api {

using nlohmann::json;

// The cookie that carries a browser's session (set at sign-in, read by Authenticate).
inline constexpr const char* kSessionCookie = "hoshitori_session";

// Thrown inside handlers and turned into problem+json by ApiApp::Handle (the boundary).
struct ApiProblem {
  int status;
  std::string title;
  std::string detail;
  std::vector<std::pair<std::string, std::string>> headers = {};  // e.g. Retry-After
};
[[noreturn]] inline void Fail(int status, std::string title, std::string detail) {
  throw ApiProblem{status, std::move(title), std::move(detail)};
}
template <typename T>
T Must(Result<T> result, int status = 500, const char* title = "Storage error") {
  if (!result) Fail(status, title, result.error().message);
  return std::move(result).value();
}
inline void Must(const Status& status, int code = 500, const char* title = "Storage error") {
  if (!status) Fail(code, title, status.error().message);
}

// The problem+json answer of a use case's error: status and default title by its kind
// (core/error_kind.h, the one mapping), Retry-After for rate limits.
[[noreturn]] inline void FailWith(const Error& error) {
  const ErrorKindAnswer answer = AnswerFor(error.kind);
  ApiProblem problem{answer.http_status,
                     error.title.empty() ? std::string(error.kind == ErrorKind::kInternal ? "Storage error"
                                                                                           : answer.default_title)
                                         : error.title,
                     error.message};
  if (error.kind == ErrorKind::kRateLimited) {
    problem.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  }
  throw problem;
}
// The value of a use case's result, or its error answered as problem+json.
template <typename T>
T Unwrap(Result<T> result) {
  if (!result) FailWith(result.error());
  return std::move(result).value();
}
inline void Unwrap(const Status& status) {
  if (!status) FailWith(status.error());
}

// Limits on every JSON request body (docs/security.md, "Input limits"). Bodies are at most
// 1 MiB (ServerOptions::body_limit) and nest at most kMaxJsonDepth (64) levels. Every
// string anywhere in a body is at most as long as the limit of the member that holds it
// (strings inside an array count for the array's member), in characters (Unicode code
// points, so a Japanese name gets as many characters as an English one); every array has
// at most kMaxArrayItems items. A member not in kFieldLimits gets kDefaultFieldCharacters:
// identifiers, codes, dates, roles and short names fit in it. A new free-text field needs
// an entry here and a line in docs/security.md.
struct FieldLimit {
  std::string_view field;
  size_t max_characters;
};
inline constexpr size_t kDefaultFieldCharacters = 200;
inline constexpr FieldLimit kFieldLimits[] = {
    {"email", 254},        // RFC 5321's longest usable address
    {"password", 1024},    // long passphrases, not megabytes of hashing input
    {"name", 200},         {"display_name", 200},
    {"message", 4000},     {"comment", 4000},  {"scope", 4000},
    {"evidence", 1000},    // one evidence reference (a URL or a file name)
    {"rules", 64 * 1024},  // a buyer's requirement policy
    // An incident report's free text and indicator lines (service/incident_service.h).
    {"what_happened", 8000}, {"affected_systems", 2000}, {"affected_data", 2000},
    {"actions_taken", 4000}, {"indicators", 2048},
};
inline constexpr size_t kMaxArrayItems = 5000;

inline size_t MaxFieldCharacters(std::string_view field) {
  for (const FieldLimit& limit : kFieldLimits) {
    if (limit.field == field) return limit.max_characters;
  }
  return kDefaultFieldCharacters;
}

namespace body_limits {
// Fails with 422 naming the field and the limit when a string or an array of `value` (held
// by member `field`) is too long. Recursion is bounded by the depth check done before.
inline void CheckLengths(const json& value, const std::string& field) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    const size_t limit = MaxFieldCharacters(field);
    if (text.size() > limit && Utf8Length(text) > limit) {
      Fail(422, "Field too long", "field \"" + field + "\" is longer than " + std::to_string(limit) + " characters");
    }
  } else if (value.is_array()) {
    if (value.size() > kMaxArrayItems) {
      Fail(422, "Too many items", "field \"" + field + "\" has more than " + std::to_string(kMaxArrayItems) + " items");
    }
    for (const json& item : value) CheckLengths(item, field);
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (key.size() > kDefaultFieldCharacters) {
        Fail(422, "Field too long", "a field name is longer than " + std::to_string(kDefaultFieldCharacters) + " characters");
      }
      CheckLengths(member, key);
    }
  }
}
}  // namespace body_limits

// A JSON request body with a closed set of fields, checked against the limits above before
// anything else reads it (so a handler may dump, copy or walk raw() safely).
class Body {
 public:
  Body(const HttpRequest& request, std::initializer_list<std::string_view> allowed) {
    const auto type = request.Header("content-type");
    if (type.substr(0, 16) != "application/json") {
      Fail(415, "Unsupported media type", "send the body as application/json");
    }
    if (JsonNestingDepth(request.body) > kMaxJsonDepth) {
      Fail(400, "JSON nested too deep",
           "the body is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels of arrays and objects");
    }
    value_ = json::parse(request.body, nullptr, false);
    if (value_.is_discarded()) {
      Fail(400, "Malformed JSON", "the body is not valid JSON (check quotes, commas and UTF-8 encoding)");
    }
    if (!value_.is_object()) Fail(400, "Malformed JSON", "the body must be a JSON object");
    for (const auto& [key, unused] : value_.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        Fail(400, "Unknown field", "unknown field \"" + (key.size() > 64 ? key.substr(0, 64) + "..." : key) + "\"");
      }
    }
    body_limits::CheckLengths(value_, "");
  }
  bool Has(const char* key) const { return value_.contains(key) && !value_[key].is_null(); }
  std::string Text(const char* key) const {
    if (!Has(key)) Fail(400, "Missing field", "field \"" + std::string(key) + "\" is required");
    if (!value_[key].is_string()) Fail(400, "Wrong type", "field \"" + std::string(key) + "\" must be a string");
    return value_[key].get<std::string>();
  }
  std::optional<std::string> OptText(const char* key) const {
    if (!Has(key)) return std::nullopt;
    return Text(key);
  }
  std::optional<int64_t> OptInt(const char* key) const {
    if (!Has(key)) return std::nullopt;
    if (!value_[key].is_number_integer()) Fail(400, "Wrong type", "field \"" + std::string(key) + "\" must be a whole number");
    return value_[key].get<int64_t>();
  }
  bool Flag(const char* key) const {
    if (!Has(key)) return false;
    if (!value_[key].is_boolean()) Fail(400, "Wrong type", "field \"" + std::string(key) + "\" must be true or false");
    return value_[key].get<bool>();
  }
  const json& raw() const { return value_; }

 private:
  json value_;
};

inline int64_t IdParam(const PathParams& params, const char* name) {
  const std::string& text = params.at(name);
  int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || id > 1'000'000'000'000LL) Fail(404, "Not found", "'" + text + "' is not an id");
    id = id * 10 + (c - '0');
  }
  if (id <= 0) Fail(404, "Not found", "'" + text + "' is not an id");
  return id;
}

inline bool ValidEmail(const std::string& email) {
  static const std::regex pattern(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
  return email.size() <= 254 && std::regex_match(email, pattern);
}

inline Principal Require(const Call& call) {
  if (!call.principal) Fail(401, "Sign in required", "sign in, or send an API token as 'Authorization: Bearer ...'");
  return *call.principal;
}

inline void Check(const Call& call, Action action, const ResourceFacts& facts, int status_when_denied = 403) {
  const Decision decision = Authorize(call.principal, action, facts);
  if (!decision.allowed) {
    if (!call.principal) Fail(401, "Sign in required", std::string(decision.reason));
    Fail(status_when_denied, status_when_denied == 404 ? "Not found" : "Forbidden", std::string(decision.reason));
  }
}

inline void Audit(Call& call, std::string action, std::string resource, std::string detail = "") {
  Must(AppendAudit(call.store, AuditEvent{call.principal ? std::optional<int64_t>(call.principal->user_id) : std::nullopt,
                                          call.principal ? std::optional<int64_t>(call.principal->org_id) : std::nullopt,
                                          std::move(action), std::move(resource), std::move(detail)}));
}

// The strongest active share of `assessment_id` to `org_id`, if any.
inline std::optional<ShareDetail> SharedWith(Store& store, int64_t assessment_id, int64_t org_id) {
  std::optional<ShareDetail> best;
  const std::string now = UtcNow();
  for (const Share& share : Must(store.ListSharesOfAssessment(assessment_id))) {
    if (share.buyer_org_id != org_id || !share.ActiveAt(now)) continue;
    if (!best || share.detail == ShareDetail::kDetails) best = share.detail;
  }
  return best;
}


}  // namespace hoshitori::api
