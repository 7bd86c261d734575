// The buyer's bulk work in the pages (issue 15): relationships uploaded from a spreadsheet,
// rules built from a form, per-relationship overrides, requests to many suppliers with a
// deadline, and the per-question workbook across suppliers. Every change goes through a
// service use case (authorised, one transaction, audited).
#include <algorithm>
#include <set>

#include "interchange/table.h"
#include "service/answer_sheet_service.h"
#include "service/chain_analysis_service.h"
#include "service/policy_service.h"
#include "service/relationship_service.h"
#include "service/sharing_service.h"
#include "web/table_export.h"
#include "web/web_app.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

namespace {

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr int kPerListPage = 500;
// The most suppliers the "all failing" choice asks at once (SharingService::kMaxBulkRequests).
constexpr size_t kMaxFailing = service::SharingService::kMaxBulkRequests;

// A use case's error for a template: the localized message for its kind of problem, and the
// service's own words in the page's language.
json ProblemOfError(const TemplateSet& t, const std::string& lang, const Error& error,
                    const char* message_key) {
  return json{{"message", t.Message(lang, message_key)},
              {"detail", PickLanguage(error.message, lang)}};
}

// An attachment named `name` (UTF-8, as RFC 5987's filename*: UrlEncode keeps only unreserved
// characters, a subset of its attr-chars) with the ASCII `fallback` for older clients.
std::string Attachment(const std::string& name, const std::string& fallback) {
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + UrlEncode(name);
}

HttpResponse FileResponse(std::string bytes, const char* type, const std::string& disposition) {
  HttpResponse response;
  response.content_type = type;
  response.body = std::move(bytes);
  response.headers.emplace_back("Content-Disposition", disposition);
  return response;
}

}  // namespace

std::optional<HttpResponse> WebApp::BuyerBulkPages(Page& page,
                                                   const std::vector<std::string>& parts) {
  if (parts.size() != 2) return std::nullopt;
  const std::string& method = page.request.method;
  const auto is = [&](const char* first, const char* second) {
    return parts[0] == first && parts[1] == second;
  };
  if (is("relationships", "upload") && (method == "GET" || method == "POST"))
    return UploadRelationships(page);
  if (is("relationships", "template.csv") && method == "GET") {
    return FileResponse(service::RelationshipService::UploadTemplateCsv(),
                        "text/csv; charset=utf-8",
                        "attachment; filename=\"relationships-template.csv\"");
  }
  if (is("relationships", "template.xlsx") && method == "GET") {
    auto rows = interchange::ReadCsvTable(service::RelationshipService::UploadTemplateCsv());
    if (!rows || rows->rows.size() < 2)
      throw std::runtime_error("the upload template is unreadable");
    ExportTable table;
    table.sheet_name = "relationships";
    table.headers = rows->rows[0].cells;
    table.rows.push_back(rows->rows[1].cells);
    table.rows.back().resize(table.headers.size());
    auto bytes = ToXlsx(table);
    if (!bytes) throw std::runtime_error(bytes.error().message);
    return FileResponse(std::move(bytes).value(), kXlsxType,
                        "attachment; filename=\"relationships-template.xlsx\"");
  }
  if (is("policy", "rule") && method == "POST") return AddPolicyRule(page);
  if (is("policy", "overrides") && (method == "GET" || method == "POST"))
    return PolicyOverrides(page);
  if (is("requests", "bulk") && method == "POST") return SendBulkRequests(page);
  if (is("suppliers", "answers.xlsx") && method == "GET") return ExportAnswerSheet(page);
  return std::nullopt;
}

HttpResponse WebApp::UploadRelationships(Page& page) {
  page.nav = "relationships";
  const std::string& lang = page.lang;
  json context{{"title", templates_->Message(lang, "upload_title")}};
  if (page.request.method == "POST") {
    if (!page.upload || page.upload->data.empty()) {
      context["problem"] = json{{"message", templates_->Message(lang, "upload_no_file")}};
    } else {
      const auto outcome = AsUser(page, [&](service::Context& c) {
        return service::RelationshipService(c).Upload(page.upload->data);
      });
      if (!outcome) {
        context["problem"] = ProblemOfError(*templates_, lang, outcome.error(),
                                            outcome.error().kind == ErrorKind::kForbidden
                                                ? "error_relationship_admin"
                                                : "upload_refused");
      } else if (outcome->problems.empty()) {
        return Redirect("/relationships?done=uploaded&n=" + std::to_string(outcome->stored.size()));
      } else {
        json problems = json::array();
        for (const service::UploadProblem& p : outcome->problems) {
          problems.push_back(json{{"row", p.row > 0 ? std::to_string(p.row) : ""},
                                  {"column", p.column},
                                  {"reason", lang == "ja" ? p.ja : p.en}});
        }
        context["problem"] =
            json{{"message", templates_->Message(lang, "upload_refused")},
                 {"detail", templates_->Format(lang, "upload_problem_count",
                                               {{"n", std::to_string(problems.size())}})}};
        context["problems"] = problems;
        context["has_problems"] = true;
        context["file_name"] = page.upload->filename;
      }
    }
  }
  context["max_rows"] = std::to_string(service::RelationshipService::kMaxUploadRows);
  return Render(page, "relationships-upload", context);
}

