// The supplier journey: the dashboard with the guided path, answering one category per
// page, the result (levels, radar chart, gaps, action plan), submitting, sharing and
// answering requests.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>

#include "api/views.h"
#include "assess/answers.h"
#include "core/error_kind.h"
#include "service/account_service.h"
#include "service/assessment_service.h"
#include "service/attestation_service.h"
#include "service/management_declaration.h"
#include "service/sharing_service.h"
#include "web/radar_svg.h"
#include "web/web_app.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

namespace {

const char* kAnswerStatuses[] = {"implemented", "partial", "not_implemented", "not_applicable",
                                 "unknown"};

// The assessments' summary rows for the dashboard.
json AssessmentRow(const TemplateSet& t, const std::string& lang, const json& a,
                   const json& framework) {
  const int held = a["held"].value("star", 0);
  const int eligible = a.value("eligible_star", 0);
  const std::string status = a.value("status", "");
  return json{{"id", a["id"]},
              {"framework", framework.is_object() ? Localized(framework["name"], lang)
                                                  : a.value("framework", "")},
              {"status", t.Message(lang, "astatus_" + status)},
              {"draft", status == "draft"},
              {"held_stars", Stars(held)},
              {"held", held},
              {"eligible_stars", Stars(eligible)},
              {"eligible", eligible},
              {"updated_at", a.value("updated_at", "").substr(0, 10)}};
}

// The name of a party to a share or request; its organisation number when its profile is
// missing.
std::string PartyLabel(const TemplateSet& t, const std::string& lang, const service::Party& party) {
  if (party.organisation) return party.organisation->name;
  return t.Format(lang, "organisation_number", {{"id", std::to_string(party.id)}});
}

std::string DetailKey(const Share& share) {
  return share.detail == ShareDetail::kDetails ? "share_detail_details" : "share_detail_level";
}

// A proposal carried over from an earlier assessment as the answer page shows it: where it
// comes from, the answer proposed, and each provenance chain as "framework ref → … ".
json CarriedJson(const TemplateSet& t, const Catalog& catalog, const std::string& lang, const json& node,
                 const StoredCarriedAnswer& proposal) {
  const auto framework_name = [&](const std::string& id) {
    const hoshitori::Framework* f = catalog.FindFramework(id);
    return f ? f->name.In(lang) : id;
  };
  const auto ref_of = [&](const std::string& framework, const std::string& node_id) {
    const hoshitori::Framework* f = catalog.FindFramework(framework);
    const NodeIndex index = f ? f->Find(node_id) : -1;
    return index >= 0 ? f->nodes()[index].ref : node_id;
  };
  std::string answer = t.Message(lang, "status_" + proposal.status);
  for (const json& c : node.value("choices", json::array())) {
    if (c.value("id", "") == proposal.choice) answer = Localized(c["label"], lang);
  }
  json chains = json::array();
  if (const auto parsed = service::ParseProvenance(proposal.provenance)) {
    for (const ProvenanceChain& chain : *parsed) {
      if (chains.size() >= 3) break;
      std::string text;
      for (const ProvenanceStep& step : chain.steps) {
        if (!text.empty()) text += " → ";
        if (!step.relationship.empty()) text += "(" + step.relationship + ") ";
        text += framework_name(step.framework) + " " + ref_of(step.framework, step.node_id);
      }
      text += " — " + t.Message(lang, "prefill_original") + ": " +
              t.Message(lang, "status_" + std::string(AnswerStatusName(chain.original)));
      chains.push_back(text);
    }
  }
  return json{{"from", t.Format(lang, "prefill_from", {{"framework", framework_name(proposal.source_framework)}})},
              {"answer", answer},
              {"chains", chains}};
}

// The element id of a question on the answer page ("q-" and the node id, other characters
// than letters and digits as '-'), for links to it.
std::string QuestionDomId(const std::string& node_id) {
  std::string dom_id = "q-";
  for (char c : node_id) dom_id.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '-');
  return dom_id;
}

// "96 questions, 31 of them pre-filled from your earlier answers — about 1 h 17 min".
std::string PlanText(const TemplateSet& t, const std::string& lang, const service::StartPlan& plan) {
  const std::string time = plan.minutes >= 60 ? t.Format(lang, "prefill_hours", {{"h", std::to_string(plan.minutes / 60)},
                                                                                 {"m", std::to_string(plan.minutes % 60)}})
                                              : t.Format(lang, "prefill_minutes", {{"m", std::to_string(plan.minutes)}});
  return t.Format(lang, plan.carried > 0 ? "prefill_plan_carried" : "prefill_plan",
                  {{"n", std::to_string(plan.questions)}, {"k", std::to_string(plan.carried)}, {"time", time}});
}

}  // namespace

