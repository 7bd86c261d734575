// Routes of /api/v1/shares and /api/v1/requests: HTTP adapters over service::SharingService.
// They parse bodies, call the service and write the JSON views; the rules live in the service.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "api/chain_json.h"
#include "service/sharing_service.h"

namespace hoshitori::api {

namespace {

json ShareJson(const service::ShareView& view) {
  const Share& s = view.share;
  json out{{"id", s.id},
           {"supplier", PartyJson(view.supplier)},
           {"buyer", PartyJson(view.buyer)},
           {"assessment_id", s.assessment_id},
           {"supplier_org_id", s.org_id},
           {"buyer_org_id", s.buyer_org_id},
           {"detail", s.detail == ShareDetail::kDetails ? "details" : "level"},
           {"created_at", s.created_at},
           {"active", view.active}};
  out["expires_at"] = s.expires_at ? json(*s.expires_at) : json(nullptr);
  out["revoked_at"] = s.revoked_at ? json(*s.revoked_at) : json(nullptr);
  out["request_id"] = s.request_id ? json(*s.request_id) : json(nullptr);
  return out;
}

json RequestJson(const service::RequestView& view) {
  const AssessmentRequest& r = view.request;
  json out{{"id", r.id},
           {"buyer", PartyJson(view.buyer)},
           {"supplier", PartyJson(view.supplier)},
           {"buyer_org_id", r.org_id},
           {"supplier_org_id", r.supplier_org_id},
           {"framework", r.framework_id},
           {"message", r.message},
           {"status", r.status},
           {"created_at", r.created_at}};
  out["required_star"] = r.required_star ? json(*r.required_star) : json(nullptr);
  out["share_id"] = r.share_id ? json(*r.share_id) : json(nullptr);
  out["deadline"] = view.deadline ? json(*view.deadline) : json(nullptr);
  return out;
}

}  // namespace

void ApiApp::AddSharingRoutes() {
  // 201 with the new share; 200 with the existing one when an equal active share exists.
  router_.Add("POST", "/api/v1/shares", [](Call& call) {
    Require(call);
    Body body(call.request,
              {"assessment_id", "buyer_corporate_number", "detail", "expires_at", "request_id"});
    const auto assessment_id = body.OptInt("assessment_id");
    if (!assessment_id) Fail(400, "Missing field", "field \"assessment_id\" is required");
    auto context = call.Context();
    service::SharingService sharing(context);
    service::ShareInput input;
    input.assessment_id = *assessment_id;
    try {
      input.buyer_corporate_number = body.Text("buyer_corporate_number");
      input.detail = body.OptText("detail").value_or("level");
      input.expires_on = body.OptText("expires_at");
      input.request_id = body.OptInt("request_id");
    } catch (const ApiProblem&) {
      // A malformed body is reported only to a caller who may share the assessment; Grant
      // authorises first on its own, inside its transaction.
      Unwrap(sharing.OpenToShare(*assessment_id));
      throw;
    }
    const auto granted = Unwrap(sharing.Grant(input));
    return JsonResponse(granted.created ? 201 : 200, ShareJson(granted.view));
  });

  router_.Add("GET", "/api/v1/shares", [](Call& call) {
    auto context = call.Context();
    const auto shares = Unwrap(service::SharingService(context).List());
    json granted = json::array(), received = json::array();
    for (const auto& view : shares.granted) granted.push_back(ShareJson(view));
    for (const auto& view : shares.received) received.push_back(ShareJson(view));
    return JsonResponse(200, json{{"granted", granted}, {"received", received}});
  });

  router_.Add("DELETE", "/api/v1/shares/{id}", [](Call& call) {
    Require(call);
    const int64_t id = IdParam(call.params, "id");
    auto context = call.Context();
    Unwrap(service::SharingService(context).Revoke(id));
    HttpResponse response;
    response.status = 204;
    return response;
  });

  router_.Add("POST", "/api/v1/requests", [](Call& call) {
    Require(call);
    Body body(call.request,
              {"supplier_corporate_number", "framework", "required_star", "message", "deadline"});
    service::RequestInput input;
    input.supplier_corporate_number = body.Text("supplier_corporate_number");
    input.framework_id = body.Text("framework");
    input.required_star = body.OptInt("required_star");
    input.message = body.OptText("message").value_or("");
    input.deadline = body.OptText("deadline");
    auto context = call.Context();
    return JsonResponse(201, RequestJson(Unwrap(service::SharingService(context).Ask(input))));
  });

  // One request to each supplier named (issue 15's bulk requests); 200 with what was sent and
  // the requests still open that were not repeated.
  router_.Add("POST", "/api/v1/requests/bulk", [](Call& call) {
    Require(call);
    Body body(call.request,
              {"supplier_corporate_numbers", "framework", "required_star", "message", "deadline"});
    service::BulkRequestInput input;
    const json& numbers = body.raw().value("supplier_corporate_numbers", json());
    if (!numbers.is_array()) {
      Fail(400, "Missing field", "field \"supplier_corporate_numbers\" must be an array");
    }
    for (const json& number : numbers) {
      if (!number.is_string()) {
        Fail(400, "Wrong type", "supplier_corporate_numbers must hold strings");
      }
      input.supplier_corporate_numbers.push_back(number.get<std::string>());
    }
    input.framework_id = body.Text("framework");
    input.required_star = body.OptInt("required_star");
    input.message = body.OptText("message").value_or("");
    input.deadline = body.OptText("deadline");
    auto context = call.Context();
    const auto outcome = Unwrap(service::SharingService(context).AskMany(input));
    json sent = json::array(), open = json::array();
    for (const auto& view : outcome.sent) sent.push_back(RequestJson(view));
    for (const auto& view : outcome.already_open) open.push_back(RequestJson(view));
    return JsonResponse(200, json{{"sent", sent}, {"already_open", open}});
  });

  router_.Add("GET", "/api/v1/requests", [](Call& call) {
    auto context = call.Context();
    json list = json::array();
    for (const auto& view : Unwrap(service::SharingService(context).Requests())) {
      list.push_back(RequestJson(view));
    }
    return JsonResponse(200, json{{"requests", list}});
  });
}

}  // namespace hoshitori::api
