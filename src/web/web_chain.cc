// The buyer's requirement policy, the supply-chain views (compliance by tier, tiers,
// exposure paths, blast radius, concentration) and the declaration of one's own suppliers.
#include <algorithm>

#include "service/chain_analysis_service.h"
#include "service/notice_terms_service.h"
#include "service/policy_service.h"
#include "service/relationship_service.h"
#include "web/bar_svg.h"
#include "web/web_app.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

namespace {

// Digits only, as ids and corporate numbers of the page's forms are.
bool Digits(const std::string& text, size_t most) {
  return !text.empty() && text.size() <= most &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
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

// The name of a party, "#id" when its profile is unknown.
std::string NameOf(const service::Party& party) {
  return party.organisation ? party.organisation->name : "#" + std::to_string(party.id);
}
std::string NumberOf(const service::Party& party) {
  return party.organisation ? party.organisation->corporate_number.digits() : "";
}

// "A → B → C" by names, every arrow pointing from buyer to supplier. `path` runs either from
// a buyer down to a supplier (tiers, exposure) or, with `upward`, from a compromised supplier
// up to one of its buyers (blast radius); the latter is read from its last relationship so
// that the text never turns back on itself.
std::string PathText(const service::ChainPath& path, bool upward = false) {
  std::string out;
  auto add = [&out](const service::ChainEdge& edge) {
    if (out.empty()) out = NameOf(edge.buyer);
    out += " → " + NameOf(edge.supplier);
  };
  if (upward) {
    std::for_each(path.rbegin(), path.rend(), add);
  } else {
    std::for_each(path.begin(), path.end(), add);
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
    const auto saved = AsUser(page, [&](service::Context& c) {
      return service::PolicyService(c).Put(page.Field("rules"));
    });
    if (saved) return Redirect("/policy?done=policy_saved");
    context["problem"] = json{{"message", templates_->Message(lang, "error_policy")},
                              {"detail", saved.error().message}};
  }
  const auto got =
      AsUser(page, [](service::Context& c) { return service::PolicyService(c).Get(); });
  if (!got) {
    context["problem"] = json{{"message", templates_->Message(lang, "error_generic")},
                              {"detail", got.error().message}};
    return Render(page, "policy", context);
  }
  context["default_rules"] = RulesOf(std::string(RequirementPolicy::DefaultText()), lang);
  const std::string own = page.request.method == "POST" ? page.Field("rules")
                          : got->own                    ? got->own->rules
                                                        : "";
  context["own_rules"] = RulesOf(own, lang);
  context["has_own_rules"] = !context["own_rules"].empty();
  context["rules"] = own;
  context["updated_at"] = got->own ? got->own->updated_at.substr(0, 16) : "";
  context["example"] =
      "rule star4-cloud: kind = cloud_service => star4 \"cloud services hold our data / "
      "クラウドサービスは当社のデータを預かる\"";
  return Render(page, "policy", context);
}

HttpResponse WebApp::Chain(Page& page) {
  page.nav = "chain";
  const std::string& lang = page.lang;
  json context{{"title", templates_->Message(lang, "chain_title")}};
  const auto compliance = AsUser(
      page, [](service::Context& c) { return service::ChainAnalysisService(c).Compliance(); });
  if (compliance) {
    json tiers = json::array();
    std::vector<BarRow> bars;
    for (size_t t = 0; t < compliance->by_tier.size(); ++t) {
      const auto& c = compliance->by_tier[t];
      const std::string tier = std::to_string(t + 1);
      tiers.push_back(json{{"tier", tier},
                           {"meets", std::to_string(c[0])},
                           {"below", std::to_string(c[1])},
                           {"unknown", std::to_string(c[2])},
                           {"expired", std::to_string(c[3])}});
      bars.push_back(BarRow{templates_->Format(lang, "chain_tier_label", {{"n", tier}}),
                            {c[0], c[1], c[2], c[3]}});
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
    const auto& totals = compliance->totals;
    context["compliance"] = json{{"suppliers", std::to_string(compliance->suppliers)},
                                 {"tiers", tiers},
                                 {"meets", std::to_string(totals[0])},
                                 {"below", std::to_string(totals[1])},
                                 {"unknown", std::to_string(totals[2])},
                                 {"expired", std::to_string(totals[3])}};
    context["has_chain"] = !tiers.empty();
  }

  json exposures = json::array();
  if (const auto exposure = AsUser(page, [](service::Context& c) {
        return service::ChainAnalysisService(c).Exposure(20);
      })) {
    for (size_t i = 0; i < exposure->exposures.size(); ++i) {
      const auto& e = exposure->exposures[i];
      const std::string status(ComplianceStatusName(e.status));
      exposures.push_back(
          json{{"rank", std::to_string(i + 1)},
               {"supplier", e.supplier.organisation ? e.supplier.organisation->name : ""},
               {"corporate_number", NumberOf(e.supplier)},
               {"status", templates_->Message(lang, "compliance_" + status)},
               {"status_class", "compliance-" + status},
               {"required", "★" + std::to_string(e.required_star)},
               // Nothing shared is not ★0.
               {"held", e.status == ComplianceStatus::kUnknown
                            ? templates_->Message(lang, "suppliers_not_shared_stars")
                            : "★" + std::to_string(e.held_star)},
               {"path", PathText(e.path)}});
    }
  }
  context["exposures"] = exposures;
  context["has_exposures"] = !exposures.empty();

  json points = json::array();
  if (const auto concentration = AsUser(page, [](service::Context& c) {
        return service::ChainAnalysisService(c).Concentration(20);
      })) {
    for (const auto& p : *concentration) {
      points.push_back(
          json{{"supplier", p.supplier.organisation ? p.supplier.organisation->name : ""},
               {"corporate_number", NumberOf(p.supplier)},
               {"cut_off", std::to_string(p.cut_off)},
               {"direct_buyers", std::to_string(p.direct_buyers)}});
    }
  }
  context["concentration"] = points;
  context["has_concentration"] = !points.empty();

  json reach = json::array();
  if (const auto tiers = AsUser(page, [](service::Context& c) {
        return service::ChainAnalysisService(c).Tiers(100, 100, 0);
      })) {
    for (const auto& s : tiers->suppliers) {
      reach.push_back(
          json{{"supplier", s.supplier.organisation ? s.supplier.organisation->name : ""},
               {"corporate_number", NumberOf(s.supplier)},
               {"tier", std::to_string(s.tier)},
               {"path", PathText(s.path)}});
    }
    context["tiers_total"] =
        templates_->Format(lang, "chain_tiers_total", {{"n", std::to_string(tiers->total)}});
  }
  context["reach"] = reach;
  context["has_reach"] = !reach.empty();

  // Blast radius of a chosen supplier.
  const std::string chosen = page.Query("supplier");
  context["values"] = json{{"supplier", chosen}};
  if (!chosen.empty()) {
    const auto number = CorporateNumber::Parse(chosen);
    const auto radius =
        number ? AsUser(page,
                        [&](service::Context& c) {
                          return service::ChainAnalysisService(c).BlastRadius(*number, 3);
                        })
               : Result<service::BlastRadiusReport>(number.error());
    if (radius) {
      // The buyer itself is not a row of its own list: whether the attack reaches it is said
      // once, in a sentence, with the path by which it does.
      json affected = json::array();
      const service::AffectedOrganisation* you = nullptr;
      int stops = 0;
      for (const auto& o : radius->organisations) {
        if (o.organisation.id == page.org_id()) {
          you = &o;
          continue;
        }
        stops += o.production_stops;
        affected.push_back(json{{"name", NameOf(o.organisation)},
                                {"distance", std::to_string(o.distance)},
                                {"tier_from_you", std::to_string(o.tier_from_you)},
                                {"stops", o.production_stops},
                                {"path", PathText(o.path, true)}});
      }
      json blast{{"supplier", radius->supplier.name},
                 {"summary", templates_->Format(lang, "chain_blast_summary_others",
                                                {{"name", radius->supplier.name},
                                                 {"n", std::to_string(affected.size())},
                                                 {"stops", std::to_string(stops)}})},
                 {"affected", affected},
                 {"has_affected", !affected.empty()}};
      if (you) {
        blast["you"] =
            json{{"text", templates_->Format(lang,
                                             you->production_stops ? "chain_blast_you_stop"
                                                                   : "chain_blast_you_reached",
                                             {{"n", std::to_string(you->distance)}})},
                 {"stops", you->production_stops},
                 {"path", PathText(you->path, true)}};
      }
      context["blast"] = blast;
    } else {
      context["blast_problem"] =
          json{{"message", templates_->Message(lang, number ? "chain_blast_not_found"
                                                            : "error_invalid_corporate_number")}};
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
    const std::string action = page.Field("action");
    const std::string id = page.Field("id");
    // What was done (for the redirect's notice), or the error.
    Result<std::string> done = std::string();
    if (action == "disclose") {
      const std::string viewer = page.Field("viewer_corporate_number");
      done = AsUser(page, [&](service::Context& c) -> Result<std::string> {
        TRY(service::RelationshipService(c).Disclose(viewer.empty() ? std::nullopt
                                                                    : std::optional(viewer)));
        return std::string("disclosed");
      });
    } else if (action == "withdraw") {
      const std::string viewer = page.Field("viewer");
      if (viewer != "upstream" && !Digits(viewer, 20)) return Redirect("/relationships");
      done = AsUser(page, [&](service::Context& c) -> Result<std::string> {
        TRY(service::RelationshipService(c).Withdraw(viewer));
        return std::string("withdrawn");
      });
    } else if (action == "notice_hours" || action == "notice_hours_clear") {
      // The buyer's contractual incident notice hours (service/notice_terms_service.h).
      if (!Digits(id, 18) || id.empty()) return Redirect("/relationships");
      const std::string hours = page.Field("hours");
      done = AsUser(page, [&](service::Context& c) -> Result<std::string> {
        service::NoticeTermsService terms(c);
        if (action == "notice_hours_clear") {
          TRY(terms.Clear(std::stoll(id)));
          return std::string("notice_hours_cleared");
        }
        TRY(terms.Set(std::stoll(id), hours));
        return std::string("notice_hours_set");
      });
    } else if (action == "confirm" || action == "reject" || action == "end") {
      if (!Digits(id, 18)) return Redirect("/relationships");
      done = AsUser(page, [&](service::Context& c) -> Result<std::string> {
        service::RelationshipService relationships(c);
        if (action == "confirm") {
          TRY(relationships.Confirm(std::stoll(id)));
          return std::string("confirmed");
        }
        TRY(relationships.End(std::stoll(id)));
        return std::string(action == "reject" ? "rejected" : "ended");
      });
    } else {
      const auto or_default = [&](const char* field, const char* fallback) {
        return page.Field(field).empty() ? std::string(fallback) : page.Field(field);
      };
      const json relationship{{"buyer", own_number},
                              {"supplier", page.Field("supplier")},
                              {"kind", page.Field("kind")},
                              {"data", or_default("data", "none")},
                              {"connectivity", or_default("connectivity", "none")},
                              {"substitutability", or_default("substitutability", "easy")},
                              {"critical", page.Field("critical") == "yes"},
                              {"on_supplier_it", page.Field("on_supplier_it") != "no"}};
      const std::string declaration = json{{"relationships", json::array({relationship})}}.dump();
      done = AsUser(page, [&](service::Context& c) -> Result<std::string> {
        TRY(service::RelationshipService(c).Declare(declaration));
        return std::string("declared");
      });
    }
    if (done) return Redirect("/relationships?done=" + *done);
    const Error& problem = done.error();
    const bool notice = action == "notice_hours" || action == "notice_hours_clear";
    context["problem"] = json{
        {"message", templates_->Message(
                        lang, problem.title == "Unknown organisation" ? "error_unknown_supplier"
                              : problem.kind == ErrorKind::kForbidden ? "error_relationship_admin"
                              : notice                                ? "error_notice_hours"
                                                                      : "error_generic")},
        {"detail", problem.message}};
  }
  json suppliers = json::array(), buyers = json::array();
  int awaiting_you = 0;
  // The contractual incident notice hours recorded on the listed relationships.
  std::map<int64_t, int> notice_hours;
  if (auto recorded = AsUser(page, [](service::Context& c) {
        return service::NoticeTermsService(c).OfOwnRelationships();
      })) {
    notice_hours = std::move(recorded).value();
  }
  const bool is_admin = page.me["user"].value("role", "") == "org_admin";
  if (const auto listed = AsUser(
          page, [](service::Context& c) { return service::RelationshipService(c).List(); })) {
    for (const service::RelationshipEntry& r : *listed) {
      const service::Party& other = r.as_buyer ? r.edge.supplier : r.edge.buyer;
      const SupplyRelationship& attributes = r.edge.relationship;
      std::string data;
      const std::string raw = DataHandledName(attributes.data);
      size_t start = 0;
      while (start <= raw.size()) {
        const size_t bar = raw.find('|', start);
        const std::string part =
            raw.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        data += (data.empty() ? "" : "・") + templates_->Message(lang, "data_" + part);
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
      const std::string status(service::RelationshipStatusName(r.status));
      awaiting_you += r.status == service::RelationshipStatus::kAwaitingYou;
      json row{
          {"id", std::to_string(attributes.id)},
          {"name", NameOf(other)},
          {"corporate_number", NumberOf(other)},
          {"kind",
           templates_->Message(lang, "kind_" + std::string(RelationshipKindName(attributes.kind)))},
          {"data", data},
          {"connectivity",
           templates_->Message(
               lang, "connectivity_" + std::string(ConnectivityName(attributes.connectivity)))},
          {"substitutability",
           templates_->Message(lang, "substitutability_" + std::string(SubstitutabilityName(
                                                               attributes.substitutability)))},
          {"critical", r.edge.critical},
          {"status", templates_->Message(lang, "rel_status_" + status)},
          {"status_class", "relationship-" + status},
          {"awaiting_you", r.status == service::RelationshipStatus::kAwaitingYou},
          {"declared_by", r.declared_by.organisation ? r.declared_by.organisation->name : ""}};
      const auto hours = notice_hours.find(attributes.id);
      const bool confirmed = r.status == service::RelationshipStatus::kConfirmed;
      row["notice_hours"] =
          hours == notice_hours.end()
              ? templates_->Message(lang, "relationships_notice_hours_none")
              : templates_->Format(lang, "relationships_notice_hours_value",
                                   {{"hours", std::to_string(hours->second)}});
      row["notice_hours_value"] =
          page.Field("id") == row["id"].get<std::string>() && page.request.method == "POST"
              ? page.Field("hours")
              : (hours == notice_hours.end() ? "" : std::to_string(hours->second));
      row["notice_hours_recorded"] = hours != notice_hours.end();
      row["notice_hours_editable"] = r.as_buyer && confirmed && is_admin;
      row["notice_hours_unconfirmed"] = r.as_buyer && !confirmed;
      (r.as_buyer ? suppliers : buyers).push_back(row);
    }
  }
  if (awaiting_you > 0) {
    context["pending_notice"] = templates_->Format(lang, "relationships_pending_notice",
                                                   {{"n", std::to_string(awaiting_you)}});
  }
  // The suppliers' table in pages of kRelationshipsPerPage (a buyer may have thousands): the
  // relationships awaiting the buyer's answer first, then as listed.
  constexpr size_t kRelationshipsPerPage = 50;
  std::stable_partition(suppliers.begin(), suppliers.end(),
                        [](const json& row) { return row.value("awaiting_you", false); });
  const size_t pages = std::max<size_t>(1, (suppliers.size() + kRelationshipsPerPage - 1) /
                                               kRelationshipsPerPage);
  size_t page_number = 1;
  if (const std::string asked = page.Query("page"); Digits(asked, 6) && !asked.empty()) {
    page_number = std::clamp<size_t>(std::stoul(asked), 1, pages);
  }
  const size_t first = (page_number - 1) * kRelationshipsPerPage;
  const size_t last = std::min(suppliers.size(), first + kRelationshipsPerPage);
  json shown = json::array();
  for (size_t i = first; i < last; ++i) shown.push_back(std::move(suppliers[i]));
  if (pages > 1) {
    context["page_text"] = templates_->Format(
        lang, "suppliers_page",
        {{"n", std::to_string(page_number)}, {"m", std::to_string(pages)}});
    if (page_number > 1) {
      context["prev_link"] = "/relationships?page=" + std::to_string(page_number - 1);
    }
    if (page_number < pages) {
      context["next_link"] = "/relationships?page=" + std::to_string(page_number + 1);
    }
  }
  context["has_suppliers"] = !suppliers.empty();
  context["suppliers"] = std::move(shown);
  context["buyers"] = buyers;
  context["has_buyers"] = !buyers.empty();
  json disclosures = json::array();
  if (const auto disclosed = AsUser(page, [](service::Context& c) {
        return service::RelationshipService(c).Disclosures();
      })) {
    for (const service::DisclosureEntry& d : *disclosed) {
      const bool upstream = !d.viewer || !d.viewer->organisation;
      disclosures.push_back(
          json{{"name", upstream ? templates_->Message(lang, "relationships_disclosure_upstream")
                                 : d.viewer->organisation->name},
               {"corporate_number", upstream ? "" : NumberOf(*d.viewer)},
               {"viewer", upstream ? "upstream" : NumberOf(*d.viewer)}});
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