HttpResponse WebApp::Assessments(Page& page) {
  page.nav = "assess";
  json context{{"title", templates_->Message(page.lang, "dashboard_title")}};
  if (page.request.method == "POST") {
    service::StartInput input;
    input.framework_id = page.Field("framework");
    const std::string target = page.Field("target");
    if (target.size() == 1 && target[0] >= '1' && target[0] <= '5') input.target_star = target[0] - '0';
    input.name = page.Field("name");
    if (input.name.empty()) {
      if (const hoshitori::Framework* f = runtime_.catalog().FindFramework(input.framework_id)) {
        input.name = service::DefaultAssessmentName(*f, input.target_star.value_or(0), runtime_.clock().Today(), page.lang);
      }
    }
    const auto created = AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).Start(input); });
    if (created) return Redirect("/assessments/" + std::to_string(created->id) + "/answer");
    context["problem"] = ProblemForPage(*templates_, page.lang, created.error());
  }
  const auto listed = AsUser(page, [](service::Context& c) { return service::AssessmentService(c).ListOwn(); });
  json rows = json::array();
  std::set<std::string> started;
  int best = 0;
  if (listed) {
    for (const service::AssessmentView& view : *listed) {
      const json a = api::AssessmentViewJson(view, false);
      const std::string framework_id = view.record.framework_id;
      started.insert(framework_id);
      rows.push_back(AssessmentRow(*templates_, page.lang, a, Framework(page, framework_id)));
      rows.back()["name"] = view.name;
      best = std::max(best, view.held.star);
    }
  }
  std::reverse(rows.begin(), rows.end());  // newest first
  context["assessments"] = rows;
  context["has_assessments"] = !rows.empty();
  context["best_stars"] = Stars(best);
  context["best"] = best;
  // The guided path: SECURITY ACTION, then the 25-question self-check, then the catalog.
  json steps = json::array();
  int number = 1;
  for (const char* id : {"security-action", "ipa-self-check-25", "hoshitori-common"}) {
    const json& framework = Framework(page, id);
    if (!framework.is_object()) continue;
    // What starting asks, before it starts: per target level for the catalog (★3 first, ★4
    // on request), for the whole questionnaire otherwise.
    const bool levelled = std::string(id) == "hoshitori-common";
    json targets = json::array();
    for (const std::optional<int> target : levelled ? std::vector<std::optional<int>>{3, 4}
                                                    : std::vector<std::optional<int>>{std::nullopt}) {
      const auto plan = AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).Plan(id, target); });
      if (!plan) continue;
      targets.push_back(json{{"value", target ? std::to_string(*target) : ""},
                             {"star", target ? "★" + std::to_string(*target) : ""},
                             {"checked", !target || *target == 3},
                             {"questions", plan->questions},
                             {"text", PlanText(*templates_, page.lang, *plan)}});
    }
    steps.push_back(json{{"number", std::to_string(number)},
                         {"levelled", levelled},
                         {"targets", targets},
                         {"plan_text", !levelled && !targets.empty() ? targets[0]["text"] : json("")},
                         {"id", id},
                         {"name", Localized(framework["name"], page.lang)},
                         {"hint", templates_->Message(page.lang, std::string("step_hint_") +
                                                                     std::to_string(number))},
                         {"started", started.count(id) != 0}});
    ++number;
  }
  context["steps"] = steps;
  json others = json::array();
  for (const auto& [id, f] : runtime_.catalog().frameworks()) {
    if (id == "security-action" || id == "ipa-self-check-25" || id == "hoshitori-common") continue;
    others.push_back(json{{"id", id}, {"name", Localized(api::TextJson(f->name), page.lang)}});
  }
  context["other_frameworks"] = others;
  // Requests from buyers waiting for an answer.
  const auto requests =
      AsUser(page, [](service::Context& c) { return service::SharingService(c).Requests(); });
  int open = 0;
  if (requests) {
    for (const service::RequestView& r : *requests) {
      if (r.request.supplier_org_id == page.org_id() && r.request.status == "open") ++open;
    }
  }
  context["open_requests"] = open > 0;
  context["open_requests_text"] =
      templates_->Format(page.lang, "dashboard_open_requests", {{"n", std::to_string(open)}});
  // Signed levels about to expire: reminded 90, 30 and 7 days ahead (issue 14).
  const auto own = AsUser(page, [](service::Context& c) { return service::AttestationService(c).ListOwn(); });
  json reminders = json::array();
  if (own) {
    for (const service::ExpiryReminder& r : service::ExpiryReminders(*own, runtime_.clock().Today())) {
      reminders.push_back(json{
          {"text", templates_->Format(page.lang, "dashboard_expiry_reminder",
                                      {{"star", "★" + std::to_string(r.level)},
                                       {"n", std::to_string(r.days_left)},
                                       {"date", FormatDate(r.last_day)}})},
          {"link", "/verify/" + r.attestation_id},
          {"stage", r.stage}});
    }
  }
  context["expiry_reminders"] = reminders;
  return Render(page, "dashboard", context);
}

