// The engagement pages (issue 14): /review lists the engagements of the user's organisation
// (as the supplier, or as the named assessor organisation); /review/{id} shows one. The
// named organisation's assessor accepts or declines it there and, once accepted, reads the
// answers and the evidence files, records findings per criterion and concludes; the supplier
// follows where it stands and answers evidence requests. Every action is a plain form POST to
// /review/{id} with a field "action"; the rules are the services'.
#include "core/error_kind.h"
#include "service/assessment_service.h"
#include "service/engagement_service.h"
#include "service/evidence_service.h"
#include "web/web_app.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

namespace {

std::string PartyName(const service::Party& party) {
  return party.organisation ? party.organisation->name : "#" + std::to_string(party.id);
}

json EngagementRow(const TemplateSet& t, const std::string& lang,
                   const service::EngagementView& view) {
  const StoredEngagement& e = view.engagement;
  return json{{"id", std::to_string(e.id)},
              {"assessment_id", std::to_string(e.assessment_id)},
              {"supplier", PartyName(view.supplier)},
              {"assessor", PartyName(view.assessor)},
              {"state", t.Message(lang, "engagement_" + e.state)},
              {"requested_at", e.requested_at.substr(0, 10)}};
}

}  // namespace

HttpResponse WebApp::Review(Page& page, const std::string& id) {
  page.nav = "review";
  const std::string& lang = page.lang;
  if (id.empty()) {
    json rows = json::array();
    const auto listed =
        AsUser(page, [](service::Context& c) { return service::EngagementService(c).List(); });
    if (listed) {
      for (const auto& view : *listed) rows.push_back(EngagementRow(*templates_, lang, view));
    }
    return Render(page, "review-list",
                  json{{"title", templates_->Message(lang, "review_title")},
                       {"engagements", rows},
                       {"has_engagements", !rows.empty()}});
  }
  const int64_t engagement_id = std::stoll(id);
  if (page.request.method == "POST") {
    const std::string action = page.Field("action");
    const std::string comment = page.Field("comment");
    const auto done = AsUser(page, [&](service::Context& c) -> Status {
      service::EngagementService engagements(c);
      Result<service::EngagementView> changed =
          service::Invalid("Unknown action", "不明な操作です / unknown action");
      if (action == "accept") changed = engagements.Accept(engagement_id);
      if (action == "decline") changed = engagements.Decline(engagement_id, comment);
      if (action == "finding") {
        changed = engagements.RecordFinding(engagement_id, page.Field("criterion"),
                                            page.Field("verdict"), comment);
      }
      if (action == "reply")
        changed = engagements.Reply(engagement_id, page.Field("criterion"), comment);
      if (action == "refuse") changed = engagements.Refuse(engagement_id, comment);
      if (action == "confirm" || action == "verify") {
        TRY_ASSIGN(const auto view, engagements.Get(engagement_id));
        service::AssessmentService assessments(c);
        const service::AttestationInput input{std::nullopt, std::nullopt};
        auto attested = action == "verify"
                            ? assessments.Verify(view.engagement.assessment_id, input)
                            : assessments.Confirm(view.engagement.assessment_id, input);
        if (!attested) return attested.error();
        return OkStatus();
      }
      if (!changed) return changed.error();
      return OkStatus();
    });
    if (done) return Redirect("/review/" + id + "?done=review_saved");
    page.problem = ProblemForPage(*templates_, lang, done.error());
  }

  const auto got = AsUser(
      page, [&](service::Context& c) { return service::EngagementService(c).Get(engagement_id); });
  if (!got) return NotFound(page);
  const service::EngagementView& view = *got;
  const StoredEngagement& e = view.engagement;
  const bool assessor =
      page.me["user"].value("role", "") == "assessor" && page.org_id() == e.assessor_org_id;
  const bool accepted = view.state == assure::EngagementState::kAccepted;
  json context = EngagementRow(*templates_, lang, view);
  context["title"] = templates_->Message(lang, "review_title");
  context["reason"] = e.reason;
  context["framework"] = view.framework_id;
  context["assessment_status"] = templates_->Message(lang, "astatus_" + view.assessment_status);
  context["is_assessor"] = assessor;
  context["is_supplier"] = !assessor;
  context["can_decide"] = assessor && view.state == assure::EngagementState::kRequested;
  context["can_review"] = assessor && accepted;
  context["can_reply"] = !assessor && accepted;
  context["ready"] = view.ready_to_conclude;
  context["open_requests"] = view.open_requests;
  context["answered_requests"] = view.answered_requests;

  // Findings by criterion, with the criterion's title.
  const hoshitori::Framework* framework = runtime_.catalog().FindFramework(view.framework_id);
  auto title_of = [&](const std::string& node_id) -> std::string {
    if (!framework) return node_id;
    const NodeIndex n = framework->Find(node_id);
    return n < 0 ? node_id : framework->nodes()[n].ref + " " + framework->nodes()[n].title.In(lang);
  };
  std::map<std::string, json> finding_of;
  json findings = json::array();
  for (const StoredFinding& f : view.findings) {
    json row{{"criterion", f.criterion},
             {"title", title_of(f.criterion)},
             {"version", f.version},
             {"verdict", templates_->Message(lang, "verdict_" + f.verdict)},
             {"needs_evidence", f.verdict == "needs_evidence"},
             {"comment", f.comment},
             {"reply", f.reply.value_or("")},
             {"recorded_at", f.recorded_at.substr(0, 10)}};
    finding_of[f.criterion] = row;
    findings.push_back(std::move(row));
  }
  context["findings"] = findings;
  context["has_findings"] = !findings.empty();

  // The assessment in full: only the engaged assessor (and the supplier itself) can read it;
  // for anybody else the services answer "not found" and nothing is shown.
  json answers = json::array();
  const auto read = AsUser(page, [&](service::Context& c) {
    return service::AssessmentService(c).Answers(e.assessment_id);
  });
  const auto evidence = AsUser(page, [&](service::Context& c) {
    return service::EvidenceService(c).List(e.assessment_id, std::nullopt);
  });
  if (read && framework) {
    std::map<std::string, const Answer*> answer_of;
    for (const Answer& a : read->second) answer_of[a.node_id] = &a;
    for (NodeIndex n : framework->assessable()) {
      const auto& node = framework->nodes()[n];
      const auto found = answer_of.find(node.id);
      json files = json::array();
      if (evidence) {
        for (const StoredEvidence& f : *evidence) {
          if (f.criterion != node.id) continue;
          files.push_back(json{{"file_id", std::to_string(f.id)},
                               {"name", f.name},
                               {"version", f.version},
                               {"sha256", f.sha256.substr(0, 12)}});
        }
      }
      json row{{"criterion", node.id},
               {"title", node.ref + " " + node.title.In(lang)},
               {"status", found == answer_of.end()
                              ? templates_->Message(lang, "status_unknown")
                              : templates_->Message(lang, "status_" + std::string(AnswerStatusName(
                                                                          found->second->status)))},
               {"comment", found == answer_of.end() ? "" : found->second->comment},
               {"files", files},
               {"has_files", !files.empty()}};
      if (const auto f = finding_of.find(node.id); f != finding_of.end())
        row["finding"] = f->second;
      answers.push_back(std::move(row));
    }
  }
  context["answers"] = answers;
  context["has_answers"] = !answers.empty();
  return Render(page, "review", context);
}

