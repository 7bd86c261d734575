// Pages of incident reports (issue 16), adapters over service::IncidentService:
//   /incidents                      the organisation's reports and "report a new incident";
//   /incidents/new, /incidents/{id}/edit   the guided form (one page, short sections);
//   /incidents/{id}                 the report, its status, whom it was shared with, and the
//                                   place of the notification deadlines;
//   /incidents/{id}/approve         original and de-identified text side by side, every removal
//                                   highlighted, the TLP choice and the buyers to warn;
//   /incidents/{id}/withdraw        (POST) withdraws the shared part;
//   /incidents/received[/{id}]      the buyer's side: warnings received, the shared part as TLP
//                                   allows, and the blast radius in the buyer's own chain.
#include <algorithm>
#include <sstream>

#include "core/japanese_text.h"
#include "service/chain_analysis_service.h"
#include "service/incident_deadlines.h"
#include "service/incident_sightings.h"
#include "service/incident_service.h"
#include "service/indicator_correlation.h"
#include "service/notice_terms_service.h"
#include "service/received_correlation.h"
#include "share/region.h"
#include "web/web_deadlines.h"
#include "web/web_page.h"

namespace hoshitori::web {

namespace {

using api::HttpResponse;
using nlohmann::json;

// The form's free-text lists: one entry per line.
constexpr const char* kLineFields[] = {
    "indicators",    "cves",   "malware",        "attack_techniques", "own_domains",
    "own_ip_ranges", "people", "internal_hosts", "other_names"};
constexpr const char* kTextFields[] = {"title",         "kind",
                                       "started_at",    "detected_at",
                                       "what_happened", "affected_systems",
                                       "affected_data", "actions_taken",
                                       "personal_data", "critical_infrastructure"};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos) {
    lines.pop_back();
  }
  return lines;
}

std::string JoinLines(const json& list) {
  std::string out;
  for (const json& item : list) {
    if (!out.empty()) out += "\n";
    out += item.get<std::string>();
  }
  return out;
}

// The answers of a submitted form as the service's JSON.
json AnswersFromForm(const WebApp::Page& page) {
  json answers = json::object();
  for (const char* field : kTextFields) answers[field] = page.Field(field);
  for (const char* field : kLineFields) answers[field] = Lines(page.Field(field));
  // Digits as typed in Japanese ("１，５００") count; anything else goes to the service as
  // text, which refuses it with a message naming the field.
  std::string people = NormaliseDigits(page.Field("people_affected"));
  std::erase(people, ',');
  if (!people.empty() && people.size() <= 10 && IsId(people)) {
    answers["people_affected"] = std::stoll(people);
  } else if (people == "0") {
    answers["people_affected"] = 0;
  } else if (!people.empty()) {
    answers["people_affected"] = page.Field("people_affected");
  }
  answers["eu_customers"] = page.Field("eu_customers") == "1";
  // The buyers ticked as requiring notice (checkboxes notice_buyer_<org id>); the service
  // refuses any that is not a confirmed buyer.
  json notice_buyers = json::array();
  for (const auto& [key, value] : page.form) {
    if (key.rfind("notice_buyer_", 0) == 0 && value == "1" && IsId(key.substr(13)) &&
        key.size() - 13 <= 18) {
      notice_buyers.push_back(std::stoll(key.substr(13)));
    }
  }
  answers["notice_buyers"] = notice_buyers;
  return answers;
}

// The form's values from stored answers.
json FormValues(const service::IncidentAnswers& answers) {
  const json stored = service::IncidentAnswersJson(answers);
  json values = json::object();
  for (const char* field : kTextFields) values[field] = stored[field];
  for (const char* field : kLineFields) values[field] = JoinLines(stored[field]);
  values["people_affected"] =
      answers.people_affected ? std::to_string(*answers.people_affected) : "";
  values["eu_customers"] = answers.eu_customers;
  values["notice_buyers"] = answers.notice_buyers;
  return values;
}

// Text cut into segments, those in `spans` (offset, length, kind, label) marked.
struct Span {
  size_t offset;
  size_t length;
  std::string kind;
  std::string label;
};
json Segments(const std::string& text, const std::vector<Span>& spans) {
  json out = json::array();
  size_t at = 0;
  for (const Span& span : spans) {
    if (span.offset == std::string::npos || span.offset < at || span.offset > text.size()) continue;
    if (span.offset > at) out.push_back(json{{"text", text.substr(at, span.offset - at)}});
    at = span.offset;
    const size_t length = std::min(span.length, text.size() - span.offset);
    if (length == 0) continue;  // a removal replaced by nothing (a time of day)
    out.push_back(json{{"text", text.substr(span.offset, length)},
                       {"mark", true},
                       {"kind", span.kind},
                       {"label", span.label}});
    at = span.offset + length;
  }
  if (at < text.size()) out.push_back(json{{"text", text.substr(at)}});
  return out;
}