HttpResponse WebApp::AnswerCategory(Page& page, const std::string& id) {
  page.nav = "assess";
  const int64_t assessment_id = std::stoll(id);
  const auto got = AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).Get(assessment_id); });
  if (!got) return NotFound(page);
  const json& framework = Framework(page, got->record.framework_id);
  const hoshitori::Framework* model = runtime_.catalog().FindFramework(got->record.framework_id);
  if (!framework.is_object() || !model) return NotFound(page);
  const bool draft = got->record.attestation.status == AssessmentStatus::kDraft;

  // Assessable nodes grouped by category, in catalog order.
  const json& categories = framework["categories"];
  std::vector<std::vector<const json*>> groups(categories.size());
  std::map<std::string, size_t> category_index;
  for (size_t i = 0; i < categories.size(); ++i) category_index[categories[i].value("id", "")] = i;
  // With a target level only the criteria it needs are asked (the short road to ★3).
  for (const json& node : framework["nodes"]) {
    if (!node.value("assessable", false)) continue;
    const NodeIndex index = model->Find(node.value("id", ""));
    if (index < 0 || !service::NeededFor(model->nodes()[index], got->target_star)) continue;
    const auto found = category_index.find(node.value("category", ""));
    if (found != category_index.end()) groups[found->second].push_back(&node);
  }
  // The pages: one category per page; a large category (the catalog's protection has 85
  // criteria) is split into parts of at most kQuestionsPerPage so that a page stays small.
  struct Slice {
    size_t category, begin, end, part, parts;
  };
  constexpr size_t kQuestionsPerPage = 25;
  std::vector<Slice> slices;
  std::vector<size_t> shown;        // non-empty categories
  std::vector<size_t> first_slice;  // per entry of `shown`
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].empty()) continue;
    shown.push_back(i);
    first_slice.push_back(slices.size());
    const size_t parts = (groups[i].size() + kQuestionsPerPage - 1) / kQuestionsPerPage;
    for (size_t p = 0; p < parts; ++p) {
      slices.push_back(Slice{i, p * kQuestionsPerPage,
                             std::min(groups[i].size(), (p + 1) * kQuestionsPerPage), p, parts});
    }
  }
  if (slices.empty()) return NotFound(page);

  // The stored answers: node id -> the whole answer; and the version they are at. And the
  // answers carried over from earlier assessments, waiting for confirmation.
  std::map<std::string, Answer> answers;
  std::string version;
  const auto stored = AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).Answers(assessment_id); });
  if (stored) {
    for (const Answer& a : stored->second) answers[a.node_id] = a;
    version = std::to_string(stored->first.version);
  }
  std::map<std::string, StoredCarriedAnswer> carried;
  const auto proposals = AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).Carried(assessment_id); });
  if (proposals) {
    for (const StoredCarriedAnswer& a : *proposals) carried[a.node_id] = a;
  }

  // The page asked for (c), the page of a criterion (q, from the result's gaps), or else the
  // first page with a question not answered yet ("continue" resumes there).
  size_t current = 0;
  const std::string asked = page.request.method == "POST" ? page.Field("c") : page.Query("c");
  const std::string criterion = page.Query("q");
  const auto slice_has = [&](const Slice& s, const std::function<bool(const json&)>& test) {
    for (size_t i = s.begin; i < s.end; ++i) {
      if (test(*groups[s.category][i])) return true;
    }
    return false;
  };
  if (IsId(asked) || asked == "0") {
    current = std::min<size_t>(std::stoul(asked), slices.size() - 1);
  } else {
    for (size_t i = 0; i < slices.size(); ++i) {
      const bool hit = slice_has(slices[i], [&](const json& node) {
        const std::string node_id = node.value("id", "");
        return criterion.empty() ? answers.count(node_id) == 0 : node_id == criterion;
      });
      if (hit) {
        current = i;
        break;
      }
    }
  }
  const Slice& slice = slices[current];
  const std::vector<const json*> on_page(
      groups[slice.category].begin() + static_cast<std::ptrdiff_t>(slice.begin),
      groups[slice.category].begin() + static_cast<std::ptrdiff_t>(slice.end));

  json context{
      {"title", Localized(framework["name"], page.lang)}, {"assessment_id", id}, {"draft", draft}};
  if (page.request.method == "POST") {
    if (!draft) return Redirect("/assessments/" + id);
    // Only this page's answers are saved (added or replaced), each with what the page does
    // not show (comment, evidence, maturity) kept; answers on other pages are not touched.
    // The version the page was read at must still be the stored one: if someone saved
    // meanwhile, nothing is written and the page says so, keeping what the user chose.
    // A carried-over answer is confirmed by its own box or by "confirm all on this page",
    // unless the user chose another answer: it is then saved as the user's answer (which
    // settles the proposal in the same transaction). Comments are saved with their answer.
    service::AnswersToSave input;
    std::optional<Error> problem;
    const bool confirm_all = page.Field("action") == "confirm_all";
    for (const json* node : on_page) {
      const std::string node_id = node->value("id", "");
      std::string value = page.Field("a_" + node_id);
      const auto proposal = carried.find(node_id);
      if (value.empty() && proposal != carried.end() &&
          (confirm_all || page.Field("confirm_" + node_id) == "yes")) {
        value = proposal->second.choice.empty() ? proposal->second.status : proposal->second.choice;
      }
      if (value.empty()) continue;
      // A form without the comment box (an older page, a script) keeps the stored comment.
      const auto old = answers.find(node_id);
      const bool has_comment = page.form.count("m_" + node_id) != 0;
      const std::string comment =
          has_comment ? page.Field("m_" + node_id) : (old != answers.end() ? old->second.comment : std::string());
      auto answer = MakeAnswer(*model, "answer", node_id, value, "", comment, "");
      if (!answer) {
        problem = service::Invalid("Invalid answers", answer.error().message);
        break;
      }
      if (old != answers.end()) {
        answer->maturity = old->second.maturity;
        answer->evidence = old->second.evidence;
      }
      input.answers.push_back(std::move(answer).value());
    }
    const std::string read_at = page.Field("v");
    if (IsId(read_at)) input.expected_version = std::stoll(read_at);
    if (!problem && !input.answers.empty()) {
      const auto saved = AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).SaveAnswers(assessment_id, input); });
      if (!saved) problem = saved.error();
    }
    if (problem) {
      context["problem"] = ProblemForPage(*templates_, page.lang, *problem);
    } else {
      const std::string action = page.Field("action");
      if (action == "next") {
        if (current + 1 < slices.size())
          return Redirect("/assessments/" + id + "/answer?c=" + std::to_string(current + 1));
        return Redirect("/assessments/" + id + "?done=answers_complete");
      }
      if (action == "prev" && current > 0)
        return Redirect("/assessments/" + id + "/answer?c=" + std::to_string(current - 1));
      return Redirect("/assessments/" + id + "/answer?c=" + std::to_string(current) +
                      (action == "confirm_all" ? "&done=carried_confirmed" : "&done=saved"));
    }
  }
  context["version"] = version;

  // The status of a stored answer as the value of its radio button.
  auto chosen_value = [&](const json& node) -> std::string {
    const std::string typed = page.Field("a_" + node.value("id", ""));
    if (!typed.empty()) return typed;
    const auto found = answers.find(node.value("id", ""));
    if (found == answers.end()) return "";
    if (node.contains("choices")) {
      if (!found->second.choice.empty()) return found->second.choice;
      for (const json& c : node["choices"]) {
        if (c.value("status", "") == AnswerStatusName(found->second.status)) return c.value("id", "");
      }
    }
    return std::string(AnswerStatusName(found->second.status));
  };

  int answered_total = 0, total = 0;
  json steps = json::array();
  for (size_t s = 0; s < shown.size(); ++s) {
    int answered = 0;
    for (const json* node : groups[shown[s]]) {
      if (answers.count(node->value("id", ""))) ++answered;
    }
    answered_total += answered;
    total += static_cast<int>(groups[shown[s]].size());
    steps.push_back(
        json{{"index", std::to_string(first_slice[s])},
             {"number", std::to_string(s + 1)},
             {"name", Localized(categories[shown[s]]["name"], page.lang)},
             {"current", shown[s] == slice.category},
             {"done", answered == static_cast<int>(groups[shown[s]].size())},
             {"count", std::to_string(answered) + "/" + std::to_string(groups[shown[s]].size())}});
  }
  json questions = json::array();
  int carried_on_page = 0;
  for (const json* node : on_page) {
    const std::string node_id = node->value("id", "");
    const std::string value = chosen_value(*node);
    json options = json::array();
    if (node->contains("choices")) {
      for (const json& c : (*node)["choices"]) {
        options.push_back(json{{"value", c.value("id", "")},
                               {"label", Localized(c["label"], page.lang)},
                               {"checked", c.value("id", "") == value}});
      }
    } else {
      for (const char* status : kAnswerStatuses) {
        options.push_back(
            json{{"value", status},
                 {"label", templates_->Message(page.lang, std::string("status_") + status)},
                 {"checked", value == status}});
      }
    }
    json levels = json::array();
    for (const json& level : (*node)["levels"]) {
      const std::string tag = level.get<std::string>();
      if (tag.rfind("star", 0) == 0) levels.push_back("★" + tag.substr(4));
    }
    const std::string dom_id = QuestionDomId(node_id);
    json proposal = nullptr;
    const auto waiting = carried.find(node_id);
    if (draft && waiting != carried.end() && page.Field("a_" + node_id).empty()) {
      proposal = CarriedJson(*templates_, runtime_.catalog(), page.lang, *node, waiting->second);
      ++carried_on_page;
    }
    const auto old = answers.find(node_id);
    const std::string comment = page.request.method == "POST"
                                    ? page.Field("m_" + node_id)
                                    : (old != answers.end() ? old->second.comment : std::string());
    questions.push_back(json{
        {"id", node_id},
        {"dom_id", dom_id},
        {"carried", proposal},
        {"comment", comment},
        {"ref", node->value("ref", "")},
        {"title", Localized((*node)["title"], page.lang)},
        {"description",
         node->contains("description") ? Localized((*node)["description"], page.lang) : ""},
        {"why", node->contains("why") ? Localized((*node)["why"], page.lang) : ""},
        {"evidence", node->contains("evidence") ? Localized((*node)["evidence"], page.lang) : ""},
        {"levels", levels.empty() ? "" : levels[0].get<std::string>()},
        {"effort",
         templates_->Message(page.lang, "effort_" + std::to_string(node->value("effort", 2)))},
        {"options", options},
        {"answered", !value.empty()}});
  }
  context["values"] = json::object();
  context["category"] = Localized(categories[slice.category]["name"], page.lang);
  if (slice.parts > 1) {
    context["part_text"] = templates_->Format(
        page.lang, "answer_part",
        {{"n", std::to_string(slice.part + 1)}, {"m", std::to_string(slice.parts)}});
  }
  context["c"] = std::to_string(current);
  context["has_carried"] = carried_on_page > 0;
  context["carried_text"] = templates_->Format(page.lang, "prefill_page_count", {{"n", std::to_string(carried_on_page)}});
  if (got->target_star > 0) {
    context["target_text"] = templates_->Format(page.lang, "prefill_target_note", {{"star", "★" + std::to_string(got->target_star)}});
  }
  context["name"] = got->name;
  context["steps"] = steps;
  context["questions"] = questions;
  context["has_prev"] = current > 0;
  context["is_last"] = current + 1 == slices.size();
  context["answered"] = std::to_string(answered_total);
  context["total"] = std::to_string(total);
  context["progress_text"] =
      templates_->Format(page.lang, "answer_progress",
                         {{"n", std::to_string(answered_total)}, {"m", std::to_string(total)}});
  context["progress_format"] = templates_->Message(page.lang, "answer_progress");
  context["step_text"] = templates_->Format(
      page.lang, "answer_step",
      {{"n",
        std::to_string(static_cast<size_t>(std::find(shown.begin(), shown.end(), slice.category) -
                                           shown.begin()) +
                       1)},
       {"m", std::to_string(shown.size())}});
  return Render(page, "answer", context, context.contains("problem") ? 422 : 200);
}

