// Routes of /api/v1/assessments and /api/v1/industry-averages: HTTP adapters over
// service::AssessmentService. They parse bodies and If-Match, call the service, and write
// the JSON views; the rules live in the service.
#include "api/api_app.h"
#include "service/chain_service.h"
#include "api/handler_support.h"
#include "service/view_cache.h"
#include "api/views.h"
#include "assess/answers.h"
#include "service/assessment_service.h"

namespace hoshitori::api {

namespace {

// The ETag of an assessment: its version, quoted.
std::string ETagOf(const AssessmentRecord& record) { return "\"" + std::to_string(record.version) + "\""; }

// The version named by If-Match ("12", W/"12"; "*" or absent: none).
std::optional<int64_t> IfMatchVersion(const HttpRequest& request) {
  std::string_view text = request.Header("if-match");
  if (text.empty() || text == "*") return std::nullopt;
  if (text.substr(0, 2) == "W/") text.remove_prefix(2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  int64_t version = 0;
  if (text.empty() || text.size() > 18) Fail(400, "Invalid If-Match", "If-Match must be the ETag you received, e.g. \"3\"");
  for (char c : text) {
    if (c < '0' || c > '9') Fail(400, "Invalid If-Match", "If-Match must be the ETag you received, e.g. \"3\"");
    version = version * 10 + (c - '0');
  }
  return version;
}

HttpResponse ViewResponse(int status, const service::AssessmentView& view) {
  HttpResponse response = JsonResponse(status, AssessmentViewJson(view, true));
  response.headers.emplace_back("ETag", ETagOf(view.record));
  return response;
}

}  // namespace

void ApiApp::AddAssessmentRoutes() {
  router_.Add("POST", "/api/v1/assessments", [](Call& call) {
    Require(call);
    Body body(call.request, {"framework", "scope"});
    auto context = call.Context();
    const AssessmentRecord record = Unwrap(
        service::AssessmentService(context).Create(body.Text("framework"), body.OptText("scope").value_or("")));
    return JsonResponse(201, AssessmentJson(record));
  });

  router_.Add("GET", "/api/v1/assessments", [](Call& call) {
    auto context = call.Context();
    json list = json::array();
    for (const auto& view : Unwrap(service::AssessmentService(context).ListOwn())) list.push_back(AssessmentViewJson(view, false));
    return JsonResponse(200, json{{"assessments", list}});
  });

  router_.Add("GET", "/api/v1/assessments/{id}", [this](Call& call) {
    // The view depends on the assessment, the reader's organisation and role, the data
    // (generation) and the day; a cached one is authorised again on its facts.
    const uint64_t generation = chain_->generation();
    auto context = call.Context();
    const std::string day = FormatDate(context.clock.Today());
    const std::string key = call.principal ? call.params.at("id") + ":" + std::to_string(call.principal->org_id) + ":" +
                                                 std::string(RoleName(call.principal->role))
                                           : "";
    if (!key.empty()) {
      if (const auto view = views_->Find(key, generation, day)) {
        Check(call, Action::kRead, view->facts, 404);
        HttpResponse response;
        response.body = view->body;
        if (!view->etag.empty()) response.headers.emplace_back("ETag", view->etag);
        return response;
      }
    }
    const auto view = Unwrap(service::AssessmentService(context).Get(IdParam(call.params, "id")));
    HttpResponse response = JsonResponse(200, AssessmentViewJson(view, view.details));
    response.headers.emplace_back("ETag", ETagOf(view.record));
    ResourceFacts facts{ResourceKind::kAssessment, view.record.org_id, 0, view.shared};
    facts.engaged = view.engaged;
    views_->Keep(key, ViewCache::View{facts, response.body, ETagOf(view.record)}, generation, day);
    return response;
  });

  router_.Add("GET", "/api/v1/assessments/{id}/answers", [](Call& call) {
    auto context = call.Context();
    const auto [record, answers] = Unwrap(service::AssessmentService(context).Answers(IdParam(call.params, "id")));
    json list = json::array();
    for (const Answer& a : answers) {
      json item{{"ref", a.node_id}, {"status", AnswerStatusName(a.status)},
                {"maturity", a.maturity ? json(*a.maturity) : json(nullptr)},
                {"comment", a.comment}, {"evidence", a.evidence}};
      if (!a.choice.empty()) item["choice"] = a.choice;
      list.push_back(std::move(item));
    }
    HttpResponse response = JsonResponse(200, json{{"assessment_id", record.id}, {"version", record.version}, {"answers", list}});
    response.headers.emplace_back("ETag", ETagOf(record));
    return response;
  });

  // Saves answers. PUT replaces the whole set and needs If-Match (the version read); PATCH
  // adds or replaces only the answers sent (If-Match optional), so people editing different
  // questions never overwrite each other.
  auto save_answers = [this](Call& call, bool whole) {
    auto context = call.Context();
    service::AssessmentService assessments(context);
    const int64_t id = IdParam(call.params, "id");
    // Authorised before the body is read: a stranger learns nothing from a bad body.
    const AssessmentRecord seen = Unwrap(assessments.Open(id, Action::kUpdate));
    Body body(call.request, {"answers"});
    service::AnswersToSave input;
    input.replace_all = whole;
    input.expected_version = IfMatchVersion(call.request);
    if (whole && !input.expected_version) {
      Fail(428, "Precondition required", "send If-Match with the ETag of the assessment you read (or use PATCH to save single answers)");
    }
    input.answers = Must(ParseAnswersJson(body.raw().dump(), *catalog_.FindFramework(seen.framework_id)), 422, "Invalid answers");
    return ViewResponse(200, Unwrap(assessments.SaveAnswers(id, input)));
  };
  router_.Add("PUT", "/api/v1/assessments/{id}/answers", [save_answers](Call& call) { return save_answers(call, true); });
  router_.Add("PATCH", "/api/v1/assessments/{id}/answers", [save_answers](Call& call) { return save_answers(call, false); });

  // The supplier may name the organisation that is to confirm (★3) or evaluate (★4) it;
  // only that organisation's assessors can then do so.
  router_.Add("POST", "/api/v1/assessments/{id}/submit", [](Call& call) {
    auto context = call.Context();
    service::AssessmentService assessments(context);
    const int64_t id = IdParam(call.params, "id");
    Unwrap(assessments.Open(id, Action::kSubmit));  // authorised before the body is read
    Body body(call.request, {"management_declaration", "assessor_corporate_number", "declaration"});
    service::SubmissionInput input{body.Flag("management_declaration"), body.OptText("assessor_corporate_number"),
                                   IfMatchVersion(call.request), std::nullopt};
    // The management declaration as a record (issue 14): a closed object of four texts.
    if (body.Has("declaration")) {
      const json& given = body.raw()["declaration"];
      if (!given.is_object()) Fail(400, "Wrong type", "field \"declaration\" must be an object");
      service::DeclarationInput declaration;
      const std::pair<const char*, std::string*> fields[] = {
          {"representative_name", &declaration.representative_name},
          {"representative_title", &declaration.representative_title},
          {"declared_on", &declaration.declared_on},
          {"text_version", &declaration.text_version}};
      for (const auto& item : given.items()) {
        const std::string& key = item.key();  // a plain reference: clang 14 cannot capture bindings
        if (std::none_of(std::begin(fields), std::end(fields), [&](const auto& f) { return key == f.first; })) {
          Fail(400, "Unknown field", "unknown field \"declaration." + key.substr(0, 64) + "\"");
        }
      }
      for (const auto& [key, target] : fields) {
        if (!given.contains(key) || !given[key].is_string()) {
          Fail(400, given.contains(key) ? "Wrong type" : "Missing field",
               std::string("field \"declaration.") + key + "\" must be a string");
        }
        *target = given[key].get<std::string>();
      }
      input.declaration = std::move(declaration);
    }
    return ViewResponse(200, Unwrap(assessments.Submit(id, input)));
  });

  auto attest = [](Call& call, bool third_party) {
    auto context = call.Context();
    service::AssessmentService assessments(context);
    const int64_t id = IdParam(call.params, "id");
    Unwrap(assessments.Open(id, third_party ? Action::kVerify : Action::kConfirm));
    Body body(call.request, {"valid_from"});
    service::AttestationInput input{body.OptText("valid_from"), IfMatchVersion(call.request)};
    return ViewResponse(200, Unwrap(third_party ? assessments.Verify(id, input) : assessments.Confirm(id, input)));
  };
  router_.Add("POST", "/api/v1/assessments/{id}/confirm", [attest](Call& call) { return attest(call, false); });
  router_.Add("POST", "/api/v1/assessments/{id}/verify", [attest](Call& call) { return attest(call, true); });

  // Per-category averages of the caller's industry; none below 5 contributors. Cached per
  // framework and industry until the next change or day.
  router_.Add("GET", "/api/v1/industry-averages/{framework}", [this](Call& call) {
    Require(call);
    const ResourceFacts facts{ResourceKind::kAggregate};
    Check(call, Action::kRead, facts);
    auto context = call.Context();
    const uint64_t generation = chain_->generation();
    const std::string day = FormatDate(context.clock.Today());
    const Organisation* own = chain_->FindOrganisation(call.store, call.principal->org_id);
    const std::string key = "industry-average:" + call.params.at("framework") + ":" +
                            std::string(1, own ? own->industry.major : '?');
    if (const auto view = views_->Find(key, generation, day)) {
      HttpResponse response;
      response.body = view->body;
      return response;
    }
    const auto averages = Unwrap(service::AssessmentService(context).Averages(call.params.at("framework")));
    json out{{"framework", averages.framework->id},
             {"industry", std::string(1, averages.industry)},
             {"contributors", averages.contributors},
             {"minimum_contributors", service::IndustryAverages::kMinimumContributors}};
    if (averages.contributors >= service::IndustryAverages::kMinimumContributors) {
      json list = json::array();
      for (const auto& c : averages.categories) {
        list.push_back(json{{"id", c.category->id}, {"name", TextJson(c.category->name)},
                            {"coverage", c.coverage}, {"maturity", c.maturity}});
      }
      out["categories"] = list;
    } else {
      out["categories"] = nullptr;
    }
    HttpResponse response = JsonResponse(200, out);
    views_->Keep(key, ViewCache::View{facts, response.body}, generation, day);
    return response;
  });
}

}  // namespace hoshitori::api
