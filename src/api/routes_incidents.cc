// Routes of incident reports (issue 16): /api/v1/incidents for the reporting organisation (its
// reports in full, the de-identified preview, approval and withdrawal) and
// /api/v1/shared-incidents for readers of shared parts. Thin adapters over
// service::IncidentService; every read of a shared part is decided there by TLP.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "api/views.h"
#include "service/incident_service.h"
#include "service/incident_sightings.h"

namespace hoshitori::api {

namespace {

json NullableText(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

json ShareJson(const service::IncidentShareSummary& share) {
  json recipients = json::array();
  for (const StoredIncidentRecipient& r : share.recipients) {
    recipients.push_back(json{{"org_id", r.org_id},
                              {"user_id", r.user_id ? json(*r.user_id) : json(nullptr)},
                              {"connectivity", r.connectivity},
                              {"warned_at", r.warned_at}});
  }
  return json{{"tlp", share::TlpLabel(share.tlp)},
              {"group_id", share.group_id ? json(*share.group_id) : json(nullptr)},
              {"approved_at", share.approved_at},
              {"withdrawn_at", NullableText(share.withdrawn_at)},
              {"recipients", recipients}};
}

json ReportJson(const service::IncidentReport& report, bool with_answers) {
  const StoredIncidentReport& r = report.record;
  json out{{"id", r.id},
           {"org_id", r.org_id},
           {"status", r.status},
           {"title", r.title},
           {"kind", report.answers.kind},
           {"created_at", r.created_at},
           {"updated_at", r.updated_at},
           {"approved_at", NullableText(r.approved_at)},
           {"shared_at", NullableText(r.shared_at)},
           {"withdrawn_at", NullableText(r.withdrawn_at)},
           {"share", report.share ? ShareJson(*report.share) : json(nullptr)}};
  if (with_answers) out["answers"] = service::IncidentAnswersJson(report.answers);
  return out;
}

json PreviewJson(const service::IncidentPreview& preview) {
  json part = service::IncidentPartJson(preview.part);
  json fields = json::array();
  for (const service::DeidentifiedField& f : preview.part.fields) {
    json removals = json::array();
    for (size_t i = 0; i < f.removals.size(); ++i) {
      const share::Removal& removal = f.removals[i];
      removals.push_back(json{{"kind", share::RemovalKindName(removal.kind)},
                              {"offset", removal.offset},
                              {"length", removal.length},
                              {"original", f.original.substr(removal.offset, removal.length)},
                              {"replacement", removal.replacement}});
    }
    fields.push_back(json{
        {"field", f.field}, {"original", f.original}, {"text", f.text}, {"removals", removals}});
  }
  json dropped = json::array();
  for (const share::DroppedIndicator& d : preview.dropped) {
    dropped.push_back(json{{"indicator", d.indicator}, {"reason", d.reason}});
  }
  return json{{"digest", preview.digest}, {"part", part}, {"fields", fields}, {"dropped", dropped}};
}

json ReceivedJson(const service::ReceivedIncident& received) {
  return json{
      {"id", received.report_id},
      {"tlp", share::TlpLabel(received.tlp)},
      {"approved_at", received.approved_at},
      {"part", service::IncidentPartJson(received.part)},
      {"supplier", received.supplier ? OrganisationJson(*received.supplier) : json(nullptr)}};
}

service::IncidentAnswers AnswersOf(const Call& call) {
  Body body(call.request, {"title",
                           "kind",
                           "started_at",
                           "detected_at",
                           "what_happened",
                           "affected_systems",
                           "affected_data",
                           "actions_taken",
                           "personal_data",
                           "people_affected",
                           "critical_infrastructure",
                           "eu_customers",
                           "notice_buyers",
                           "indicators",
                           "cves",
                           "malware",
                           "attack_techniques",
                           "own_domains",
                           "own_ip_ranges",
                           "people",
                           "internal_hosts",
                           "other_names"});
  return Unwrap(service::IncidentAnswersFromJson(body.raw()));
}

std::vector<int64_t> Ids(const json& value, const char* field) {
  if (!value.is_array())
    Fail(422, "Invalid field", std::string(field) + " must be an array of ids");
  std::vector<int64_t> ids;
  for (const json& id : value) {
    if (!id.is_number_integer()) {
      Fail(422, "Invalid field", std::string(field) + " must be an array of ids");
    }
    ids.push_back(id.get<int64_t>());
  }
  return ids;
}

}  // namespace

void ApiApp::AddIncidentRoutes() {
  router_.Add("GET", "/api/v1/incidents", [](Call& call) {
    Require(call);
    auto context = call.Context();
    json list = json::array();
    for (const auto& report : Unwrap(service::IncidentService(context).List())) {
      list.push_back(ReportJson(report, false));
    }
    return JsonResponse(200, json{{"incidents", list}});
  });

  router_.Add("POST", "/api/v1/incidents", [](Call& call) {
    Require(call);
    const service::IncidentAnswers answers = AnswersOf(call);
    auto context = call.Context();
    return JsonResponse(
        201, ReportJson(Unwrap(service::IncidentService(context).Create(answers)), true));
  });

  router_.Add("GET", "/api/v1/incidents/{id}", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(
        200, ReportJson(Unwrap(service::IncidentService(context).Get(IdParam(call.params, "id"))),
                        true));
  });

