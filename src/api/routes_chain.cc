// Routes of /api/v1/suppliers and /api/v1/chain/*: HTTP adapters over
// service::ChainAnalysisService. They parse query parameters (400 for a bad one), call the
// service and write the JSON views; the analyses run on the caller's consented view of the
// chain inside the service.
#include "api/api_app.h"
#include "api/chain_json.h"
#include "api/handler_support.h"
#include "api/views.h"
#include "service/chain_analysis_service.h"

namespace hoshitori::api {

namespace {

int IntQuery(const Call& call, const char* name, int low, int high, int fallback) {
  const auto value = IntQueryParameter(call.request.query, name, low, high, fallback);
  if (!value) Fail(400, "Invalid query", value.error().message);
  return *value;
}

json StandingJson(const SupplierStanding& s) {
  json out{{"star", s.held_star},
           {"attestation",
            s.has_assessment ? json(AttestationKindName(s.held_attestation)) : json(nullptr)}};
  out["valid_until"] = s.held_until ? json(FormatDate(*s.held_until)) : json(nullptr);
  if (s.expired_on) {
    out["expired"] = json{{"star", s.expired_star},
                          {"attestation", AttestationKindName(s.expired_attestation)},
                          {"on", FormatDate(*s.expired_on)}};
  }
  return out;
}

json RequirementJson(const Requirement& r) {
  return json{{"star", r.star},
              {"attestation", AttestationKindName(r.attestation)},
              {"rule", r.rule},
              {"reason", r.reason}};
}

json SupplierRowJson(const SupplierRow& row) {
  json out{{"supplier", OrganisationJson(row.supplier)},
           {"in_chain", row.in_chain},
           {"held", StandingJson(row.standing)},
           {"eligible_star", row.eligible_star},
           {"reason", row.reason}};
  out["tier"] = row.in_chain ? json(row.tier) : json(nullptr);
  // false: only the buyer's own claim puts the supplier there, not yet confirmed by it.
  out["confirmed"] = row.in_chain ? json(!row.unconfirmed) : json(nullptr);
  out["assessment_id"] = row.assessment_id ? json(row.assessment_id) : json(nullptr);
  out["share_id"] = row.share_id ? json(row.share_id) : json(nullptr);
  out["detail"] =
      row.detail ? json(*row.detail == ShareDetail::kDetails ? "details" : "level") : json(nullptr);
  out["requirement"] = row.in_chain ? RequirementJson(row.requirement) : json(nullptr);
  out["compliance"] = row.status ? json(ComplianceStatusName(*row.status)) : json(nullptr);
  // Verified: the level held rests on a signed attestation active today (/verify/{id}).
  out["verified"] = !row.attestation_id.empty();
  out["attestation_id"] = row.attestation_id.empty() ? json(nullptr) : json(row.attestation_id);
  return out;
}

json CountsJson(const service::StatusCounts& c) {
  return json{{"meets", c[0]}, {"below", c[1]}, {"unknown", c[2]}, {"expired", c[3]}};
}

// The page body of GET /api/v1/suppliers, rendered once per board and query.
// The rows of one page as a JSON array (the board-wide parts are added per request).
// Each row's JSON is made once and kept with the row (SupplierRow::rendered), so a page of a
// refreshed board renders only the rows that changed.
SupplierBoard::RenderedPage RenderSuppliers(const SupplierBoard::Page& page) {
  SupplierBoard::RenderedPage out;
  out.authorise.reserve(page.rows.size());
  std::vector<const std::string*> texts;
  texts.reserve(page.rows.size());
  size_t size = 2;
  for (const SupplierRow* row : page.rows) {
    out.authorise.emplace_back(row->supplier.id, row->detail);
    texts.push_back(&row->rendered.Get(*row, [](const SupplierRow& r) { return SupplierRowJson(r).dump(); }));
    size += texts.back()->size() + 1;
  }
  out.body.reserve(size);
  out.body += '[';
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i) out.body += ',';
    out.body += *texts[i];
  }
  out.body += ']';
  out.total = page.total;
  return out;
}

// The list's body: the board-wide counts and the paging around the page's rows. Written out
// rather than built as a JSON value: it is made for every request, and the rows it wraps are
// tens of kilobytes already rendered. Every value is an integer, so nothing needs escaping.
std::string SuppliersBody(const SupplierBoard& board, const SupplierQuery& query,
                          const SupplierBoard::RenderedPage& rendered) {
  const auto& c = board.totals();
  const std::pair<std::string_view, int64_t> parts[] = {
      {R"({"counts":{"below":)", c[1]},
      {R"(,"expired":)", c[3]},
      {R"(,"meets":)", c[0]},
      {R"(,"outside_chain":)", board.outside_chain()},
      {R"(,"unknown":)", c[2]},
      {R"(},"page":)", query.page},
      {R"(,"pages":)", (rendered.total + query.per_page - 1) / query.per_page},
      {R"(,"per_page":)", query.per_page},
      {R"(,"total":)", rendered.total}};
  constexpr std::string_view kRows = R"(,"suppliers":)";
  std::string body;
  body.reserve(200 + rendered.body.size());
  for (const auto& [key, value] : parts) {
    body += key;
    body += std::to_string(value);
  }
  body += kRows;
  body += rendered.body;
  body += '}';
  return body;
}

}  // namespace

