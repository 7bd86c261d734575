#include "api/router.h"

#include <string_view>

namespace hoshitori::api {

namespace {

// Whether `path` fits `pattern` segment by segment ("{name}" takes any non-empty segment); when
// it does and `params` is given, the parameters are copied into it. Works on views, so the
// routes that do not match (most of them, on every request) cost no allocation.
bool Fits(std::string_view pattern, std::string_view path, PathParams* params) {
  size_t at_pattern = 1, at_path = 1;
  for (;;) {
    const bool pattern_done = at_pattern > pattern.size();
    const bool path_done = at_path > path.size();
    if (pattern_done || path_done) return pattern_done && path_done;
    size_t pattern_end = pattern.find('/', at_pattern);
    if (pattern_end == std::string_view::npos) pattern_end = pattern.size();
    size_t path_end = path.find('/', at_path);
    if (path_end == std::string_view::npos) path_end = path.size();
    const std::string_view want = pattern.substr(at_pattern, pattern_end - at_pattern);
    const std::string_view got = path.substr(at_path, path_end - at_path);
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (got.empty()) return false;
      if (params) (*params)[std::string(want.substr(1, want.size() - 2))] = std::string(got);
    } else if (want != got) {
      return false;
    }
    at_pattern = pattern_end + 1;
    at_path = path_end + 1;
  }
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler)});
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  for (const Route& route : routes_) {
    if (!Fits(route.pattern, path, nullptr)) continue;
    match.path_known = true;
    if (route.method == method) {
      match.route = &route;
      Fits(route.pattern, path, &match.params);
      return match;
    }
  }
  return match;
}

}  // namespace hoshitori::api