// The correlations section (incident_correlations.mustache): each matched indicator with its
// matches, or why they could not be read.
void AddCorrelations(const TemplateSet& templates, const std::string& lang, json& context,
                     const Result<service::IncidentCorrelations>& correlations) {
  if (!correlations) {
    context["correlations_problem"] = ProblemForPage(templates, lang, correlations.error());
    return;
  }
  json matched = json::array();
  for (const service::IndicatorCorrelation& c : correlations->indicators) {
    json matches = json::array();
    for (const service::CorrelationMatch& m : c.matches) {
      json match{
          {"kind", templates.Message(lang, "incident_correlation_kind_" + service::MatchKindKey(m.kind))},
          {"value", m.value},
          {"tlp", std::string(share::TlpLabel(m.tlp))},
          {"tlp_key", std::string(service::TlpName(m.tlp))},
          {"shared_at", m.shared_at.substr(0, 10)},
          {"own", m.own}};
      if (m.report_id) {
        match["report_id"] = *m.report_id;
        match["report_label"] = templates.Format(lang, "incident_correlation_report",
                                                 {{"id", std::to_string(*m.report_id)}});
      }
      matches.push_back(std::move(match));
    }
    matched.push_back(json{{"value", c.value}, {"matches", matches}, {"more", c.more}});
  }
  context["correlations"] =
      json{{"indicators", matched}, {"none", matched.empty()}, {"more", correlations->more}};
}

}  // namespace