void ApiApp::AddChainRoutes() {
  router_.Add("GET", "/api/v1/suppliers", [](Call& call) {
    auto context = call.Context();
    service::ChainAnalysisService analyses(context);
    Unwrap(analyses.MayRead());  // authorised before the query is parsed, as every analysis
    const auto query = ParseSupplierQuery(call.request.query);
    if (!query) Fail(400, "Invalid query", query.error().message);
    // The board is known once the service found it; the page is rendered from it.
    const auto rendered = Unwrap(analyses.RenderedSuppliers(*query, RenderSuppliers));
    HttpResponse response;
    response.body = SuppliersBody(*rendered.board, *query, *rendered.page);
    return response;
  });

  router_.Add("GET", "/api/v1/chain/compliance", [](Call& call) {
    auto context = call.Context();
    const auto summary = Unwrap(service::ChainAnalysisService(context).Compliance());
    json tiers = json::array();
    for (size_t t = 0; t < summary.by_tier.size(); ++t) {
      json tier = CountsJson(summary.by_tier[t]);
      tier["tier"] = t + 1;
      tiers.push_back(tier);
    }
    return JsonResponse(200, json{{"suppliers", summary.suppliers},
                                  {"totals", CountsJson(summary.totals)},
                                  {"by_tier", tiers}});
  });

  router_.Add("GET", "/api/v1/chain/tiers", [](Call& call) {
    auto context = call.Context();
    service::ChainAnalysisService analyses(context);
    Unwrap(analyses.MayRead());
    const int max_tier = IntQuery(call, "max_tier", 1, 100, 100);
    const int limit = IntQuery(call, "limit", 1, 1000, 100);
    const int offset = IntQuery(call, "offset", 0, 100'000'000, 0);
    const auto tiers = Unwrap(analyses.Tiers(max_tier, limit, offset));
    json list = json::array();
    for (const auto& s : tiers.suppliers) {
      list.push_back(
          json{{"supplier", PartyJson(s.supplier)}, {"tier", s.tier}, {"path", PathJson(s.path)}});
    }
    return JsonResponse(200, json{{"total", tiers.total}, {"offset", offset}, {"suppliers", list}});
  });

  router_.Add("GET", "/api/v1/chain/exposure", [](Call& call) {
    auto context = call.Context();
    service::ChainAnalysisService analyses(context);
    Unwrap(analyses.MayRead());
    const int limit = IntQuery(call, "limit", 1, 1000, 20);
    const auto exposure = Unwrap(analyses.Exposure(limit));
    json list = json::array();
    for (size_t i = 0; i < exposure.exposures.size(); ++i) {
      const auto& e = exposure.exposures[i];
      list.push_back(json{{"rank", i + 1},
                          {"supplier", PartyJson(e.supplier)},
                          {"status", ComplianceStatusName(e.status)},
                          {"required_star", e.required_star},
                          {"held_star", e.held_star},
                          {"severity", e.severity},
                          {"rule", e.rule},
                          {"path", PathJson(e.path)}});
    }
    return JsonResponse(200, json{{"total", exposure.total}, {"exposures", list}});
  });

  // Who in the buyer's own chain is hit if `supplier` is compromised, and whose production stops.
  router_.Add("GET", "/api/v1/chain/blast-radius", [](Call& call) {
    auto context = call.Context();
    service::ChainAnalysisService analyses(context);
    Unwrap(analyses.MayRead());
    const auto it = call.request.query.find("supplier");
    if (it == call.request.query.end())
      Fail(400, "Invalid query", "give the supplier's corporate number as ?supplier=");
    const auto number = CorporateNumber::Parse(it->second);
    if (!number) Fail(400, "Invalid corporate number", number.error().message);
    const int tiers = IntQuery(call, "tiers", 1, 20, 3);
    const auto radius = Unwrap(analyses.BlastRadius(*number, tiers));
    json affected = json::array();
    for (const auto& o : radius.organisations) {
      affected.push_back(json{{"organisation", PartyJson(o.organisation)},
                              {"distance", o.distance},
                              {"tier_from_you", o.tier_from_you},
                              {"production_stops", o.production_stops},
                              {"path", PathJson(o.path)}});
    }
    return JsonResponse(200, json{{"supplier", OrganisationJson(radius.supplier)},
                                  {"tiers", radius.tiers},
                                  {"affected", affected.size()},
                                  {"production_stops", radius.production_stops},
                                  {"organisations", affected}});
  });

  router_.Add("GET", "/api/v1/chain/concentration", [](Call& call) {
    auto context = call.Context();
    service::ChainAnalysisService analyses(context);
    Unwrap(analyses.MayRead());
    const int limit = IntQuery(call, "limit", 1, 1000, 20);
    json list = json::array();
    for (const auto& p : Unwrap(analyses.Concentration(limit))) {
      list.push_back(json{{"supplier", PartyJson(p.supplier)},
                          {"cut_off", p.cut_off},
                          {"direct_buyers", p.direct_buyers}});
    }
    return JsonResponse(200, json{{"single_points_of_failure", list}});
  });
}

}  // namespace hoshitori::api
