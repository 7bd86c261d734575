// Router: maps a method and a path such as /api/v1/assessments/12 to a handler, using
// templates such as /api/v1/assessments/{id}. Immutable after setup; thread-safe to use.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/http.h"

namespace hoshitori::api {

using PathParams = std::map<std::string, std::string>;
struct Call;  // one request being handled (api_app.h)
using Handler = std::function<HttpResponse(Call&)>;

struct Route {
  std::string method;
  std::string pattern;  // e.g. /api/v1/assessments/{id}
  Handler handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);

  struct Match {
    const Route* route = nullptr;
    PathParams params;
    bool path_known = false;  // some route has this path (for 405 instead of 404)
  };
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace hoshitori::api
