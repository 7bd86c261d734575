// The buyer's pages: the supplier list (filter, search, sort and page done by the API),
// its export to CSV and xlsx, supplier detail, requests, the requirement policy, the
// supply-chain views and the declaration of one's own suppliers.
#include <algorithm>

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

std::string Text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number()) return std::to_string(value.get<double>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return "";
}

// The parameters of the supplier list the API understands, taken from the page's query.
std::map<std::string, std::string> ListQuery(const WebApp::Page& page) {
  std::map<std::string, std::string> query;
  for (const char* key : {"q", "star", "status", "sort", "tier", "page"}) {
    const std::string value = page.Query(key);
    if (!value.empty()) query[key] = value;
  }
  return query;
}

// One supplier row of GET /api/v1/suppliers for the list and the export.
struct SupplierCells {
  std::string name, corporate_number, held, held_stars, attestation, valid_until, compliance,
      status, required, tier, reason, assessment_id, expired;
};

SupplierCells CellsOf(const TemplateSet& t, const std::string& lang, const json& item) {
  SupplierCells cells;
  const json supplier = item.value("supplier", json::object());
  cells.name = supplier.value("name", "");
  cells.corporate_number = supplier.value("corporate_number", "");
  const json held = item.value("held", json::object());
  const int star = held.value("star", 0);
  cells.held = std::to_string(star);
  cells.held_stars = Stars(star);
  cells.attestation = held.contains("attestation") && held["attestation"].is_string()
                          ? t.Message(lang, "att_" + held["attestation"].get<std::string>())
                          : "";
  cells.valid_until = Text(held.value("valid_until", json(nullptr)));
  if (held.contains("expired") && held["expired"].is_object()) {
    cells.expired = t.Format(lang, "suppliers_expired_on",
                             {{"star", "★" + Text(held["expired"].value("star", json(0)))},
                              {"date", Text(held["expired"].value("on", json("")))}});
  }
  cells.status = item.value("in_chain", false) ? Text(item.value("compliance", json(nullptr)))
                                               : "outside_chain";
  if (cells.status.empty()) cells.status = "unknown";
  cells.compliance = t.Message(lang, "compliance_" + cells.status);
  const json requirement = item.value("requirement", json(nullptr));
  if (requirement.is_object()) cells.required = "★" + Text(requirement.value("star", json(0)));
  cells.tier = Text(item.value("tier", json(nullptr)));
  // Why the level is required (the policy rule's reason); the API's verdict text otherwise.
  cells.reason = requirement.is_object() && requirement.contains("reason")
                     ? PickLanguage(requirement.value("reason", ""), lang)
                     : PickLanguage(item.value("reason", ""), lang);
  cells.assessment_id = Text(item.value("assessment_id", json(nullptr)));
  return cells;
}

}  // namespace

HttpResponse WebApp::Suppliers(Page& page) {
  page.nav = "suppliers";
  const std::string& lang = page.lang;
  auto query = ListQuery(page);
  query["per_page"] = std::to_string(kPerPage);
  const HttpResponse listed = CallApi(page, "GET", "/api/v1/suppliers", nullptr, query);
  json context{{"title", templates_->Message(lang, "suppliers_title")}};
  json body = json::object();
  if (listed.status == 200) {
    body = BodyJson(listed);
  } else {
    context["problem"] = json{{"message", templates_->Message(lang, "error_generic")},
                              {"detail", ProblemOf(listed).value("detail", "")}};
  }
  json rows = json::array();
  for (const json& item : body.value("suppliers", json::array())) {
    const SupplierCells c = CellsOf(*templates_, lang, item);
    rows.push_back(json{
        {"name", c.name},
        {"corporate_number", c.corporate_number},
        {"held", c.held},
        {"held_stars", c.held_stars},
        {"attestation", c.attestation},
        {"valid_until", c.valid_until},
        {"expired", c.expired},
        {"compliance", c.compliance},
        {"compliance_class", "compliance-" + c.status},
        {"required", c.required},
        {"tier", c.tier},
        {"reason", c.reason},
        {"detail_link", c.assessment_id.empty()
                            ? ""
                            : "/suppliers/" + c.assessment_id + "?supplier=" + c.corporate_number},
        {"blast_link", c.tier.empty() ? "" : "/chain?supplier=" + c.corporate_number + "#blast"}});
  }
  context["rows"] = rows;
  context["has_rows"] = !rows.empty();
  const int page_number = std::max(1, body.value("page", 1));
  const int64_t total = body.value("total", int64_t{0});
  const int64_t pages = std::max<int64_t>(1, body.value("pages", int64_t{1}));
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
  const json totals = body.value("counts", json::object());
  for (const char* status : kStatuses) {
    counts.push_back(json{{"status", status},
                          {"label", templates_->Message(lang, std::string("compliance_") + status)},
                          {"count", Text(totals.value(status, json(0)))},
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
  auto query = ListQuery(page);
  query["per_page"] = std::to_string(kExportPerPage);
  for (int number = 1;; ++number) {
    query["page"] = std::to_string(number);
    const HttpResponse listed = CallApi(page, "GET", "/api/v1/suppliers", nullptr, query);
    if (listed.status != 200) return Redirect("/suppliers");
    const json body = BodyJson(listed);
    for (const json& item : body.value("suppliers", json::array())) {
      const SupplierCells c = CellsOf(*templates_, lang, item);
      table.rows.push_back({c.name, c.corporate_number, c.held == "0" ? "" : "★" + c.held,
                            c.attestation, c.valid_until, c.compliance, c.required, c.tier,
                            c.reason});
    }
    if (number >= body.value("pages", 1)) break;
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
