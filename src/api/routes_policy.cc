// Routes of /api/v1/policy: HTTP adapters over service::PolicyService (the buyer's own
// requirement rules on top of the default decision flow).
#include "api/api_app.h"
#include "api/handler_support.h"
#include "service/policy_service.h"

namespace hoshitori::api {

namespace {

json PolicyJson(const service::PolicyView& view) {
  json out{{"default_rules", std::string(RequirementPolicy::DefaultText())},
           {"rules", view.own ? view.own->rules : ""}};
  out["updated_at"] = view.own ? json(view.own->updated_at) : json(nullptr);
  return out;
}

}  // namespace

void ApiApp::AddPolicyRoutes() {
  router_.Add("GET", "/api/v1/policy", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(200, PolicyJson(Unwrap(service::PolicyService(context).Get())));
  });

  router_.Add("PUT", "/api/v1/policy", [](Call& call) {
    auto context = call.Context();
    service::PolicyService policies(context);
    Unwrap(policies.MayChange());  // authorised before the body is read
    Body body(call.request, {"rules"});
    const std::string rules = body.Text("rules");
    if (rules.size() > service::PolicyService::kMaxRulesBytes) {
      Fail(413, "Policy too long", "a policy is at most 64 KiB of rules");
    }
    return JsonResponse(200, PolicyJson(Unwrap(policies.Put(rules))));
  });
}

}  // namespace hoshitori::api
