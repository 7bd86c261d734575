// Routes of engagements (/api/v1/engagements, /api/v1/assessments/{id}/engagement): HTTP
// adapters over service::EngagementService. A positive conclusion goes through
// AssessmentService::Confirm or Verify, as POST /api/v1/assessments/{id}/confirm does.
#include "api/api_app.h"
#include "api/chain_json.h"
#include "api/handler_support.h"
#include "api/views.h"
#include "service/assessment_service.h"
#include "service/engagement_service.h"

namespace hoshitori::api {

namespace {

json NullableText(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}
json NullableId(const std::optional<int64_t>& id) { return id ? json(*id) : json(nullptr); }

json FindingJson(const StoredFinding& f) {
  return json{{"criterion", f.criterion},
              {"version", f.version},
              {"verdict", f.verdict},
              {"comment", f.comment},
              {"recorded_by", f.recorded_by},
              {"recorded_at", f.recorded_at},
              {"reply", NullableText(f.reply)},
              {"replied_by", NullableId(f.replied_by)},
              {"replied_at", NullableText(f.replied_at)}};
}

json EngagementJson(const service::EngagementView& view, bool with_findings) {
  const StoredEngagement& e = view.engagement;
  json out{{"id", e.id},
           {"assessment_id", e.assessment_id},
           {"framework", view.framework_id},
           {"assessment_status", view.assessment_status},
           {"supplier", PartyJson(view.supplier)},
           {"assessor", PartyJson(view.assessor)},
           {"state", e.state},
           {"reason", e.reason},
           {"requested_at", e.requested_at},
           {"decided_at", NullableText(e.decided_at)},
           {"concluded_at", NullableText(e.concluded_at)}};
  if (with_findings) {
    json findings = json::array();
    for (const StoredFinding& f : view.findings) findings.push_back(FindingJson(f));
    out["findings"] = std::move(findings);
    out["open_requests"] = view.open_requests;
    out["answered_requests"] = view.answered_requests;
    out["ready_to_conclude"] = view.ready_to_conclude;
  }
  return out;
}

}  // namespace

void ApiApp::AddEngagementRoutes() {
  router_.Add("GET", "/api/v1/engagements", [](Call& call) {
    Require(call);
    auto context = call.Context();
    json list = json::array();
    for (const auto& view : Unwrap(service::EngagementService(context).List()))
      list.push_back(EngagementJson(view, false));
    return JsonResponse(200, json{{"engagements", list}});
  });

  router_.Add("GET", "/api/v1/engagements/{id}", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(
        200,
        EngagementJson(Unwrap(service::EngagementService(context).Get(IdParam(call.params, "id"))),
                       true));
  });

  router_.Add("GET", "/api/v1/engagements/{id}/findings", [](Call& call) {
    auto context = call.Context();
    json list = json::array();
    for (const StoredFinding& f :
         Unwrap(service::EngagementService(context).History(IdParam(call.params, "id")))) {
      list.push_back(FindingJson(f));
    }
    return JsonResponse(200, json{{"findings", list}});
  });

  router_.Add("GET", "/api/v1/assessments/{id}/engagement", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(200, EngagementJson(Unwrap(service::EngagementService(context).OfAssessment(
                                                IdParam(call.params, "id"))),
                                            true));
  });

  // The supplier names an organisation for a submitted assessment that names nobody, or
  // names another after the last one declined.
  router_.Add("POST", "/api/v1/assessments/{id}/engagement", [](Call& call) {
    Require(call);
    Body body(call.request, {"assessor_corporate_number"});
    auto context = call.Context();
    return JsonResponse(
        201,
        EngagementJson(Unwrap(service::EngagementService(context).Request(
                           IdParam(call.params, "id"), body.Text("assessor_corporate_number"))),
                       true));
  });

  router_.Add("POST", "/api/v1/engagements/{id}/accept", [](Call& call) {
    Require(call);
    Body body(call.request, {});
    auto context = call.Context();
    return JsonResponse(
        200,
        EngagementJson(
            Unwrap(service::EngagementService(context).Accept(IdParam(call.params, "id"))), true));
  });

  router_.Add("POST", "/api/v1/engagements/{id}/decline", [](Call& call) {
    Require(call);
    Body body(call.request, {"comment"});
    auto context = call.Context();
    return JsonResponse(200, EngagementJson(Unwrap(service::EngagementService(context).Decline(
                                                IdParam(call.params, "id"), body.Text("comment"))),
                                            true));
  });

  router_.Add("POST", "/api/v1/engagements/{id}/findings", [](Call& call) {
    Require(call);
    Body body(call.request, {"criterion", "verdict", "comment"});
    auto context = call.Context();
    return JsonResponse(
        201, EngagementJson(Unwrap(service::EngagementService(context).RecordFinding(
                                IdParam(call.params, "id"), body.Text("criterion"),
                                body.Text("verdict"), body.OptText("comment").value_or(""))),
                            true));
  });

  router_.Add("POST", "/api/v1/engagements/{id}/replies", [](Call& call) {
    Require(call);
    Body body(call.request, {"criterion", "comment"});
    auto context = call.Context();
    return JsonResponse(200, EngagementJson(Unwrap(service::EngagementService(context).Reply(
                                                IdParam(call.params, "id"), body.Text("criterion"),
                                                body.Text("comment"))),
                                            true));
  });

  // The assessor concludes: "refused" ends the engagement without a level (comment: the
  // reasons); "confirmed" (★3) or "verified" (★4) confirm or verify the assessment as
  // POST /api/v1/assessments/{id}/confirm or /verify do, and answer the engagement after it.
  router_.Add("POST", "/api/v1/engagements/{id}/conclude", [](Call& call) {
    Require(call);
    auto context = call.Context();
    service::EngagementService engagements(context);
    const int64_t id = IdParam(call.params, "id");
    Unwrap(engagements.Get(id));  // a stranger learns nothing from a bad body
    Body body(call.request, {"outcome", "comment", "valid_from"});
    const std::string outcome = body.Text("outcome");
    if (outcome == "refused") {
      return JsonResponse(
          200, EngagementJson(Unwrap(engagements.Refuse(id, body.OptText("comment").value_or(""))),
                              true));
    }
    if (outcome != "confirmed" && outcome != "verified") {
      Fail(422, "Unknown outcome",
           "outcome は confirmed・verified・refused のどれかです / outcome is one of confirmed, "
           "verified, refused");
    }
    const auto engagement = Unwrap(engagements.Get(id));
    service::AssessmentService assessments(context);
    const service::AttestationInput input{body.OptText("valid_from"), std::nullopt};
    const int64_t assessment = engagement.engagement.assessment_id;
    Unwrap(outcome == "verified" ? assessments.Verify(assessment, input)
                                 : assessments.Confirm(assessment, input));
    return JsonResponse(200, EngagementJson(Unwrap(engagements.Get(id)), true));
  });

  AddEvidenceRoutes();
}

}  // namespace hoshitori::api
