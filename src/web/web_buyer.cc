// The buyer's pages: the supplier list (filter, search, sort and page done by the API),
// its export to CSV and xlsx, supplier detail, requests, the requirement policy, the
// supply-chain views and the declaration of one's own suppliers.
#include <algorithm>

#include "service/chain_analysis_service.h"
#include "service/sharing_service.h"
#include "web/table_export.h"
#include "web/web_app.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

namespace {

constexpr int kPerPage = 50;
constexpr int kExportPerPage = 500;
constexpr const char* kStatuses[] = {"below", "expired", "unknown", "meets", "outside_chain"};

// The parameters of the supplier list the API understands, taken from the page's query.
std::map<std::string, std::string> ListQuery(const WebApp::Page& page) {
  std::map<std::string, std::string> query;
  for (const char* key : {"q", "star", "status", "sort", "tier", "page"}) {
    const std::string value = page.Query(key);
    if (!value.empty()) query[key] = value;
  }
  return query;
}

// One row of the supplier board for the list and the export.
struct SupplierCells {
  std::string name, corporate_number, held, held_stars, attestation, valid_until, compliance,
      status, required, tier, reason, assessment_id, expired, required_reason;
  bool not_shared = false;
};

SupplierCells CellsOf(const TemplateSet& t, const std::string& lang, const service::SupplierRow& row) {
  SupplierCells cells;
  cells.name = row.supplier.name;
  cells.corporate_number = row.supplier.corporate_number.digits();
  const SupplierStanding& held = row.standing;
  cells.held = std::to_string(held.held_star);
  // Nothing shared is not ★0: "☆☆☆☆☆" would read as a supplier that holds no level.
  cells.not_shared = !held.has_assessment;
  cells.held_stars =
      held.has_assessment ? Stars(held.held_star) : t.Message(lang, "suppliers_not_shared_stars");
  cells.attestation =
      held.has_assessment
          ? t.Message(lang, "att_" + std::string(AttestationKindName(held.held_attestation)))
          : "";
  cells.valid_until = held.held_until ? FormatDate(*held.held_until) : "";
  if (held.expired_on) {
    cells.expired = t.Format(lang, "suppliers_expired_on",
                             {{"star", "★" + std::to_string(held.expired_star)},
                              {"date", FormatDate(*held.expired_on)}});
  }
  cells.status = !row.in_chain ? "outside_chain"
                 : row.status  ? std::string(ComplianceStatusName(*row.status))
                               : "";
  if (cells.status.empty()) cells.status = "unknown";
  cells.compliance = t.Message(lang, "compliance_" + cells.status);
  if (row.in_chain) {
    cells.required = "★" + std::to_string(row.requirement.star);
    cells.tier = std::to_string(row.tier);
  }
  // Why the row has its status (the board's verdict); why the level is required (the policy
  // rule's reason) apart, so that it is never read as the cause of an unknown status.
  cells.reason = DetailForPage(row.reason, lang);
  if (row.in_chain && row.requirement.star > 0) {
    cells.reason = t.Message(lang, "suppliers_status_reason_" + cells.status);
    const std::string why = PickLanguage(row.requirement.reason, lang);
    if (!why.empty())
      cells.required_reason = t.Format(lang, "suppliers_required_because", {{"reason", why}});
  }
  cells.assessment_id = row.assessment_id ? std::to_string(row.assessment_id) : "";
  return cells;
}

}  // namespace