HttpResponse WebApp::AddPolicyRule(Page& page) {
  service::RuleChoice choice;
  choice.id = page.Field("rule_id");
  const auto picked = [&](const char* prefix, std::initializer_list<const char*> names) {
    std::vector<std::string> out;
    for (const char* name : names) {
      if (page.Field(std::string(prefix) + name) == "yes") out.push_back(name);
    }
    return out;
  };
  choice.kinds = picked("kind_", {"parts", "manufacturing", "it_outsourcing", "subcontracting",
                                  "cloud_service", "logistics", "other"});
  choice.data = picked("data_", {"internal", "confidential", "important_confidential", "personal"});
  choice.connectivities = picked("connectivity_", {"none", "email", "portal", "vpn", "ot"});
  choice.substitutabilities = picked("substitutability_", {"easy", "delayed", "single_source"});
  const std::string tier = page.Field("min_tier");
  choice.min_tier = tier.size() == 1 && tier[0] >= '1' && tier[0] <= '9' ? tier[0] - '0' : 0;
  const std::string star = page.Field("rule_star");
  choice.star = star.size() == 1 && star[0] >= '1' && star[0] <= '5' ? star[0] - '0' : 0;
  choice.reason = page.Field("rule_reason");
  const auto added =
      AsUser(page, [&](service::Context& c) { return service::PolicyService(c).AddRule(choice); });
  if (added) return Redirect("/policy?done=rule_added");
  page.problem = ProblemOfError(*templates_, page.lang, added.error(), "error_policy");
  page.request.method = "GET";  // show the policy page, changing nothing more
  return Policy(page);
}

HttpResponse WebApp::PolicyOverrides(Page& page) {
  page.nav = "policy";
  const std::string& lang = page.lang;
  json context{{"title", templates_->Message(lang, "overrides_title")}};
  if (page.request.method == "POST") {
    const std::string id = page.Field("relationship");
    const std::string star = page.Field("star");
    Status done = OkStatus();
    if (!IsId(id)) {
      done = service::Invalid("Invalid override", "choose a supplier / 仕入先を選んでください");
    } else if (page.Field("action") == "clear") {
      done = AsUser(page, [&](service::Context& c) {
        return service::PolicyService(c).ClearOverride(std::stoll(id));
      });
    } else {
      done = AsUser(page, [&](service::Context& c) -> Status {
        const int level = star.size() == 1 && star[0] >= '1' && star[0] <= '5' ? star[0] - '0' : 0;
        TRY(service::PolicyService(c).SetOverride(std::stoll(id), level, page.Field("reason")));
        return OkStatus();
      });
    }
    if (done) {
      return Redirect(std::string("/policy/overrides?done=") +
                      (page.Field("action") == "clear" ? "override_cleared" : "override_set"));
    }
    context["problem"] = ProblemOfError(*templates_, lang, done.error(), "error_override");
  }
  const auto overrides =
      AsUser(page, [](service::Context& c) { return service::PolicyService(c).Overrides(); });
  const auto listed =
      AsUser(page, [](service::Context& c) { return service::RelationshipService(c).List(); });
  if (!overrides || !listed) {
    context["problem"] = ProblemOfError(
        *templates_, lang, !overrides ? overrides.error() : listed.error(), "error_generic");
    return Render(page, "policy-overrides", context);
  }
  std::map<int64_t, const RequirementOverride*> by_relationship;
  for (const RequirementOverride& o : *overrides) by_relationship[o.relationship_id] = &o;
  json choices = json::array(), rows = json::array();
  for (const service::RelationshipEntry& r : *listed) {
    if (!r.as_buyer) continue;
    const SupplyRelationship& attributes = r.edge.relationship;
    const std::string name = r.edge.supplier.organisation ? r.edge.supplier.organisation->name : "";
    const std::string number =
        r.edge.supplier.organisation ? r.edge.supplier.organisation->corporate_number.digits() : "";
    const std::string kind =
        templates_->Message(lang, "kind_" + std::string(RelationshipKindName(attributes.kind)));
    const std::string id = std::to_string(attributes.id);
    choices.push_back(json{{"id", id},
                           {"label", name + " (" + number + ", " + kind + ")"},
                           {"selected", page.Field("relationship") == id}});
    const auto it = by_relationship.find(attributes.id);
    if (it == by_relationship.end()) continue;
    rows.push_back(json{{"id", id},
                        {"name", name},
                        {"corporate_number", number},
                        {"kind", kind},
                        {"star", "★" + std::to_string(it->second->star)},
                        {"reason", it->second->reason},
                        {"set_at", it->second->set_at.substr(0, 10)}});
  }
  context["choices"] = choices;
  context["has_choices"] = !choices.empty();
  context["rows"] = rows;
  context["has_rows"] = !rows.empty();
  return Render(page, "policy-overrides", context);
}

