#include "api/router.h"

namespace hoshitori::api {

namespace {
std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}
}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler)});
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  const auto segments = Segments(path);
  for (const Route& route : routes_) {
    const auto pattern = Segments(route.pattern);
    if (pattern.size() != segments.size()) continue;
    PathParams params;
    bool ok = true;
    for (size_t i = 0; i < pattern.size() && ok; ++i) {
      if (pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}') {
        if (segments[i].empty()) ok = false;
        params[pattern[i].substr(1, pattern[i].size() - 2)] = segments[i];
      } else {
        ok = pattern[i] == segments[i];
      }
    }
    if (!ok) continue;
    match.path_known = true;
    if (route.method == method) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
  }
  return match;
}

}  // namespace hoshitori::api
