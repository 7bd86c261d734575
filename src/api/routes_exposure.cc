// Routes of the SBOM exposure (issue 17): a buyer's exposure to advisories through the
// software its suppliers deliver, and a supplier's customers to tell. HTTP adapters over
// service::ExposureService.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "api/views.h"
#include "service/exposure_service.h"

namespace hoshitori::api {

namespace {

json PartyJson(const service::Party& party) {
  json out{{"id", party.id}};
  out["name"] = party.organisation ? json(party.organisation->name) : json(nullptr);
  return out;
}

json ExposureJson(const service::ExposureRow& row) {
  json vex = nullptr;
  if (row.vex) {
    vex = json{{"vulnerability", row.vex->vulnerability},
               {"status", row.vex->status},
               {"justification", row.vex->justification},
               {"impact", row.vex->impact},
               {"action", row.vex->action},
               {"updated_at", row.vex->updated_at}};
  }
  return json{{"advisory", json{{"id", row.advisory_id},
                                {"summary", row.summary},
                                {"aliases", row.aliases}}},
              {"supplier", PartyJson(row.supplier)},
              {"buyer", PartyJson(row.buyer)},
              {"delivery_id", row.delivery_id},
              {"relationship_id", row.relationship_id},
              {"version_id", row.version_id},
              {"product", row.product},
              {"version", row.version},
              {"share_sbom", row.share_sbom},
              {"disclose_matches", row.disclose_matches},
              {"depth", row.depth},
              {"component", row.component},
              {"match", row.match},
              {"reason", row.reason},
              {"vex", vex}};
}

json ExposureList(const std::vector<service::ExposureRow>& rows) {
  json items = json::array();
  for (const service::ExposureRow& row : rows) items.push_back(ExposureJson(row));
  return json{{"exposures", std::move(items)}};
}

}  // namespace

void ApiApp::AddExposureRoutes() {
  // What reaches the caller's organisation as a buyer.
  router_.Add("GET", "/api/v1/exposure", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(200, ExposureList(Unwrap(service::ExposureService(context).MyExposure())));
  });
  // Which of the caller's customers (as a supplier) receive an affected version.
  router_.Add("GET", "/api/v1/customers-affected", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(200,
                        ExposureList(Unwrap(service::ExposureService(context).CustomersToTell())));
  });
}

}  // namespace hoshitori::api