HttpResponse WebApp::SendBulkRequests(Page& page) {
  service::BulkRequestInput input;
  input.framework_id =
      page.Field("framework").empty() ? "hoshitori-common" : page.Field("framework");
  const std::string star = page.Field("required_star");
  if (star.size() == 1 && star[0] >= '1' && star[0] <= '5') input.required_star = star[0] - '0';
  input.message = page.Field("message");
  if (!page.Field("deadline").empty()) input.deadline = page.Field("deadline");
  // Checked suppliers are fields "pick_<corporate number>".
  std::set<std::string> numbers;
  for (const auto& [key, value] : page.form) {
    if (key.starts_with("pick_") && value == "yes") numbers.insert(key.substr(5));
  }
  Status listed = OkStatus();
  if (page.Field("all_failing") == "yes") {
    // Every supplier of the chain that does not meet its requirement.
    for (const char* status : {"below", "unknown", "expired"}) {
      for (int number = 1; listed && numbers.size() <= kMaxFailing; ++number) {
        const auto query = service::ParseSupplierQuery({{"status", status},
                                                    {"per_page", std::to_string(kPerListPage)},
                                                    {"page", std::to_string(number)}});
        if (!query) break;
        const auto rows = AsUser(page, [&](service::Context& c) {
          return service::ChainAnalysisService(c).Suppliers(*query);
        });
        if (!rows) {
          listed = rows.error();
          break;
        }
        for (const service::SupplierRow* row : rows->page.rows)
          numbers.insert(row->supplier.corporate_number.digits());
        if (static_cast<int64_t>(number) * kPerListPage >= rows->page.total) break;
      }
    }
  }
  input.supplier_corporate_numbers.assign(numbers.begin(), numbers.end());
  const auto sent =
      listed
          ? AsUser(page,
                   [&](service::Context& c) { return service::SharingService(c).AskMany(input); })
          : Result<service::BulkRequestOutcome>(listed.error());
  if (sent) {
    return Redirect("/suppliers?done=bulk_requested&sent=" + std::to_string(sent->sent.size()) +
                    "&skipped=" + std::to_string(sent->already_open.size()));
  }
  page.problem = ProblemOfError(*templates_, page.lang, sent.error(), "error_bulk_request");
  page.request.query.clear();
  page.request.method = "GET";
  return Suppliers(page);
}

HttpResponse WebApp::ExportAnswerSheet(Page& page) {
  const std::string& lang = page.lang;
  const std::string framework_id =
      page.Query("framework").empty() ? "hoshitori-common" : page.Query("framework");
  const auto sheet = AsUser(page, [&](service::Context& c) {
    return service::AnswerSheetService(c).Sheet(framework_id);
  });
  if (!sheet) {
    page.problem = ProblemOfError(*templates_, lang, sheet.error(), "error_generic");
    page.request.query.clear();
    return Suppliers(page);
  }
  const hoshitori::Framework& framework = *sheet->framework;
  ExportTable table;
  table.sheet_name = templates_->Message(lang, "answers_sheet_name");
  table.kinds = {ColumnKind::kText, ColumnKind::kText, ColumnKind::kNumber, ColumnKind::kDate,
                 ColumnKind::kDate, ColumnKind::kText, ColumnKind::kNumber};
  for (const char* key :
       {"col_supplier", "col_corporate_number", "answers_col_star", "col_valid_until",
        "answers_col_submitted", "answers_col_detail", "answers_col_implemented"}) {
    table.headers.push_back(templates_->Message(lang, key));
  }
  for (const NodeIndex node : framework.assessable()) {
    const RequirementNode& n = framework.nodes()[node];
    table.headers.push_back(n.ref + " " + n.title.In(lang));
  }
  for (const service::SupplierAnswerRow& row : sheet->rows) {
    std::vector<std::string> cells{
        row.supplier.name,
        row.supplier.corporate_number.digits(),
        std::to_string(row.held_star),
        row.held_until ? FormatDate(*row.held_until) : "",
        row.record.submitted_at ? row.record.submitted_at->substr(0, 10) : "",
        templates_->Message(lang, row.detail == ShareDetail::kDetails ? "answers_detail_details"
                                                                      : "answers_detail_level"),
        ""};
    int implemented = 0;
    for (const auto& answer : row.answers) {
      if (!answer) {
        cells.push_back("");
        continue;
      }
      implemented += answer->status == AnswerStatus::kImplemented;
      cells.push_back(
          templates_->Message(lang, "status_" + std::string(AnswerStatusName(answer->status))));
    }
    if (row.detail == ShareDetail::kDetails) cells[6] = std::to_string(implemented);
    cells.resize(table.headers.size());
    table.rows.push_back(std::move(cells));
  }
  auto bytes = ToXlsx(table);
  if (!bytes) throw std::runtime_error(bytes.error().message);
  std::string short_name = framework.id;
  if (short_name.starts_with("hoshitori-")) short_name = short_name.substr(10);
  const std::string day = FormatDate(Today());
  return FileResponse(std::move(bytes).value(), kXlsxType,
                      Attachment(templates_->Message(lang, "answers_file_prefix") + "_" +
                                     short_name + "_" + day + ".xlsx",
                                 "answers_" + short_name + "_" + day + ".xlsx"));
}

}  // namespace hoshitori::web
