// The buyer's requirement policy, the supply-chain views (compliance by tier, tiers,
// exposure paths, blast radius, concentration) and the declaration of one's own suppliers.
#include <algorithm>

#include "web/bar_svg.h"
#include "web/web_app.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

namespace {

std::string Text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  return "";
}

// The rules of a policy text ("rule ID: CONDITIONS => starN \"reason\"") for display.
json RulesOf(const std::string& text, const std::string& lang) {
  json rules = json::array();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("rule ", 0) != 0) continue;
    const size_t colon = line.find(':'), arrow = line.find("=>");
    if (colon == std::string::npos || arrow == std::string::npos || arrow < colon) continue;
    std::string conditions = line.substr(colon + 1, arrow - colon - 1);
    std::string outcome = line.substr(arrow + 2);
    const size_t quote = outcome.find('"');
    std::string reason;
    if (quote != std::string::npos) {
      reason = outcome.substr(quote + 1, outcome.rfind('"') > quote ? outcome.rfind('"') - quote - 1
                                                                    : std::string::npos);
      outcome = outcome.substr(0, quote);
    }
    auto trim = [](std::string s) {
      while (!s.empty() && s.front() == ' ') s.erase(s.begin());
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s;
    };
    outcome = trim(outcome);
    const std::string star = outcome.rfind("star", 0) == 0 ? "★" + outcome.substr(4) : outcome;
    rules.push_back(json{{"id", trim(line.substr(5, colon - 5))},
                         {"conditions", trim(conditions)},
                         {"star", star},
                         {"reason", PickLanguage(reason, lang)},
                         {"star4", star == "★4" || star == "★5"}});
  }
  return rules;
}

// "A ← B ← C": the path from the buyer down to the supplier, by names.
std::string PathText(const json& path) {
  std::string out;
  for (const json& edge : path) {
    const json buyer = edge.value("buyer", json::object());
    const json supplier = edge.value("supplier", json::object());
    if (out.empty()) out = buyer.value("name", "#" + Text(buyer.value("id", json(0))));
    out += " → " + supplier.value("name", "#" + Text(supplier.value("id", json(0))));
  }
  return out;
}

json Choices(const TemplateSet& t, const std::string& lang, const char* prefix,
             std::initializer_list<const char*> names, const std::string& selected) {
  json out = json::array();
  for (const char* name : names) {
    out.push_back(json{{"value", name},
                       {"label", t.Message(lang, std::string(prefix) + name)},
                       {"selected", selected == name}});
  }
  return out;
}

}  // namespace

HttpResponse WebApp::Policy(Page& page) {
  page.nav = "policy";
  const std::string& lang = page.lang;
  json context{{"title", templates_->Message(lang, "policy_title")}};
  if (page.request.method == "POST") {
    const HttpResponse saved =
        CallApi(page, "PUT", "/api/v1/policy", json{{"rules", page.Field("rules")}});
    if (saved.status == 200) return Redirect("/policy?done=policy_saved");
    const json problem = ProblemOf(saved);
    context["problem"] = json{{"message", templates_->Message(lang, "error_policy")},
                              {"detail", problem.value("detail", "")}};
  }
  const HttpResponse got = CallApi(page, "GET", "/api/v1/policy");
  if (got.status != 200) {
    context["problem"] = json{{"message", templates_->Message(lang, "error_generic")},
                              {"detail", ProblemOf(got).value("detail", "")}};
    return Render(page, "policy", context);
  }
  const json policy = BodyJson(got);
  context["default_rules"] = RulesOf(policy.value("default_rules", ""), lang);
  const std::string own =
      page.request.method == "POST" ? page.Field("rules") : policy.value("rules", "");
  context["own_rules"] = RulesOf(own, lang);
  context["has_own_rules"] = !context["own_rules"].empty();
  context["rules"] = own;
  context["updated_at"] = Text(policy.value("updated_at", json(nullptr))).substr(0, 16);
  context["example"] =
      "rule star4-cloud: kind = cloud_service => star4 \"cloud services hold our data / "
      "クラウドサービスは当社のデータを預かる\"";
  return Render(page, "policy", context);
}