  router_.Add("PUT", "/api/v1/incidents/{id}", [](Call& call) {
    Require(call);
    const service::IncidentAnswers answers = AnswersOf(call);
    auto context = call.Context();
    return JsonResponse(200, ReportJson(Unwrap(service::IncidentService(context).Save(
                                            IdParam(call.params, "id"), answers)),
                                        true));
  });

  router_.Add("GET", "/api/v1/incidents/{id}/preview", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(
        200,
        PreviewJson(Unwrap(service::IncidentService(context).Preview(IdParam(call.params, "id")))));
  });

  router_.Add("GET", "/api/v1/incidents/{id}/audience", [](Call& call) {
    auto context = call.Context();
    const auto choices =
        Unwrap(service::IncidentService(context).AudienceChoices(IdParam(call.params, "id")));
    json buyers = json::array();
    for (const ConfirmedBuyer& b : choices.buyers) {
      buyers.push_back(json{{"org_id", b.org_id},
                            {"name", b.name},
                            {"corporate_number", b.corporate_number},
                            {"connectivity", b.connectivity}});
    }
    json groups = json::array();
    for (const auto& [id, name] : choices.groups)
      groups.push_back(json{{"id", id}, {"name", name}});
    return JsonResponse(200, json{{"buyers", buyers}, {"groups", groups}});
  });

  router_.Add("POST", "/api/v1/incidents/{id}/approve", [](Call& call) {
    Require(call);
    Body body(call.request, {"digest", "tlp", "buyers", "group_id", "named_people"});
    service::IncidentApproval approval;
    approval.digest = body.Text("digest");
    if (const auto tlp = body.OptText("tlp")) {
      approval.tlp = Unwrap(share::ParseTlp(*tlp));
    }
    if (body.raw().contains("buyers") && !body.raw()["buyers"].is_null()) {
      approval.buyers = Ids(body.raw()["buyers"], "buyers");
    }
    approval.group_id = body.OptInt("group_id");
    if (body.raw().contains("named_people")) {
      approval.named_people = Ids(body.raw()["named_people"], "named_people");
    }
    auto context = call.Context();
    return JsonResponse(200, ReportJson(Unwrap(service::IncidentService(context).Approve(
                                            IdParam(call.params, "id"), approval)),
                                        true));
  });

  router_.Add("POST", "/api/v1/incidents/{id}/withdraw", [](Call& call) {
    Require(call);
    auto context = call.Context();
    return JsonResponse(
        200,
        ReportJson(Unwrap(service::IncidentService(context).Withdraw(IdParam(call.params, "id"))),
                   true));
  });

  router_.Add("GET", "/api/v1/shared-incidents", [](Call& call) {
    Require(call);
    auto context = call.Context();
    json list = json::array();
    for (const auto& received : Unwrap(service::IncidentService(context).Received())) {
      list.push_back(ReceivedJson(received));
    }
    return JsonResponse(200, json{{"incidents", list}});
  });

  router_.Add("GET", "/api/v1/shared-incidents/{id}", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(200, ReceivedJson(Unwrap(service::IncidentService(context).ReadShared(
                                 IdParam(call.params, "id")))));
  });

  // "We saw this too": the count is given only over k organisations (incident_sightings.h).
  const auto sightings_json = [](const service::IncidentSightings& s) {
    return json{{"we_saw", s.we_saw}, {"count", s.count ? json(*s.count) : json(nullptr)},
                {"k", s.k}};
  };
  router_.Add("GET", "/api/v1/shared-incidents/{id}/sightings", [sightings_json](Call& call) {
    auto context = call.Context();
    return JsonResponse(200, sightings_json(Unwrap(
                                 service::ReadSightings(context, IdParam(call.params, "id")))));
  });
  router_.Add("POST", "/api/v1/shared-incidents/{id}/sightings", [sightings_json](Call& call) {
    auto context = call.Context();
    return JsonResponse(200, sightings_json(Unwrap(
                                 service::RecordSighting(context, IdParam(call.params, "id")))));
  });
}

}  // namespace hoshitori::api
