// Pages of the SBOM exposure (issue 17): /exposure, the buyer's exposure to advisories
// through the software its suppliers deliver (by advisory or by supplier, with each
// supplier's VEX statement; CSV and xlsx export), and /customers-affected, the supplier's
// customers to tell. Read-only views over service::ExposureService.
#include "service/exposure_service.h"
#include "web/table_export.h"
#include "web/web_page.h"

namespace hoshitori::web {

namespace {

using api::HttpResponse;
using nlohmann::json;

std::string PartyName(const service::Party& party) {
  return party.organisation ? party.organisation->name : "#" + std::to_string(party.id);
}

// The message key of a VEX status ("vex_status_not_affected", ...), or "exposure_vex_none".
std::string VexKey(const service::ExposureRow& row) {
  return row.vex ? "vex_status_" + row.vex->status : "exposure_vex_none";
}

}  // namespace

HttpResponse WebApp::ExposurePage(Page& page, bool supplier_view, const std::string& format) {
  page.nav = supplier_view ? "products" : "exposure";
  const std::string& lang = page.lang;
  const auto found = AsUser(page, [&](service::Context& c) {
    service::ExposureService exposure(c);
    return supplier_view ? exposure.CustomersToTell() : exposure.MyExposure();
  });
  const std::string title_key = supplier_view ? "customers_affected_title" : "exposure_title";
  json context{{"title", templates_->Message(lang, title_key)}, {"supplier_view", supplier_view}};
  if (!found) {
    context["problem"] = ProblemForPage(*templates_, lang, found.error());
    const ErrorKind kind = found.error().kind;
    return Render(page, "exposure", context,
                  kind == ErrorKind::kUnauthenticated ? 401
                  : kind == ErrorKind::kForbidden     ? 403
                                                      : 500);
  }
  if (format == "csv" || format == "xlsx") {
    ExportTable table;
    table.sheet_name = supplier_view ? "customers" : "exposure";
    for (const char* key : {"exposure_col_advisory", "exposure_col_summary",
                            supplier_view ? "exposure_col_buyer" : "exposure_col_supplier",
                            "exposure_col_product", "exposure_col_version",
                            "exposure_col_component", "exposure_col_match", "exposure_col_depth",
                            "exposure_col_vex", "exposure_col_justification"}) {
      table.headers.push_back(templates_->Message(lang, key));
    }
    for (const service::ExposureRow& row : *found) {
      table.rows.push_back({row.advisory_id, row.summary,
                            PartyName(supplier_view ? row.buyer : row.supplier), row.product,
                            row.version, row.component,
                            templates_->Message(lang, "exposure_match_" + row.match),
                            std::to_string(row.depth), templates_->Message(lang, VexKey(row)),
                            row.vex ? row.vex->justification : ""});
    }
    HttpResponse response;
    const std::string name = supplier_view ? "customers-affected" : "exposure";
    if (format == "xlsx") {
      auto bytes = ToXlsx(table);
      if (!bytes) throw std::runtime_error(bytes.error().message);
      response.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      response.body = std::move(bytes).value();
    } else {
      response.content_type = "text/csv; charset=utf-8";
      response.body = ToCsv(table);
    }
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + name + "." + format + "\"");
    return response;
  }
  // Grouped by advisory (the default) or by the other party.
  const bool by_party = page.Query("by") == "party";
  std::vector<const service::ExposureRow*> rows;
  for (const service::ExposureRow& row : *found) rows.push_back(&row);
  if (by_party) {
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
      const int64_t pa = supplier_view ? a->buyer.id : a->supplier.id;
      const int64_t pb = supplier_view ? b->buyer.id : b->supplier.id;
      return pa < pb;
    });
  }
  json groups = json::array();
  std::string current;
  for (const service::ExposureRow* row : rows) {
    const service::Party& party = supplier_view ? row->buyer : row->supplier;
    const std::string heading =
        by_party ? PartyName(party) : row->advisory_id + (row->summary.empty() ? "" : " — " + row->summary);
    if (groups.empty() || heading != current) {
      groups.push_back(json{{"heading", heading}, {"rows", json::array()}});
      current = heading;
    }
    json vex = nullptr;
    if (row->vex) {
      vex = json{{"status", templates_->Message(lang, VexKey(*row))},
                 {"not_affected", row->vex->status == "not_affected"},
                 {"justification", row->vex->justification},
                 {"impact", row->vex->impact},
                 {"action", row->vex->action}};
    }
    groups.back()["rows"].push_back(
        json{{"advisory", row->advisory_id},
             {"party", PartyName(party)},
             {"product", row->product},
             {"version", row->version},
             {"version_id", row->version_id},
             {"share_sbom", row->share_sbom},
             {"component", row->component},
             {"affected", row->match == "affected"},
             {"match", templates_->Message(lang, "exposure_match_" + row->match)},
             {"reason", row->reason},
             {"contained", row->depth > 0},
             {"depth", row->depth},
             {"vex", vex},
             {"exposure_vex_none", templates_->Message(lang, "exposure_vex_none")},
             {"told", supplier_view && !row->disclose_matches}});
  }
  context["groups"] = groups;
  context["empty"] = groups.empty();
  context["count"] = found->size();
  context["by_party"] = by_party;
  const std::string base = supplier_view ? "/customers-affected" : "/exposure";
  context["by_advisory_link"] = base;
  context["by_party_link"] = base + "?by=party";
  context["export_csv"] = base + "?format=csv";
  context["export_xlsx"] = base + "?format=xlsx";
  return Render(page, "exposure", context);
}

}  // namespace hoshitori::web