HttpResponse WebApp::Suppliers(Page& page) {
  page.nav = "suppliers";
  const std::string& lang = page.lang;
  auto parameters = ListQuery(page);
  parameters["per_page"] = std::to_string(kPerPage);
  const auto query = service::ParseSupplierQuery(parameters);
  const auto listed = query ? AsUser(page,
                                     [&](service::Context& c) {
                                       return service::ChainAnalysisService(c).Suppliers(*query);
                                     })
                            : Result<service::SupplierList>(query.error());
  json context{{"title", templates_->Message(lang, "suppliers_title")}};
  if (!listed) {
    context["problem"] = json{{"message", templates_->Message(lang, "error_generic")},
                              {"detail", listed.error().message}};
  }
  json rows = json::array();
  for (const service::SupplierRow* row :
       listed ? listed->page.rows : std::vector<const service::SupplierRow*>{}) {
    const SupplierCells c = CellsOf(*templates_, lang, *row);
    rows.push_back(json{
        {"name", c.name},
        {"corporate_number", c.corporate_number},
        {"held", c.held},
        {"held_stars", c.held_stars},
        {"not_shared", c.not_shared},
        {"attestation", c.attestation},
        {"valid_until", c.valid_until},
        {"expired", c.expired},
        {"compliance", c.compliance},
        {"compliance_class", "compliance-" + c.status},
        {"required", c.required},
        {"tier", c.tier},
        {"reason", c.reason},
        {"required_reason", c.required_reason},
        {"detail_link", c.assessment_id.empty()
                            ? ""
                            : "/suppliers/" + c.assessment_id + "?supplier=" + c.corporate_number},
        {"blast_link", c.tier.empty() ? "" : "/chain?supplier=" + c.corporate_number + "#blast"},
        {"verify_link", row->attestation_id.empty() ? "" : "/verify/" + row->attestation_id}});
  }
  context["rows"] = rows;
  context["has_rows"] = !rows.empty();
  // An empty list without filters: say how suppliers get onto it.
  context["no_suppliers_yet"] = listed && listed->page.total == 0 && ListQuery(page).empty();
  const int page_number = listed ? std::max(1, query->page) : 1;
  const int64_t total = listed ? listed->page.total : 0;
  const int64_t pages =
      listed ? std::max<int64_t>(1, (total + query->per_page - 1) / query->per_page) : 1;
  auto link = [&](const std::map<std::string, std::string>& changes) {
    auto parameters = ListQuery(page);
    parameters.erase("page");
    for (const auto& [key, value] : changes) {
      if (value.empty())
        parameters.erase(key);
      else
        parameters[key] = value;
    }
    std::string url = "/suppliers";
    char separator = '?';
    for (const auto& [key, value] : parameters) {
      url += separator + key + "=" + UrlEncode(value);
      separator = '&';
    }
    return url;
  };
  context["total_text"] =
      templates_->Format(lang, "suppliers_total", {{"n", std::to_string(total)}});
  context["page_text"] = templates_->Format(
      lang, "suppliers_page", {{"n", std::to_string(page_number)}, {"m", std::to_string(pages)}});
  if (page_number > 1) context["prev_link"] = link({{"page", std::to_string(page_number - 1)}});
  if (page_number < pages) context["next_link"] = link({{"page", std::to_string(page_number + 1)}});
  // Counts per compliance status, each a link to that part of the list.
  json counts = json::array();
  for (const char* status : kStatuses) {
    int count = 0;
    if (listed) {
      const auto& totals = listed->board->totals();
      const std::string_view name(status);
      count = name == "meets"     ? totals[0]
              : name == "below"   ? totals[1]
              : name == "unknown" ? totals[2]
              : name == "expired" ? totals[3]
                                  : listed->board->outside_chain();
    }
    counts.push_back(json{{"status", status},
                          {"label", templates_->Message(lang, std::string("compliance_") + status)},
                          {"count", std::to_string(count)},
                          {"link", link({{"status", status}})},
                          {"current", page.Query("status") == status}});
  }
  context["counts"] = counts;
  context["all_link"] = link({{"status", ""}});
  json values = json::object();
  for (const auto& [key, value] : ListQuery(page)) values[key] = value;
  if (page.request.method == "POST") {
    for (const auto& [key, value] : page.form) {
      if (key != "csrf") values[key] = value;
    }
  }
  context["values"] = values;
  json stars = json::array();
  for (int s = 0; s <= 5; ++s) {
    stars.push_back(
        json{{"value", std::to_string(s)},
             {"label", s == 0 ? templates_->Message(lang, "suppliers_no_star") : Stars(s)},
             {"selected", page.Query("star") == std::to_string(s)}});
  }
  context["stars"] = stars;
  json statuses = json::array();
  for (const char* status : kStatuses) {
    statuses.push_back(
        json{{"value", status},
             {"label", templates_->Message(lang, std::string("compliance_") + status)},
             {"selected", page.Query("status") == status}});
  }
  context["status_options"] = statuses;
  json sorts = json::array();
  for (const char* s :
       {"status", "name", "-held_star", "held_star", "expiry", "tier", "corporate_number"}) {
    const std::string key =
        std::string("sort_") + (s[0] == '-' ? std::string(s + 1) + "_desc" : std::string(s));
    sorts.push_back(json{{"value", s},
                         {"label", templates_->Message(lang, key)},
                         {"selected", page.Query("sort") == s}});
  }
  context["sorts"] = sorts;
  std::string export_query;
  for (const auto& [key, value] : ListQuery(page)) {
    if (key != "page")
      export_query += (export_query.empty() ? "?" : "&") + key + "=" + UrlEncode(value);
  }
  context["export_csv"] = "/suppliers/export.csv" + export_query;
  context["export_xlsx"] = "/suppliers/export.xlsx" + export_query;
  json frameworks = json::array();
  for (const char* id : {"hoshitori-common", "security-action", "ipa-self-check-25"}) {
    const json& f = Framework(page, id);
    if (f.is_object()) frameworks.push_back(json{{"id", id}, {"name", Localized(f["name"], lang)}});
  }
  context["frameworks"] = frameworks;
  context["today"] = FormatDate(Today());
  if (page.Query("done") == "bulk_requested") {
    const auto count = [&](const char* key) {
      const std::string value = page.Query(key);
      return IsId(value) || value == "0" ? value : std::string("0");
    };
    context["notice"] = templates_->Format(
        lang, "bulk_done", {{"sent", count("sent")}, {"skipped", count("skipped")}});
  }
  return Render(page, "suppliers", context);
}