HttpResponse WebApp::ResultPage(Page& page, const std::string& id, bool as_buyer) {
  page.nav = as_buyer ? "suppliers" : "assess";
  const auto got = AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).Get(std::stoll(id)); });
  if (!got) return NotFound(page);
  const json assessment = api::AssessmentViewJson(*got, got->details);
  const json& framework = Framework(page, assessment.value("framework", ""));
  const std::string& lang = page.lang;
  const std::string status = assessment.value("status", "");
  const int held = assessment["held"].value("star", 0);
  const int eligible = assessment.value("eligible_star", 0);
  json context{
      {"title", templates_->Message(lang, as_buyer ? "supplier_detail_title" : "result_title")},
      {"assessment_id", id},
      {"name", as_buyer ? "" : got->name},
      {"as_buyer", as_buyer},
      {"owner", !as_buyer && assessment.value("org_id", int64_t{0}) == page.org_id()},
      {"framework", framework.is_object() ? Localized(framework["name"], lang)
                                          : assessment.value("framework", "")},
      {"status", templates_->Message(lang, "astatus_" + status)},
      {"draft", status == "draft"},
      {"attestation", templates_->Message(lang, "att_" + assessment.value("attestation", "self"))},
      {"held", std::to_string(held)},
      {"held_stars", Stars(held)},
      {"eligible", std::to_string(eligible)},
      {"eligible_stars", Stars(eligible)},
      {"valid_until", assessment["held"].value("valid_until", json(nullptr)).is_string()
                          ? assessment["held"]["valid_until"].get<std::string>()
                          : ""}};
  if (!as_buyer && (status == "confirmed" || status == "verified")) {
    // The owner's signed attestation of this assessment, for the certificate and its check.
    const auto own = AsUser(page, [&](service::Context& c) { return service::AttestationService(c).ListOwn(); });
    if (own) {
      for (const IssuedAttestation& a : *own) {
        if (std::to_string(a.assessment_id) == id && a.state == IssuedState::kActive) context["attestation_id"] = a.id;
      }
    }
  }
  if (as_buyer && !page.Query("supplier").empty()) {
    // The supplier list links here with the corporate number; the name is shown only when
    // that organisation owns this assessment.
    const auto found = AsUser(page, [&](service::Context& c) {
      return service::AccountService(c, runtime_).FindOrganisation(page.Query("supplier"));
    });
    if (found && found->id == got->record.org_id) {
      context["supplier_name"] = found->name;
      context["supplier_number"] = found->corporate_number.digits();
    }
  }
  json reasons = json::array();
  for (const json& reason : assessment["held"]["reasons"])
    reasons.push_back(PickLanguage(reason.get<std::string>(), lang));
  context["reasons"] = reasons;
  context["has_reasons"] = !reasons.empty();

  if (assessment.contains("result")) {
    const json& result = assessment["result"];
    context["has_result"] = true;
    std::vector<std::string> names;
    RadarSeries own;
    json table = json::array();
    for (const json& c : result["categories"]) {
      names.push_back(Localized(c["name"], lang));
      const double coverage = c.value("coverage", 0.0);
      own.values.push_back(coverage);
      char percent[16];
      std::snprintf(percent, sizeof percent, "%.0f%%", coverage * 100);
      table.push_back(json{{"name", names.back()},
                           {"coverage", percent},
                           {"implemented", std::to_string(c.value("implemented", 0))},
                           {"partial", std::to_string(c.value("partial", 0))},
                           {"not_implemented", std::to_string(c.value("not_implemented", 0) +
                                                              c.value("unknown", 0))}});
    }
    // The industry average (the API gives it from 5 contributing organisations of the
    // reader's industry), on the owner's own result only: a buyer's industry is not the
    // supplier's.
    std::optional<RadarSeries> average;
    context["average_note"] = templates_->Message(lang, "radar_no_average");
    if (!as_buyer) {
      const auto averages = AsUser(page, [&](service::Context& c) {
        return service::AssessmentService(c).Averages(got->record.framework_id);
      });
      if (averages && !averages->categories.empty() && averages->categories.size() == own.values.size()) {
        average.emplace();
        for (const auto& c : averages->categories) average->values.push_back(c.coverage);
        context["average_note"] = templates_->Format(
            lang, "radar_average_note", {{"n", std::to_string(averages->contributors)}});
      }
    }
    // A radar needs at least three axes; with fewer the table alone says it better.
    if (names.size() >= 3)
      context["radar"] = RadarSvg(names, own, average,
                                  RadarLabels{templates_->Message(lang, "radar_title"),
                                              templates_->Message(lang, "radar_own"),
                                              templates_->Message(lang, "radar_average")});
    context["categories"] = table;
    if (result.contains("points")) {
      context["score"] = json{{"value", std::to_string(result["points"].value("points", 0))},
                              {"max", std::to_string(result["points"].value("max", 0))},
                              {"band", result["points"].contains("band")
                                           ? Localized(result["points"]["band"]["label"], lang)
                                           : ""}};
    }
    const int next = result.value("next_star", 0);
    context["next_star"] = next > 0 ? std::string("★") + std::to_string(next) : "";
    json gaps = json::array();
    for (const json& g : result["gaps_to_next"]) {
      const std::string dom_id = QuestionDomId(g.value("id", ""));
      gaps.push_back(json{{"ref", g.value("ref", "")},
                          {"title", Localized(g["title"], lang)},
                          {"link", "/assessments/" + id + "/answer?q=" + UrlEncode(g.value("id", "")) + "#" + dom_id}});
    }
    context["gaps"] = gaps;
    context["has_gaps"] = !gaps.empty();
    context["gaps_heading"] = templates_->Format(
        lang, "result_gaps", {{"star", next > 0 ? "★" + std::to_string(next) : ""}});
    json plan = json::array();
    for (const json& step : result["action_plan"]) {
      if (plan.size() >= 12) break;
      const int effort = step.value("effort", 2);
      plan.push_back(
          json{{"ref", step.value("ref", "")},
               {"title", Localized(step["title"], lang)},
               {"status", templates_->Message(lang, "status_" + step.value("status", "unknown"))},
               {"needed_for", step.value("needed_for_star", 0) > 0
                                  ? "★" + std::to_string(step.value("needed_for_star", 0))
                                  : ""},
               {"effort", templates_->Message(lang, "effort_" + std::to_string(effort))},
               {"effort_class", "effort-" + std::to_string(effort)}});
    }
    context["plan"] = plan;
    context["has_plan"] = !plan.empty();
    context["unanswered"] = result.value("unanswered", 0) > 0;
    context["unanswered_text"] = templates_->Format(
        lang, "result_unanswered", {{"n", std::to_string(result.value("unanswered", 0))}});
  }
  if (!context.contains("average_note")) context["average_note"] = templates_->Message(lang, "radar_no_average");

  if (!as_buyer && context["owner"].get<bool>()) {
    // Shares of this assessment, and requests it could answer.
    const auto shares =
        AsUser(page, [](service::Context& c) { return service::SharingService(c).List(); });
    json mine = json::array();
    if (shares) {
      for (const service::ShareView& s : shares->granted) {
        if (s.share.assessment_id != got->record.id) continue;
        mine.push_back(json{{"id", s.share.id},
                            {"buyer", PartyLabel(*templates_, lang, s.buyer)},
                            {"detail", templates_->Message(lang, DetailKey(s.share))},
                            {"active", s.active},
                            {"created_at", s.share.created_at.substr(0, 10)}});
      }
    }
    context["shares"] = mine;
    context["has_shares"] = !mine.empty();
    context["can_share"] = status != "draft";
    json values = json::object();
    for (const auto& [key, value] : page.form) {
      if (key != "csrf") values[key] = value;
    }
    values["detail_details"] = page.Field("detail") == "details";
    context["values"] = values;
  }
  return Render(page, "result", context);
}

