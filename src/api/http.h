// Transport-neutral HTTP request and response values, and the problem+json error shape.
#pragma once

#include "core/query_parameter.h"
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace hoshitori::api {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query string
  std::map<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;

  // The first header named `name` (lower case), or "".
  std::string_view Header(std::string_view name) const;
  // The value of cookie `name`, or "".
  std::string Cookie(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

HttpResponse JsonResponse(int status, const nlohmann::json& body);
// RFC 9457 problem details: {"type", "title", "status", "detail"}.
HttpResponse ProblemResponse(int status, std::string_view title, std::string_view detail);

using hoshitori::IntQueryParameter;  // core/query_parameter.h

// Splits "/a/b?x=1&y=2" into path and decoded query parameters. Returns false when the
// target is malformed: not starting with '/', bad percent-encoding, a decoded path or
// query that is not UTF-8, or a decoded path holding a control character (U+0000..U+001F,
// U+007F; query values may hold line ends and tabs, as form fields do).
bool SplitTarget(std::string_view target, std::string& path, std::map<std::string, std::string>& query);

}  // namespace hoshitori::api