HttpResponse WebApp::ExportSuppliers(Page& page, bool xlsx) {
  const std::string& lang = page.lang;
  ExportTable table;
  table.sheet_name = "suppliers";
  for (const char* key :
       {"col_supplier", "col_corporate_number", "col_held", "col_attestation", "col_valid_until",
        "col_compliance", "col_required", "col_tier", "col_reason"}) {
    table.headers.push_back(templates_->Message(lang, key));
  }
  auto parameters = ListQuery(page);
  parameters["per_page"] = std::to_string(kExportPerPage);
  for (int number = 1;; ++number) {
    parameters["page"] = std::to_string(number);
    const auto query = service::ParseSupplierQuery(parameters);
    if (!query) return Redirect("/suppliers");
    const auto listed = AsUser(page, [&](service::Context& c) {
      return service::ChainAnalysisService(c).Suppliers(*query);
    });
    if (!listed) return Redirect("/suppliers");
    for (const service::SupplierRow* row : listed->page.rows) {
      const SupplierCells c = CellsOf(*templates_, lang, *row);
      table.rows.push_back(
          {c.name, c.corporate_number, c.held == "0" ? "" : "★" + c.held, c.attestation,
           c.valid_until, c.compliance, c.required, c.tier,
           c.required_reason.empty() ? c.reason : c.reason + " " + c.required_reason});
    }
    if (static_cast<int64_t>(number) * kExportPerPage >= listed->page.total) break;
  }
  HttpResponse response;
  if (xlsx) {
    auto bytes = ToXlsx(table);
    if (!bytes) throw std::runtime_error(bytes.error().message);
    response.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    response.body = std::move(bytes).value();
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"suppliers.xlsx\"");
  } else {
    response.content_type = "text/csv; charset=utf-8";
    response.body = ToCsv(table);
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"suppliers.csv\"");
  }
  return response;
}

HttpResponse WebApp::SendRequest(Page& page) {
  service::RequestInput input;
  input.supplier_corporate_number = page.Field("supplier_corporate_number");
  input.framework_id =
      page.Field("framework").empty() ? "hoshitori-common" : page.Field("framework");
  input.message = page.Field("message");
  const std::string star = page.Field("required_star");
  if (star.size() == 1 && star[0] >= '1' && star[0] <= '5') input.required_star = star[0] - '0';
  const auto sent =
      AsUser(page, [&](service::Context& c) { return service::SharingService(c).Ask(input); });
  if (sent) return Redirect("/shares?done=requested");
  page.problem = ProblemForPage(*templates_, page.lang, sent.error());
  page.request.query.clear();
  return Suppliers(page);
}

}  // namespace hoshitori::web