HttpResponse WebApp::Chain(Page& page) {
  page.nav = "chain";
  const std::string& lang = page.lang;
  json context{{"title", templates_->Message(lang, "chain_title")}};

  const HttpResponse compliance = CallApi(page, "GET", "/api/v1/chain/compliance");
  if (compliance.status == 200) {
    const json body = BodyJson(compliance);
    json tiers = json::array();
    std::vector<BarRow> bars;
    for (const json& t : body.value("by_tier", json::array())) {
      tiers.push_back(json{{"tier", Text(t["tier"])},
                           {"meets", Text(t["meets"])},
                           {"below", Text(t["below"])},
                           {"unknown", Text(t["unknown"])},
                           {"expired", Text(t["expired"])}});
      bars.push_back(BarRow{templates_->Format(lang, "chain_tier_label", {{"n", Text(t["tier"])}}),
                            {t.value("meets", 0), t.value("below", 0), t.value("unknown", 0),
                             t.value("expired", 0)}});
    }
    if (!bars.empty()) {
      std::vector<BarSeries> series;
      for (const char* status : {"meets", "below", "unknown", "expired"}) {
        series.push_back(BarSeries{templates_->Message(lang, std::string("compliance_") + status),
                                   std::string("bar-") + status});
      }
      context["bars"] =
          StackedBarsSvg(bars, series, templates_->Message(lang, "chain_compliance_caption"));
    }
    const json totals = body.value("totals", json::object());
    context["compliance"] = json{{"suppliers", Text(body.value("suppliers", json(0)))},
                                 {"tiers", tiers},
                                 {"meets", Text(totals.value("meets", json(0)))},
                                 {"below", Text(totals.value("below", json(0)))},
                                 {"unknown", Text(totals.value("unknown", json(0)))},
                                 {"expired", Text(totals.value("expired", json(0)))}};
    context["has_chain"] = !tiers.empty();
  }

  const HttpResponse exposure =
      CallApi(page, "GET", "/api/v1/chain/exposure", nullptr, {{"limit", "20"}});
  json exposures = json::array();
  if (exposure.status == 200) {
    for (const json& e : BodyJson(exposure).value("exposures", json::array())) {
      const std::string status = e.value("status", "unknown");
      exposures.push_back(json{{"rank", Text(e["rank"])},
                               {"supplier", e["supplier"].value("name", "")},
                               {"corporate_number", e["supplier"].value("corporate_number", "")},
                               {"status", templates_->Message(lang, "compliance_" + status)},
                               {"status_class", "compliance-" + status},
                               {"required", "★" + Text(e.value("required_star", json(0)))},
                               {"held", "★" + Text(e.value("held_star", json(0)))},
                               {"path", PathText(e.value("path", json::array()))}});
    }
  }
  context["exposures"] = exposures;
  context["has_exposures"] = !exposures.empty();

  const HttpResponse concentration =
      CallApi(page, "GET", "/api/v1/chain/concentration", nullptr, {{"limit", "20"}});
  json points = json::array();
  if (concentration.status == 200) {
    for (const json& p : BodyJson(concentration).value("single_points_of_failure", json::array())) {
      points.push_back(json{{"supplier", p["supplier"].value("name", "")},
                            {"corporate_number", p["supplier"].value("corporate_number", "")},
                            {"cut_off", Text(p["cut_off"])},
                            {"direct_buyers", Text(p["direct_buyers"])}});
    }
  }
  context["concentration"] = points;
  context["has_concentration"] = !points.empty();

  const HttpResponse tiers =
      CallApi(page, "GET", "/api/v1/chain/tiers", nullptr, {{"limit", "100"}});
  json reach = json::array();
  if (tiers.status == 200) {
    const json body = BodyJson(tiers);
    for (const json& s : body.value("suppliers", json::array())) {
      reach.push_back(json{{"supplier", s["supplier"].value("name", "")},
                           {"corporate_number", s["supplier"].value("corporate_number", "")},
                           {"tier", Text(s["tier"])},
                           {"path", PathText(s.value("path", json::array()))}});
    }
    context["tiers_total"] =
        templates_->Format(lang, "chain_tiers_total", {{"n", Text(body.value("total", json(0)))}});
  }
  context["reach"] = reach;
  context["has_reach"] = !reach.empty();

  // Blast radius of a chosen supplier.
  const std::string chosen = page.Query("supplier");
  context["values"] = json{{"supplier", chosen}};
  if (!chosen.empty()) {
    const HttpResponse radius =
        CallApi(page, "GET", "/api/v1/chain/blast-radius", nullptr, {{"supplier", chosen}});
    if (radius.status == 200) {
      const json body = BodyJson(radius);
      json affected = json::array();
      for (const json& o : body.value("organisations", json::array())) {
        affected.push_back(json{{"name", o["organisation"].value("name", "")},
                                {"distance", Text(o["distance"])},
                                {"tier_from_you", Text(o["tier_from_you"])},
                                {"stops", o.value("production_stops", false)},
                                {"path", PathText(o.value("path", json::array()))}});
      }
      context["blast"] =
          json{{"supplier", body["supplier"].value("name", "")},
               {"summary",
                templates_->Format(lang, "chain_blast_summary",
                                   {{"name", body["supplier"].value("name", "")},
                                    {"n", Text(body.value("affected", json(0)))},
                                    {"stops", Text(body.value("production_stops", json(0)))}})},
               {"affected", affected},
               {"has_affected", !affected.empty()}};
    } else {
      context["blast_problem"] =
          json{{"message", templates_->Message(lang, "chain_blast_not_found")},
               {"detail", ProblemOf(radius).value("detail", "")}};
    }
  }
  return Render(page, "chain", context);
}

