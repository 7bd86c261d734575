// Routes of /api/v1/relationships and /api/v1/disclosures: HTTP adapters over
// service::RelationshipService (declarations confirmed by the other party and ended by either;
// disclosures of one's own relationships to buyers upstream) and service::NoticeTermsService
// (the buyer's contractual incident notice hours on a relationship).
#include "api/api_app.h"
#include "api/chain_json.h"
#include "api/handler_support.h"
#include "service/notice_terms_service.h"
#include "service/relationship_service.h"

namespace hoshitori::api {

void ApiApp::AddRelationshipRoutes() {
  router_.Add("POST", "/api/v1/relationships", [](Call& call) {
    auto context = call.Context();
    service::RelationshipService relationships(context);
    Unwrap(relationships.MayDeclare());  // authorised before the body is read
    Body body(call.request, {"relationships"});
    if (!body.raw()["relationships"].is_array())
      Fail(400, "Wrong type", "field \"relationships\" must be an array");
    if (body.raw()["relationships"].empty())
      Fail(422, "Nothing to declare", "\"relationships\" is empty");
    const auto stored = Unwrap(relationships.Declare(body.raw().dump()));
    json declared = json::array();
    for (const SupplyRelationship& r : stored)
      declared.push_back(json{{"id", r.id}, {"status", "awaiting_other_party"}});
    return JsonResponse(201, json{{"declared", stored.size()}, {"relationships", declared}});
  });

  // The relationships the caller's organisation is a party to (not ended), with their
  // status: confirmed, awaiting_other_party (declared by the caller) or awaiting_you
  // (declared by the other party: confirm or reject it). ?status= filters by status.
  router_.Add("GET", "/api/v1/relationships", [](Call& call) {
    Require(call);
    std::optional<service::RelationshipStatus> only;
    if (const auto it = call.request.query.find("status"); it != call.request.query.end()) {
      only = service::ParseRelationshipStatus(it->second);
      if (!only)
        Fail(400, "Invalid query", "status is confirmed, awaiting_other_party or awaiting_you");
    }
    auto context = call.Context();
    json list = json::array();
    for (const auto& entry : Unwrap(service::RelationshipService(context).List(only))) {
      json item = EdgeJson(entry.edge);
      item["role"] = entry.as_buyer ? "buyer" : "supplier";
      item["status"] = service::RelationshipStatusName(entry.status);
      item["declared_by"] = PartyJson(entry.declared_by);
      list.push_back(std::move(item));
    }
    return JsonResponse(200, json{{"relationships", list}});
  });

  router_.Add("POST", "/api/v1/relationships/{id}/confirm", [](Call& call) {
    Require(call);
    auto context = call.Context();
    const auto r =
        Unwrap(service::RelationshipService(context).Confirm(IdParam(call.params, "id")));
    return JsonResponse(200, json{{"id", r.id}, {"status", "confirmed"}});
  });

  router_.Add("DELETE", "/api/v1/relationships/{id}", [](Call& call) {
    Require(call);
    auto context = call.Context();
    const auto ended =
        Unwrap(service::RelationshipService(context).End(IdParam(call.params, "id")));
    return JsonResponse(200, json{{"id", ended.relationship.id},
                                  {"status", ended.rejected ? "rejected" : "ended"}});
  });

  // The contractual incident notice hours of a relationship: read by both parties, recorded,
  // changed and cleared by the buyer's admins. "hours" is a whole number, or a string of ASCII
  // or full-width digits as typed ("１２").
  const auto terms_json = [](const service::NoticeTerms& t) {
    return json{{"relationship_id", t.relationship_id},
                {"buyer_org_id", t.buyer},
                {"supplier_org_id", t.supplier},
                {"hours", t.hours ? json(*t.hours) : json(nullptr)},
                {"default_hours", t.default_hours},
                {"set_by", t.set_by ? json(*t.set_by) : json(nullptr)},
                {"set_at", t.set_at ? json(*t.set_at) : json(nullptr)}};
  };
  router_.Add("GET", "/api/v1/relationships/{id}/notice-terms", [terms_json](Call& call) {
    Require(call);
    auto context = call.Context();
    return JsonResponse(200, terms_json(Unwrap(
                                 service::NoticeTermsService(context).Get(IdParam(call.params, "id")))));
  });
  router_.Add("PUT", "/api/v1/relationships/{id}/notice-terms", [terms_json](Call& call) {
    Require(call);
    Body body(call.request, {"hours"});
    if (!body.Has("hours")) Fail(400, "Missing field", "field \"hours\" is required");
    const json& hours = body.raw()["hours"];
    std::string typed;
    if (hours.is_number_integer()) {
      typed = std::to_string(hours.get<int64_t>());
    } else if (hours.is_string()) {
      typed = hours.get<std::string>();
    } else {
      Fail(400, "Wrong type", "field \"hours\" must be a whole number or a string of digits");
    }
    auto context = call.Context();
    return JsonResponse(200, terms_json(Unwrap(service::NoticeTermsService(context).Set(
                                 IdParam(call.params, "id"), typed))));
  });
  router_.Add("DELETE", "/api/v1/relationships/{id}/notice-terms", [terms_json](Call& call) {
    Require(call);
    auto context = call.Context();
    return JsonResponse(200, terms_json(Unwrap(service::NoticeTermsService(context).Clear(
                                 IdParam(call.params, "id")))));
  });

  // Disclosures: an organisation's admin shows its confirmed relationships (its own
  // suppliers and those it declared) to one organisation or to everyone upstream, and
  // withdraws that again.
  router_.Add("GET", "/api/v1/disclosures", [](Call& call) {
    auto context = call.Context();
    json list = json::array();
    for (const auto& d : Unwrap(service::RelationshipService(context).Disclosures())) {
      json item{{"upstream", !d.viewer.has_value()}};
      item["viewer"] = d.viewer ? PartyJson(*d.viewer) : json(nullptr);
      list.push_back(std::move(item));
    }
    return JsonResponse(200, json{{"disclosures", list}});
  });

  router_.Add("POST", "/api/v1/disclosures", [](Call& call) {
    auto context = call.Context();
    service::RelationshipService relationships(context);
    Unwrap(relationships.MayDisclose());  // authorised before the body is read
    Body body(call.request, {"viewer_corporate_number"});
    const Disclosure disclosure =
        Unwrap(relationships.Disclose(body.OptText("viewer_corporate_number")));
    return JsonResponse(
        201, json{{"declarer_org_id", disclosure.declarer},
                  {"viewer_org_id", disclosure.viewer ? json(*disclosure.viewer) : json(nullptr)}});
  });

  // {viewer} is the corporate number disclosed to, or "upstream" for everyone upstream.
  router_.Add("DELETE", "/api/v1/disclosures/{viewer}", [](Call& call) {
    auto context = call.Context();
    Unwrap(service::RelationshipService(context).Withdraw(call.params.at("viewer")));
    return JsonResponse(200, json{{"withdrawn", true}});
  });
}

}  // namespace hoshitori::api