HttpResponse WebApp::UploadEvidence(Page& page, const std::string& assessment_id) {
  const std::string& lang = page.lang;
  // Back to the engagement page when sent from it, else to the answer page's category.
  const std::string engagement = page.Field("engagement");
  const std::string category = page.Field("c");
  const std::string back = IsId(engagement)
                               ? "/review/" + engagement
                               : "/assessments/" + assessment_id + "/answer" +
                                     (IsId(category) ? "?c=" + category : std::string());
  const std::string joiner = back.find('?') == std::string::npos ? "?" : "&";
  if (!page.upload || page.upload->data.empty()) {
    return Render(page, "error",
                  json{{"title", templates_->Message(lang, "evidence_title")},
                       {"message", templates_->Message(lang, "evidence_no_file")},
                       {"back", back}},
                  422);
  }
  const FormPart& file = *page.upload;
  const auto stored = AsUser(page, [&](service::Context& c) {
    return service::EvidenceService(c).Upload(
        service::EvidenceUpload{std::stoll(assessment_id), page.Field("criterion"), file.filename,
                                file.content_type, file.data});
  });
  if (stored) return Redirect(back + joiner + "done=evidence_uploaded");
  const json problem = ProblemForPage(*templates_, lang, stored.error());
  return Render(page, "error",
                json{{"title", templates_->Message(lang, "evidence_title")},
                     {"message", problem.value("message", "")},
                     {"detail", problem.value("detail", "")},
                     {"back", back}},
                stored.error().kind == ErrorKind::kNotFound ? 404 : 422);
}

}  // namespace hoshitori::web