HttpResponse WebApp::Relationships(Page& page) {
  page.nav = "relationships";
  const std::string& lang = page.lang;
  json context{{"title", templates_->Message(lang, "relationships_title")}};
  const std::string own_number = page.me["organisation"].value("corporate_number", "");
  if (page.request.method == "POST") {
    HttpResponse done;
    const std::string action = page.Field("action");
    // Digits only: the id and the viewer go into an API path.
    const auto digits = [](const std::string& text) {
      return !text.empty() && text.size() <= 20 &&
             std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const std::string id = page.Field("id");
    if (action == "disclose") {
      json body = json::object();
      if (!page.Field("viewer_corporate_number").empty())
        body["viewer_corporate_number"] = page.Field("viewer_corporate_number");
      done = CallApi(page, "POST", "/api/v1/disclosures", body);
      if (done.status == 201) return Redirect("/relationships?done=disclosed");
    } else if (action == "withdraw") {
      const std::string viewer = page.Field("viewer");
      if (viewer != "upstream" && !digits(viewer)) return Redirect("/relationships");
      done = CallApi(page, "DELETE", "/api/v1/disclosures/" + viewer);
      if (done.status == 200) return Redirect("/relationships?done=withdrawn");
    } else if (action == "confirm" || action == "reject" || action == "end") {
      if (!digits(id)) return Redirect("/relationships");
      done = action == "confirm" ? CallApi(page, "POST", "/api/v1/relationships/" + id + "/confirm")
                                 : CallApi(page, "DELETE", "/api/v1/relationships/" + id);
      if (done.status == 200) {
        return Redirect(std::string("/relationships?done=") +
                        (action == "confirm" ? "confirmed" : action == "reject" ? "rejected" : "ended"));
      }
    } else {
      json relationship{
          {"buyer", own_number},
          {"supplier", page.Field("supplier")},
          {"kind", page.Field("kind")},
          {"data", page.Field("data").empty() ? "none" : page.Field("data")},
          {"connectivity",
           page.Field("connectivity").empty() ? "none" : page.Field("connectivity")},
          {"substitutability",
           page.Field("substitutability").empty() ? "easy" : page.Field("substitutability")},
          {"critical", page.Field("critical") == "yes"},
          {"on_supplier_it", page.Field("on_supplier_it") != "no"}};
      done = CallApi(page, "POST", "/api/v1/relationships",
                     json{{"relationships", json::array({relationship})}});
      if (done.status == 201) return Redirect("/relationships?done=declared");
    }
    const json problem = ProblemOf(done);
    const std::string title = problem.value("title", "");
    context["problem"] = json{{"message", templates_->Message(lang, title == "Unknown organisation"
                                                                        ? "error_unknown_supplier"
                                                                        : done.status == 403
                                                                              ? "error_relationship_admin"
                                                                              : "error_generic")},
                              {"detail", problem.value("detail", "")}};
  }
  const HttpResponse listed = CallApi(page, "GET", "/api/v1/relationships");
  json suppliers = json::array(), buyers = json::array();
  int awaiting_you = 0;
  if (listed.status == 200) {
    for (const json& r : BodyJson(listed).value("relationships", json::array())) {
      const bool mine = r.value("role", "") == "buyer";
      const json other =
          mine ? r.value("supplier", json::object()) : r.value("buyer", json::object());
      std::string data;
      const std::string raw = r.value("data", "none");
      size_t start = 0;
      while (start <= raw.size()) {
        const size_t bar = raw.find('|', start);
        const std::string part =
            raw.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        data += (data.empty() ? "" : "・") + templates_->Message(lang, "data_" + part);
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
      const std::string status = r.value("status", "confirmed");
      awaiting_you += status == "awaiting_you";
      json row{
          {"id", Text(r.value("id", json(0)))},
          {"name", other.value("name", "#" + Text(other.value("id", json(0))))},
          {"corporate_number", other.value("corporate_number", "")},
          {"kind", templates_->Message(lang, "kind_" + r.value("kind", "other"))},
          {"data", data},
          {"connectivity",
           templates_->Message(lang, "connectivity_" + r.value("connectivity", "none"))},
          {"substitutability",
           templates_->Message(lang, "substitutability_" + r.value("substitutability", "easy"))},
          {"critical", r.value("critical", false)},
          {"status", templates_->Message(lang, "rel_status_" + status)},
          {"status_class", "relationship-" + status},
          {"awaiting_you", status == "awaiting_you"},
          {"declared_by", r.value("declared_by", json::object()).value("name", "")}};
      (mine ? suppliers : buyers).push_back(row);
    }
  }
  if (awaiting_you > 0) {
    context["pending_notice"] = templates_->Format(lang, "relationships_pending_notice",
                                                   {{"n", std::to_string(awaiting_you)}});
  }
  context["suppliers"] = suppliers;
  context["has_suppliers"] = !suppliers.empty();
  context["buyers"] = buyers;
  context["has_buyers"] = !buyers.empty();
  json disclosures = json::array();
  const HttpResponse disclosed = CallApi(page, "GET", "/api/v1/disclosures");
  if (disclosed.status == 200) {
    for (const json& d : BodyJson(disclosed).value("disclosures", json::array())) {
      const json viewer = d.value("viewer", json(nullptr));
      const bool upstream = d.value("upstream", false) || !viewer.is_object();
      disclosures.push_back(json{
          {"name", upstream ? templates_->Message(lang, "relationships_disclosure_upstream")
                            : viewer.value("name", "")},
          {"corporate_number", upstream ? "" : viewer.value("corporate_number", "")},
          {"viewer", upstream ? "upstream" : viewer.value("corporate_number", "")}});
    }
  }
  context["disclosures"] = disclosures;
  context["has_disclosures"] = !disclosures.empty();
  context["kinds"] = Choices(*templates_, lang, "kind_",
                             {"parts", "manufacturing", "it_outsourcing", "subcontracting",
                              "cloud_service", "logistics", "other"},
                             page.Field("kind"));
  context["data_classes"] =
      Choices(*templates_, lang, "data_",
              {"none", "internal", "confidential", "important_confidential", "personal"},
              page.Field("data"));
  context["connectivities"] =
      Choices(*templates_, lang, "connectivity_", {"none", "email", "portal", "vpn", "ot"},
              page.Field("connectivity"));
  context["substitutabilities"] =
      Choices(*templates_, lang, "substitutability_", {"easy", "delayed", "single_source"},
              page.Field("substitutability"));
  return Render(page, "relationships", context);
}

}  // namespace hoshitori::web