// Submitting goes through a confirmation step (GET, or a POST without confirmed=yes): what is
// still unanswered for the target level (with links to the questions), the management
// declaration ★3 needs, and what happens next. The service checks the same again when the
// confirmed form is posted.
HttpResponse WebApp::Submit(Page& page, const std::string& id) {
  page.nav = "assess";
  const std::string& lang = page.lang;
  if (!IsId(id)) return NotFound(page);
  const int64_t assessment_id = std::stoll(id);
  if (page.request.method == "POST" && page.Field("confirmed") == "yes") {
    service::SubmissionInput input;
    input.management_declaration = page.Field("management_declaration") == "yes";
    // A request for ★3 confirmation or ★4 evaluation: the assessor organisation and the
    // management declaration's record (the service checks both).
    if (!page.Field("assessor_corporate_number").empty()) {
      input.assessor_corporate_number = page.Field("assessor_corporate_number");
    }
    if (!page.Field("representative_name").empty() || input.assessor_corporate_number) {
      input.declaration = service::DeclarationInput{page.Field("representative_name"),
                                                    page.Field("representative_title"),
                                                    page.Field("declared_on"), page.Field("text_version")};
    }
    const auto submitted =
        AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).Submit(assessment_id, input); });
    if (submitted) return Redirect("/assessments/" + id + "?done=submitted");
    page.problem = ProblemForPage(*templates_, lang, submitted.error());
  }
  const auto got = AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).Get(assessment_id); });
  if (!got) return NotFound(page);
  if (got->record.attestation.status != AssessmentStatus::kDraft) return Redirect("/assessments/" + id);
  const auto check =
      AsUser(page, [&](service::Context& c) { return service::AssessmentService(c).CheckSubmission(assessment_id); });
  if (!check) return NotFound(page);
  const hoshitori::Framework* model = runtime_.catalog().FindFramework(got->record.framework_id);
  if (!model) return NotFound(page);
  const std::string star = "★" + std::to_string(check->target_star);
  json context{{"title", templates_->Message(lang, "submit_title")},
               {"assessment_id", id},
               {"name", got->name},
               {"target", check->target_star > 0},
               {"blocked", !check->ready()},
               {"declaration_required", check->declaration_required},
               {"expert", check->target_star >= 3 || got->result.eligible_star >= 3}};
  if (page.problem.is_object()) context["problem"] = page.problem;
  if (check->target_star > 0) {
    context["target_text"] = templates_->Format(
        lang, "submit_target", {{"star", star}, {"n", std::to_string(check->needed)}});
  }
  // At most kListed unanswered criteria are listed; the rest are counted.
  constexpr size_t kListed = 40;
  json unanswered = json::array();
  const std::set<std::string> proposed(check->unconfirmed.begin(), check->unconfirmed.end());
  for (const std::string& node_id : check->unanswered) {
    if (unanswered.size() >= kListed) break;
    const NodeIndex index = model->Find(node_id);
    if (index < 0) continue;
    const RequirementNode& node = model->nodes()[index];
    const std::string dom_id = QuestionDomId(node_id);
    unanswered.push_back(json{{"id", node_id},
                              {"dom_id", dom_id},
                              {"ref", node.ref},
                              {"title", node.title.In(lang)},
                              {"proposed", proposed.count(node_id) != 0}});
  }
  context["unanswered"] = unanswered;
  context["blocked_text"] = templates_->Format(
      lang, "submit_blocked", {{"star", star}, {"n", std::to_string(check->unanswered.size())}});
  context["unconfirmed"] = !check->unconfirmed.empty();
  context["unconfirmed_text"] =
      templates_->Format(lang, "submit_unconfirmed", {{"n", std::to_string(check->unconfirmed.size())}});
  context["more"] = check->unanswered.size() > kListed;
  context["more_text"] = templates_->Format(
      lang, "submit_more", {{"n", std::to_string(check->unanswered.size() - std::min(check->unanswered.size(), kListed))}});
  context["ready_text"] = check->target_star > 0
                              ? templates_->Format(lang, "submit_ready_target", {{"star", star}})
                              : templates_->Message(lang, "submit_ready");
  const int unanswered_total = api::AssessmentViewJson(*got, true)["result"].value("unanswered", 0);
  context["warn_unanswered"] = check->target_star == 0 && unanswered_total > 0;
  context["warn_text"] =
      templates_->Format(lang, "result_unanswered", {{"n", std::to_string(unanswered_total)}});
  context["next_text"] = templates_->Message(
      lang, check->target_star >= 4 ? "submit_next_star4" : check->target_star == 3 ? "submit_next_star3" : "submit_next_self");
  const service::DeclarationText& text = service::CurrentDeclarationText();
  context["declaration_text"] = std::string(lang == "en" ? text.en : text.ja);
  context["declaration_version"] = std::string(text.version);
  context["declared_on"] =
      page.Field("declared_on").empty() ? FormatDate(runtime_.clock().Today()) : page.Field("declared_on");
  json values = json::object();
  for (const auto& [key, value] : page.form) {
    if (key != "csrf") values[key] = value;
  }
  context["values"] = values;
  return Render(page, "submit", context, page.problem.is_object() ? 422 : 200);
}

