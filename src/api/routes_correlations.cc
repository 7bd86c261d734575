// Routes of indicator correlation (issue 16): GET /api/v1/incidents/{id}/correlations, for the
// reporting organisation's members and admins — which of the report's indicators other shared
// reports (or TAXII objects) the caller may read carry too; and
// GET /api/v1/shared-incidents/{id}/correlations, the same for a reader of the shared part. A thin adapter over
// service::CorrelateIncident, which decides every match by TLP.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "service/incident_service.h"
#include "service/indicator_correlation.h"
#include "service/received_correlation.h"

namespace hoshitori::api {

namespace {

json CorrelationsJson(const service::IncidentCorrelations& correlations) {
  json indicators = json::array();
  for (const service::IndicatorCorrelation& c : correlations.indicators) {
    json matches = json::array();
    for (const service::CorrelationMatch& m : c.matches) {
      matches.push_back(json{{"kind", service::MatchKindKey(m.kind)},
                             {"value", m.value},
                             {"report_id", m.report_id ? json(*m.report_id) : json(nullptr)},
                             {"own", m.own},
                             {"tlp", share::TlpLabel(m.tlp)},
                             {"shared_at", m.shared_at}});
    }
    indicators.push_back(json{{"value", c.value},
                              {"kind", share::IndicatorKindName(c.kind)},
                              {"matches", matches},
                              {"more", c.more}});
  }
  return json{{"indicators", indicators}, {"more", correlations.more}};
}

}  // namespace

void ApiApp::AddCorrelationRoutes() {
  router_.Add("GET", "/api/v1/incidents/{id}/correlations", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(
        200,
        CorrelationsJson(Unwrap(service::CorrelateIncident(context, IdParam(call.params, "id")))));
  });
  // The receiving side: the shared part's indicators, for whoever may read the shared report.
  router_.Add("GET", "/api/v1/shared-incidents/{id}/correlations", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(
        200,
        CorrelationsJson(Unwrap(service::CorrelateReceived(context, IdParam(call.params, "id")))));
  });
}

}  // namespace hoshitori::api