HttpResponse WebApp::IncidentPages(Page& page, const std::vector<std::string>& parts) {
  page.nav = "incidents";
  const std::string& lang = page.lang;
  const auto msg = [&](const std::string& key) { return templates_->Message(lang, key); };
  const std::string method = page.request.method == "HEAD" ? "GET" : page.request.method;
  const size_t n = parts.size();
  const auto kind_label = [&](const std::string& kind) { return msg("incident_kind_" + kind); };
  // The k-anonymous reporter description, one "label: value" per field kept; the region is
  // named in the page's language.
  const auto reporter_lines = [&](const share::ReporterDescription& reporter) {
    json lines = json::array();
    if (!reporter.industry.empty()) {
      lines.push_back(msg("incident_reporter_industry") + ": " + reporter.industry);
    }
    if (!reporter.size_band.empty()) {
      lines.push_back(msg("incident_reporter_size") + ": " + reporter.size_band);
    }
    if (!reporter.region.empty()) {
      const share::Region* region = share::FindRegion(reporter.region);
      lines.push_back(msg("incident_reporter_region") + ": " +
                      (region && lang == "en" ? std::string(region->en) : reporter.region));
    }
    return lines;
  };
  const auto kinds = [&](const std::string& chosen) {
    json out = json::array();
    for (const char* kind : service::kIncidentKinds) {
      out.push_back(
          json{{"value", kind}, {"label", kind_label(kind)}, {"checked", chosen == kind}});
    }
    return out;
  };
  const auto problem_of = [&](const Error& error, const char* key) {
    json problem = ProblemForPage(*templates_, lang, error);
    problem["message"] = msg(key);
    return problem;
  };

  // The guided form, new or edited.
  const auto form = [&](const std::string& action, json values, int status) {
    const std::string kind = values.value("kind", "");
    const std::string personal = values.value("personal_data", "unknown");
    // The confirmed buyers, each with the contract's notice hours its buyer recorded.
    json notice_buyers = json::array();
    auto choices = AsUser(
        page, [](service::Context& c) { return service::NoticeTermsService(c).BuyersToNotify(); });
    if (choices) {
      const json chosen = values.value("notice_buyers", json::array());
      for (const service::NoticeBuyerChoice& choice : *choices) {
        const int64_t org_id = choice.buyer.org_id;
        notice_buyers.push_back(json{
            {"org_id", org_id},
            {"name", choice.buyer.name},
            {"hours", choice.hours ? templates_->Format(lang, "incident_notice_hours_recorded",
                                                        {{"hours", std::to_string(*choice.hours)}})
                                   : msg("incident_notice_hours_none")},
            {"checked", std::find(chosen.begin(), chosen.end(), json(org_id)) != chosen.end()}});
      }
    }
    json context{
        {"title", msg(action == "/incidents/new" ? "incident_new_title" : "incident_edit_title")},
        {"action", action},
        {"values", values},
        {"kinds", kinds(kind)},
        {"personal_yes", personal == "yes"},
        {"personal_no", personal == "no"},
        {"personal_unknown", personal != "yes" && personal != "no"},
        {"notice_buyers", notice_buyers},
        {"has_notice_buyers", !notice_buyers.empty()}};
    return Render(page, "incident-form", context, status);
  };

  if (n == 1 && method == "GET") {
    auto listed =
        AsUser(page, [&](service::Context& c) { return service::IncidentService(c).List(); });
    if (!listed) throw std::runtime_error(listed.error().message);
    json reports = json::array();
    for (const service::IncidentReport& report : *listed) {
      reports.push_back(json{{"id", report.record.id},
                             {"title", report.record.title},
                             {"kind", kind_label(report.answers.kind)},
                             {"status", msg("incident_status_" + report.record.status)},
                             {"updated_at", report.record.updated_at.substr(0, 10)}});
    }
    return Render(
        page, "incidents",
        json{{"title", msg("incidents_title")}, {"reports", reports}, {"empty", reports.empty()}});
  }

  if (n == 2 && parts[1] == "new") {
    if (method == "POST") {
      auto created = AsUser(page, [&](service::Context& c) -> Result<service::IncidentReport> {
        TRY_ASSIGN(const auto answers, service::IncidentAnswersFromJson(AnswersFromForm(page)));
        return service::IncidentService(c).Create(answers);
      });
      if (created) {
        return Redirect("/incidents/" + std::to_string(created->record.id) +
                        "?done=incident_saved");
      }
      page.problem = problem_of(created.error(), "incident_problem_save");
      json values = AnswersFromForm(page);
      for (const char* field : kLineFields) values[field] = page.Field(field);
      values["people_affected"] = page.Field("people_affected");
      return form("/incidents/new", values, 422);
    }
    json values{{"kind", "ransomware"}, {"personal_data", "unknown"}};
    return form("/incidents/new", values, 200);
  }

  if (n == 2 && parts[1] == "received" && method == "GET") {
    auto received =
        AsUser(page, [&](service::Context& c) { return service::IncidentService(c).Received(); });
    if (!received) throw std::runtime_error(received.error().message);
    json list = json::array();
    for (const service::ReceivedIncident& r : *received) {
      list.push_back(json{{"id", r.report_id},
                          {"title", r.part.title},
                          {"kind", kind_label(r.part.kind)},
                          {"tlp", std::string(share::TlpLabel(r.tlp))},
                          {"tlp_key", std::string(service::TlpName(r.tlp))},
                          {"supplier", r.supplier ? r.supplier->name : ""},
                          {"approved_at", r.approved_at.substr(0, 10)}});
    }
    return Render(page, "incidents-received",
                  json{{"title", msg("incidents_received_title")},
                       {"incidents", list},
                       {"empty", list.empty()}});
  }

  if (n == 4 && parts[1] == "received" && IsId(parts[2]) && parts[3] == "sighting" &&
      method == "POST") {
    const int64_t id = std::stoll(parts[2]);
    auto recorded =
        AsUser(page, [&](service::Context& c) { return service::RecordSighting(c, id); });
    if (!recorded && recorded.error().kind == ErrorKind::kNotFound) return NotFound(page);
    return Redirect("/incidents/received/" + std::to_string(id) +
                    (recorded ? "?done=incident_sighting_saved" : ""));
  }
  if (n == 3 && parts[1] == "received" && IsId(parts[2]) && method == "GET") {
    const int64_t id = std::stoll(parts[2]);
    auto received = AsUser(
        page, [&](service::Context& c) { return service::IncidentService(c).ReadShared(id); });
    if (!received) return NotFound(page);
    json fields = json::array();
    for (const service::DeidentifiedField& f : received->part.fields) {
      if (f.field == "title" || f.text.empty()) continue;
      fields.push_back(json{{"label", msg("incident_field_" + f.field)}, {"text", f.text}});
    }
    const service::IncidentPart& part = received->part;
    const json reporter = reporter_lines(part.reporter);
    json context{{"title", part.title},
                 {"id", id},
                 {"tlp", std::string(share::TlpLabel(received->tlp))},
                 {"tlp_key", std::string(service::TlpName(received->tlp))},
                 {"tlp_explained",
                  msg("incident_tlp_" + std::string(service::TlpName(received->tlp)) + "_help")},
                 {"kind", kind_label(part.kind)},
                 {"started_on", part.started_on},
                 {"detected_on", part.detected_on},
                 {"approved_at", received->approved_at.substr(0, 10)},
                 {"fields", fields},
                 {"indicators", part.indicators},
                 {"has_indicators", !part.indicators.empty()},
                 {"cves", part.cves},
                 {"malware", part.malware},
                 {"attack_techniques", part.attack_techniques},
                 {"reporter", reporter},
                 {"has_reporter", !reporter.empty()}};
    if (received->supplier) {
      context["supplier"] = received->supplier->name;
      // Who in the buyer's own chain depends on this supplier (the chain page's blast radius).
      const CorporateNumber number = received->supplier->corporate_number;
      auto radius = AsUser(page, [&](service::Context& c) {
        return service::ChainAnalysisService(c).BlastRadius(number, 3);
      });
      if (radius) {
        json affected = json::array();
        for (const service::AffectedOrganisation& o : radius->organisations) {
          if (o.organisation.id == page.org_id()) {
            context["blast_you"] = templates_->Format(
                lang, o.production_stops ? "chain_blast_you_stop" : "chain_blast_you_reached",
                {{"n", std::to_string(o.distance)}});
            continue;
          }
          affected.push_back(
              json{{"name", o.organisation.organisation ? o.organisation.organisation->name
                                                        : "#" + std::to_string(o.organisation.id)},
                   {"tier", std::to_string(o.tier_from_you)},
                   {"stops", o.production_stops}});
        }
        context["blast"] = json{{"affected", affected}, {"has_affected", !affected.empty()}};
      }
    }
    // Which of its indicators other shared reports this reader may read carry too.
    AddCorrelations(*templates_, lang, context, AsUser(page, [&](service::Context& c) {
                      return service::CorrelateReceived(c, id);
                    }));
    // "We saw this too", with the count only over k organisations.
    if (auto seen = AsUser(page, [&](service::Context& c) { return service::ReadSightings(c, id); });
        seen) {
      json sightings{{"we_saw", seen->we_saw}, {"k", seen->k}};
      if (seen->count) {
        sightings["count_text"] =
            templates_->Format(lang, "incident_sightings_count", {{"count", std::to_string(*seen->count)}});
      } else {
        sightings["below_k_text"] =
            templates_->Format(lang, "incident_sightings_below_k", {{"k", std::to_string(seen->k)}});
      }
      context["sightings"] = sightings;
    }
    return Render(page, "incident-received", context);
  }

  if (n < 2 || !IsId(parts[1])) return NotFound(page);
  const int64_t id = std::stoll(parts[1]);
  const std::string base = "/incidents/" + std::to_string(id);

  if (n == 3 && parts[2] == "edit") {
    if (method == "POST") {
      auto saved = AsUser(page, [&](service::Context& c) -> Result<service::IncidentReport> {
        TRY_ASSIGN(const auto answers, service::IncidentAnswersFromJson(AnswersFromForm(page)));
        return service::IncidentService(c).Save(id, answers);
      });
      if (saved) return Redirect(base + "?done=incident_saved");
      if (saved.error().kind == ErrorKind::kNotFound) return NotFound(page);
      page.problem = problem_of(saved.error(), "incident_problem_save");
      json values = AnswersFromForm(page);
      for (const char* field : kLineFields) values[field] = page.Field(field);
      values["people_affected"] = page.Field("people_affected");
      return form(base + "/edit", values, 422);
    }
    auto report =
        AsUser(page, [&](service::Context& c) { return service::IncidentService(c).Get(id); });
    if (!report) return NotFound(page);
    return form(base + "/edit", FormValues(report->answers), 200);
  }

  if (n == 3 && parts[2] == "withdraw" && method == "POST") {
    auto withdrawn =
        AsUser(page, [&](service::Context& c) { return service::IncidentService(c).Withdraw(id); });
    if (!withdrawn && withdrawn.error().kind == ErrorKind::kNotFound) return NotFound(page);
    if (withdrawn) return Redirect(base + "?done=incident_withdrawn");
    page.problem = problem_of(withdrawn.error(), "incident_problem_withdraw");
  }

  if (n == 3 && parts[2] == "approve") {
    if (method == "POST") {
      service::IncidentApproval approval;
      approval.digest = page.Field("digest");
      auto tlp = share::ParseTlp(page.Field("tlp"));
      approval.tlp = tlp ? *tlp : share::Tlp::kAmber;
      std::vector<int64_t> buyers;
      for (const auto& [key, value] : page.form) {
        if (key.rfind("buyer_", 0) == 0 && value == "1" && IsId(key.substr(6))) {
          buyers.push_back(std::stoll(key.substr(6)));
        }
      }
      approval.buyers = buyers;
      if (IsId(page.Field("group_id"))) approval.group_id = std::stoll(page.Field("group_id"));
      auto approved = AsUser(page, [&](service::Context& c) -> Result<service::IncidentReport> {
        if (!tlp) return tlp.error();
        return service::IncidentService(c).Approve(id, approval);
      });
      if (approved) return Redirect(base + "?done=incident_shared");
      if (approved.error().kind == ErrorKind::kNotFound) return NotFound(page);
      page.problem = problem_of(approved.error(), "incident_problem_approve");
    }
    auto shown = AsUser(
        page,
        [&](service::Context& c)
            -> Result<std::pair<service::IncidentPreview, service::IncidentAudienceChoices>> {
          service::IncidentService incidents(c);
          TRY_ASSIGN(auto preview, incidents.Preview(id));
          TRY_ASSIGN(auto choices, incidents.AudienceChoices(id));
          return std::make_pair(std::move(preview), std::move(choices));
        });
    if (!shown) {
      if (shown.error().kind == ErrorKind::kNotFound) return NotFound(page);
      page.problem = problem_of(shown.error(), "incident_problem_preview");
      return Render(page, "incident-approve",
                    json{{"title", msg("incident_approve_title")}, {"id", id}, {"broken", true}});
    }
    const auto& [preview, choices] = *shown;
    json sections = json::array();
    int removals = 0;
    for (const service::DeidentifiedField& f : preview.part.fields) {
      if (f.original.empty()) continue;
      std::vector<Span> left, right;
      for (size_t i = 0; i < f.removals.size(); ++i) {
        const share::Removal& r = f.removals[i];
        const std::string kind(share::RemovalKindName(r.kind));
        std::string key = "incident_removal_" + kind;
        std::replace(key.begin(), key.end(), '-', '_');
        const std::string label = msg(key);
        left.push_back({r.offset, r.length, kind, label});
        right.push_back({f.replaced_at[i], r.replacement.size(), kind, label});
      }
      removals += static_cast<int>(f.removals.size());
      sections.push_back(json{{"label", msg("incident_field_" + f.field)},
                              {"original", Segments(f.original, left)},
                              {"deidentified", Segments(f.text, right)}});
    }
    json dropped = json::array();
    for (const share::DroppedIndicator& d : preview.dropped) {
      dropped.push_back(json{{"indicator", d.indicator}, {"reason", d.reason}});
    }
    // Ticked buyers: those ticked in a refused form, else every confirmed buyer.
    const bool resubmitted = method == "POST";
    json buyers = json::array();
    for (const ConfirmedBuyer& b : choices.buyers) {
      const bool close = b.connectivity == "ot" || b.connectivity == "vpn";
      buyers.push_back(json{
          {"org_id", b.org_id},
          {"name", b.name},
          {"connectivity", msg("incident_connectivity_" + b.connectivity)},
          {"close", close},
          {"checked", !resubmitted || page.Field("buyer_" + std::to_string(b.org_id)) == "1"}});
    }
    json groups = json::array();
    for (const auto& [group_id, name] : choices.groups) {
      groups.push_back(json{{"id", group_id},
                            {"name", name},
                            {"selected", page.Field("group_id") == std::to_string(group_id)}});
    }
    const std::string chosen_tlp = resubmitted ? page.Field("tlp") : "TLP:AMBER";
    json tlps = json::array();
    for (share::Tlp tlp : {share::Tlp::kAmber, share::Tlp::kAmberStrict, share::Tlp::kRed,
                           share::Tlp::kGreen, share::Tlp::kClear}) {
      const std::string label(share::TlpLabel(tlp));
      tlps.push_back(
          json{{"value", label},
               {"key", std::string(service::TlpName(tlp))},
               {"help", msg("incident_tlp_" + std::string(service::TlpName(tlp)) + "_help")},
               {"checked", chosen_tlp == label}});
    }
    json context{{"title", msg("incident_approve_title")},
                 {"id", id},
                 {"digest", preview.digest},
                 {"sections", sections},
                 {"removal_count", std::to_string(removals)},
                 {"indicators", preview.part.indicators},
                 {"cves", preview.part.cves},
                 {"malware", preview.part.malware},
                 {"attack_techniques", preview.part.attack_techniques},
                 {"started_on", preview.part.started_on},
                 {"detected_on", preview.part.detected_on},
                 {"dropped", dropped},
                 {"has_dropped", !dropped.empty()},
                 {"reporter", reporter_lines(preview.part.reporter)},
                 {"buyers", buyers},
                 {"has_buyers", !buyers.empty()},
                 {"groups", groups},
                 {"has_groups", !groups.empty()},
                 {"tlps", tlps},
                 {"values", json::object()}};
    return Render(page, "incident-approve", context);
  }

  if (n != 2 && !(n == 3 && parts[2] == "withdraw")) return NotFound(page);
  auto report =
      AsUser(page, [&](service::Context& c) { return service::IncidentService(c).Get(id); });
  if (!report) return NotFound(page);
  const service::IncidentAnswers& a = report->answers;
  json answers = json::array();
  const auto add = [&](const std::string& field, const std::string& value) {
    if (!value.empty())
      answers.push_back(json{{"label", msg("incident_field_" + field)}, {"text", value}});
  };
  add("kind", kind_label(a.kind));
  add("started_at", a.started_at);
  add("detected_at", a.detected_at);
  add("what_happened", a.what_happened);
  add("affected_systems", a.affected_systems);
  add("affected_data", a.affected_data);
  add("actions_taken", a.actions_taken);
  add("personal_data", msg("incident_personal_" + a.personal_data));
  if (a.people_affected) add("people_affected", std::to_string(*a.people_affected));
  add("critical_infrastructure", a.critical_infrastructure);
  add("eu_customers", a.eu_customers ? msg("incident_yes") : "");
  json technical = json::array();
  const auto add_list = [&](const std::string& field, const std::vector<std::string>& items) {
    std::string joined;
    for (const std::string& item : items) {
      if (item.empty()) continue;
      joined += (joined.empty() ? "" : "\n") + item;
    }
    if (!joined.empty())
      technical.push_back(json{{"label", msg("incident_field_" + field)}, {"text", joined}});
  };
  add_list("indicators", a.indicators);
  add_list("cves", a.cves);
  add_list("malware", a.malware);
  add_list("attack_techniques", a.attack_techniques);
  const std::string& status = report->record.status;
  json context{{"title", report->record.title},
               {"id", id},
               {"status", msg("incident_status_" + status)},
               {"status_key", status},
               {"answers", answers},
               {"technical", technical},
               {"editable", status != "withdrawn"},
               {"approvable", status == "draft"},
               {"is_admin", page.me["user"].value("role", "") == "org_admin"}};
  if (report->share) {
    const service::IncidentShareSummary& share = *report->share;
    json recipients = json::array();
    for (const StoredIncidentRecipient& r : share.recipients) {
      if (r.user_id) continue;
      std::string name = "#" + std::to_string(r.org_id);
      auto organisation =
          AsUser(page, [&](service::Context& c) { return c.store.GetOrganisation(r.org_id); });
      if (organisation && *organisation) name = (*organisation)->name;
      recipients.push_back(json{{"name", name}, {"warned_at", r.warned_at.substr(0, 16)}});
    }
    context["share"] = json{{"tlp", std::string(share::TlpLabel(share.tlp))},
                            {"tlp_key", std::string(service::TlpName(share.tlp))},
                            {"approved_at", share.approved_at.substr(0, 16)},
                            {"withdrawn", share.withdrawn_at.has_value()},
                            {"recipients", recipients},
                            {"has_recipients", !recipients.empty()}};
    context["withdrawable"] = !share.withdrawn_at.has_value() && status != "withdrawn";
  }
  // The notification duties and their clocks, from the answers (service/incident_deadlines.h).
  auto duties = AsUser(page, [&](service::Context& c) { return service::IncidentDuties(c, id); });
  context["deadlines"] =
      DeadlinesView(duties ? *duties : std::vector<share::Duty>{}, *templates_, lang);
  if (!duties) context["deadlines_problem"] = ProblemForPage(*templates_, lang, duties.error());
  // Which indicators other shared reports the organisation may read carry too.
  AddCorrelations(*templates_, lang, context,
                  AsUser(page, [&](service::Context& c) { return service::CorrelateIncident(c, id); }));
  return Render(page, "incident", context);
}

}  // namespace hoshitori::web