HttpResponse WebApp::Shares(Page& page) {
  page.nav = "shares";
  const std::string& lang = page.lang;
  json context{{"title", templates_->Message(lang, "shares_title")}};
  if (page.request.method == "POST") {
    service::ShareInput input;
    const std::string assessment = page.Field("assessment_id");
    if (IsId(assessment)) input.assessment_id = std::stoll(assessment);
    input.buyer_corporate_number = page.Field("buyer_corporate_number");
    input.detail = page.Field("detail") == "details" ? "details" : "level";
    if (!page.Field("expires_at").empty()) input.expires_on = page.Field("expires_at");
    if (IsId(page.Field("request_id"))) input.request_id = std::stoll(page.Field("request_id"));
    const auto granted =
        AsUser(page, [&](service::Context& c) { return service::SharingService(c).Grant(input); });
    if (granted) return Redirect("/shares?done=shared");
    const json problem = ProblemForPage(*templates_, lang, granted.error());
    if (page.Field("from") == "result" && IsId(assessment)) {
      // Back to the result page with the message and what was typed.
      page.problem = problem;
      return ResultPage(page, assessment, false);
    }
    context["problem"] = problem;
  }
  const auto shares =
      AsUser(page, [](service::Context& c) { return service::SharingService(c).List(); });
  json granted = json::array(), received = json::array();
  if (shares) {
    for (const service::ShareView& s : shares->granted) {
      granted.push_back(
          json{{"id", std::to_string(s.share.id)},
               {"assessment_id", std::to_string(s.share.assessment_id)},
               {"buyer", PartyLabel(*templates_, lang, s.buyer)},
               {"detail", templates_->Message(lang, DetailKey(s.share))},
               {"active", s.active},
               {"state", templates_->Message(lang, s.active ? "share_active" : "share_inactive")},
               {"created_at", s.share.created_at.substr(0, 10)},
               {"expires_at", s.share.expires_at ? s.share.expires_at->substr(0, 10) : ""}});
    }
    for (const service::ShareView& s : shares->received) {
      received.push_back(json{{"assessment_id", std::to_string(s.share.assessment_id)},
                              {"supplier", PartyLabel(*templates_, lang, s.supplier)},
                              {"detail", templates_->Message(lang, DetailKey(s.share))},
                              {"active", s.active},
                              {"created_at", s.share.created_at.substr(0, 10)}});
    }
  }
  context["granted"] = granted;
  context["has_granted"] = !granted.empty();
  context["received"] = received;
  context["has_received"] = !received.empty();

  // Requests: received (to answer with a share) and sent. A request is answered with one of
  // the supplier's submitted assessments, by name; the first offered (the select's default) is
  // one of the framework the buyer asked for that meets the level asked, and an assessment
  // that does not meet it says so in its label.
  struct Offered {
    const service::AssessmentView* view;
    std::string label;
  };
  std::vector<Offered> offered;
  const auto listed =
      AsUser(page, [](service::Context& c) { return service::AssessmentService(c).ListOwn(); });
  if (listed) {
    for (const service::AssessmentView& a : *listed) {
      if (a.record.attestation.status == AssessmentStatus::kDraft) continue;
      offered.push_back(Offered{&a, a.name + " " + Stars(a.held.star)});
    }
  }
  const auto options_for = [&](const AssessmentRequest& r) {
    const int needed = r.required_star.value_or(0);
    const auto rank = [&](const service::AssessmentView& a) {
      const bool same = a.record.framework_id == r.framework_id;
      const bool meets = a.held.star >= needed || a.result.eligible_star >= needed;
      return (same ? 0 : 2) + (meets ? 0 : 1);
    };
    std::vector<const Offered*> sorted;
    for (const Offered& o : offered) sorted.push_back(&o);
    std::stable_sort(sorted.begin(), sorted.end(), [&](const Offered* x, const Offered* y) {
      return rank(*x->view) < rank(*y->view) ||
             (rank(*x->view) == rank(*y->view) && x->view->record.id > y->view->record.id);
    });
    json options = json::array();
    for (const Offered* o : sorted) {
      std::string label = o->label;
      if (needed > 0 && o->view->held.star < needed && o->view->result.eligible_star < needed) {
        label += " — " + templates_->Format(lang, "request_below_level", {{"star", "★" + std::to_string(needed)}});
      } else if (o->view->record.framework_id != r.framework_id) {
        label += " — " + templates_->Message(lang, "request_other_framework");
      }
      options.push_back(json{{"id", std::to_string(o->view->record.id)}, {"label", label}});
    }
    return options;
  };
  json incoming = json::array(), outgoing = json::array();
  const auto requests =
      AsUser(page, [](service::Context& c) { return service::SharingService(c).Requests(); });
  if (requests) {
    for (const service::RequestView& view : *requests) {
      const AssessmentRequest& r = view.request;
      const json& framework = Framework(page, r.framework_id);
      json row{{"id", std::to_string(r.id)},
               {"framework",
                framework.is_object() ? Localized(framework["name"], lang) : r.framework_id},
               {"required", r.required_star ? "★" + std::to_string(*r.required_star) : ""},
               {"message", r.message},
               {"open", r.status == "open"},
               {"status", templates_->Message(lang, "request_" + r.status)},
               {"created_at", r.created_at.substr(0, 10)}};
      if (r.supplier_org_id == page.org_id()) {
        row["buyer"] = PartyLabel(*templates_, lang, view.buyer);
        row["buyer_corporate_number"] = view.buyer.organisation ? view.buyer.organisation->corporate_number.digits() : "";
        row["assessments"] = options_for(r);
        row["can_answer"] = !offered.empty();
        incoming.push_back(row);
      } else {
        row["supplier"] = PartyLabel(*templates_, lang, view.supplier);
        outgoing.push_back(row);
      }
    }
  }
  context["incoming"] = incoming;
  context["has_incoming"] = !incoming.empty();
  context["outgoing"] = outgoing;
  context["has_outgoing"] = !outgoing.empty();
  return Render(page, "shares", context, context.contains("problem") ? 422 : 200);
}

HttpResponse WebApp::RevokeShare(Page& page, const std::string& id) {
  const auto revoked = AsUser(
      page, [&](service::Context& c) { return service::SharingService(c).Revoke(std::stoll(id)); });
  if (!revoked) {
    const json problem = ProblemForPage(*templates_, page.lang, revoked.error());
    return Render(page, "error",
                  json{{"title", templates_->Message(page.lang, "shares_title")},
                       {"message", problem["message"]},
                       {"detail", problem["detail"]}},
                  AnswerFor(revoked.error().kind).http_status);
  }
  return Redirect("/shares?done=revoked");
}

}  // namespace hoshitori::web
