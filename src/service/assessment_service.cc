#include "service/assessment_service.h"

#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "service/chain_service.h"
#include "service/results.h"
#include "core/corporate_number.h"
#include "core/date.h"
#include "service/assessor_service.h"
#include "store/assessor_repository.h"
#include "service/attestation_service.h"
#include "service/engagement_service.h"
#include "service/event_notifications.h"
#include "store/evidence_repository.h"

namespace hoshitori::service {

namespace {

Error NotVisible(int64_t id) { return NotFound("no assessment " + std::to_string(id) + " is visible to you"); }

Status RequireVersion(const AssessmentRecord& record, const std::optional<int64_t>& expected) {
  if (expected && *expected != record.version) {
    return MakeError(ErrorKind::kOutdated, "Changed meanwhile",
                     "the assessment was changed by someone else since you read it (now version " +
                         std::to_string(record.version) + "); reload it and apply your change again");
  }
  return OkStatus();
}

// Whether `framework` has an assessable criterion first needed at ★`star`.
bool TagsStar(const Framework& framework, int star) {
  for (const NodeIndex index : framework.assessable()) {
    if (LowestStar(framework.nodes()[index].levels) == star) return true;
  }
  return false;
}

Status RequireTarget(const Framework& framework, const std::optional<int>& target) {
  if (target && !TagsStar(framework, *target)) {
    return Invalid("Invalid target level",
                   "framework '" + framework.id + "' has no criteria for ★" + std::to_string(*target) +
                       " / この基準には★" + std::to_string(*target) + "の項目がありません");
  }
  return OkStatus();
}

// The refs of `node_ids` (at most `limit`, then "…") for a message.
std::string RefList(const Framework& framework, const std::vector<std::string>& node_ids, size_t limit) {
  std::string out;
  for (size_t i = 0; i < node_ids.size() && i < limit; ++i) {
    const NodeIndex index = framework.Find(node_ids[i]);
    if (!out.empty()) out += ", ";
    out += index >= 0 ? framework.nodes()[index].ref : node_ids[i];
  }
  if (node_ids.size() > limit) out += ", …";
  return out;
}

}  // namespace

std::string DefaultAssessmentName(const Framework& framework, int target_star, const Date& day,
                                  const std::string& lang) {
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  const int year = static_cast<int>(day.year());
  const unsigned month = static_cast<unsigned>(day.month());
  std::string name = framework.name.In(lang);
  if (target_star > 0) name += " ★" + std::to_string(target_star);
  if (lang == "en") {
    name += " " + std::string(kMonths[(month + 11) % 12]) + " " + std::to_string(year);
  } else {
    name += " " + std::to_string(year) + "年" + std::to_string(month) + "月";
  }
  return name;
}

Result<std::vector<CarrySource>> AssessmentService::CarrySources(int64_t org_id, int64_t except) {
  TRY_ASSIGN(const auto records, context_.store.ListAssessments(org_id));
  std::map<std::string, CarrySource> latest;
  // Oldest first: walk from the newest and keep the first with answers per framework.
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    if (it->id == except || latest.count(it->framework_id)) continue;
    if (!context_.catalog.FindFramework(it->framework_id)) continue;
    TRY_ASSIGN(std::vector<Answer> answers, context_.store.LoadAnswers(it->id));
    if (answers.empty()) continue;
    latest[it->framework_id] = CarrySource{it->id, it->framework_id, std::move(answers)};
  }
  std::vector<CarrySource> out;
  for (auto& [framework, source] : latest) out.push_back(std::move(source));
  return out;
}

Result<StartPlan> AssessmentService::Plan(const std::string& framework_id, std::optional<int> target_star) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kAssessment, p.org_id}));
  const Framework* framework = context_.catalog.FindFramework(framework_id);
  if (!framework) return Invalid("Unknown framework", "framework '" + framework_id + "' is not in the catalog");
  TRY(RequireTarget(*framework, target_star));
  TRY_ASSIGN(const auto sources, CarrySources(p.org_id, 0));
  std::set<std::string> carried;
  for (const CarriedOver& c : CarryOver(context_.catalog, *framework, sources)) carried.insert(c.node_id);
  StartPlan plan;
  for (const NodeIndex index : framework->assessable()) {
    const RequirementNode& node = framework->nodes()[index];
    if (!NeededFor(node, target_star.value_or(0))) continue;
    ++plan.questions;
    if (carried.count(node.id)) ++plan.carried;
  }
  plan.minutes = static_cast<int>(std::ceil((plan.questions - plan.carried) * StartPlan::kMinutesPerQuestion +
                                            plan.carried * StartPlan::kMinutesPerProposal));
  return plan;
}

Result<std::vector<StoredCarriedAnswer>> AssessmentService::Carried(int64_t id) {
  TRY_ASSIGN(const AssessmentRecord record, Load(id, Action::kRead, ResourceKind::kAssessmentAnswers));
  return CarriedAnswerRepository(context_.store.Sql()).List(record.id);
}

Result<AssessmentView> AssessmentService::ConfirmCarried(int64_t id, const std::vector<std::string>& node_ids,
                                                         std::optional<int64_t> expected_version) {
  // The proposals become answers through SaveAnswers, whose transaction settles them (a
  // proposal confirmed twice at once is the same answer written twice).
  TRY_ASSIGN(const AssessmentRecord seen, Load(id, Action::kUpdate, ResourceKind::kAssessment));
  const Framework* framework = context_.catalog.FindFramework(seen.framework_id);
  if (!framework) return MakeError("framework " + seen.framework_id + " is no longer in the catalog");
  TRY_ASSIGN(const auto waiting, CarriedAnswerRepository(context_.store.Sql()).List(seen.id));
  const std::set<std::string> wanted(node_ids.begin(), node_ids.end());
  AnswersToSave input;
  input.expected_version = expected_version;
  for (const StoredCarriedAnswer& proposal : waiting) {
    if (!wanted.empty() && !wanted.count(proposal.node_id)) continue;
    const NodeIndex index = framework->Find(proposal.node_id);
    if (index < 0 || framework->AssessablePosition(index) < 0) continue;  // left the catalog
    Answer answer;
    answer.node_id = proposal.node_id;
    answer.status = ParseAnswerStatus(proposal.status).value_or(AnswerStatus::kUnknown);
    answer.choice = proposal.choice;
    input.answers.push_back(std::move(answer));
  }
  if (input.answers.empty()) return Get(seen.id);
  return SaveAnswers(seen.id, input);
}

Result<SubmissionCheck> AssessmentService::Check(const AssessmentRecord& record) {
  SubmissionCheck check;
  const Framework* framework = context_.catalog.FindFramework(record.framework_id);
  if (!framework) return MakeError("framework " + record.framework_id + " is no longer in the catalog");
  CarriedAnswerRepository carried(context_.store.Sql());
  TRY_ASSIGN(const auto profile, carried.Profile(record.id));
  check.target_star = profile && profile->target_star ? *profile->target_star : 0;
  if (check.target_star == 0) return check;
  check.declaration_required = check.target_star >= 3;
  TRY_ASSIGN(const auto answers, context_.store.LoadAnswers(record.id));
  std::set<std::string> answered;
  for (const Answer& a : answers) {
    if (a.status != AnswerStatus::kUnknown) answered.insert(a.node_id);
  }
  TRY_ASSIGN(const auto waiting, carried.List(record.id));
  std::set<std::string> proposed;
  for (const StoredCarriedAnswer& w : waiting) proposed.insert(w.node_id);
  for (const NodeIndex index : framework->assessable()) {
    const RequirementNode& node = framework->nodes()[index];
    if (!NeededFor(node, check.target_star)) continue;
    ++check.needed;
    if (answered.count(node.id)) continue;
    check.unanswered.push_back(node.id);
    if (proposed.count(node.id)) check.unconfirmed.push_back(node.id);
  }
  return check;
}

Result<SubmissionCheck> AssessmentService::CheckSubmission(int64_t id) {
  TRY_ASSIGN(const AssessmentRecord record, Load(id, Action::kSubmit, ResourceKind::kAssessment));
  return Check(record);
}

Result<std::optional<ShareDetail>> AssessmentService::SharedWith(int64_t assessment_id, int64_t org_id) {
  std::optional<ShareDetail> best;
  const std::string now = context_.clock.UtcNow();
  TRY_ASSIGN(const auto shares, context_.store.ListSharesOfAssessment(assessment_id));
  for (const Share& share : shares) {
    if (share.buyer_org_id != org_id || !share.ActiveAt(now)) continue;
    if (!best || share.detail == ShareDetail::kDetails) best = share.detail;
  }
  return best;
}

Result<AssessmentRecord> AssessmentService::Load(int64_t id, Action action, ResourceKind kind,
                                                 std::optional<ShareDetail>* shared, bool* engaged) {
  TRY_ASSIGN(const auto record, context_.store.GetAssessment(id));
  if (!record) return NotVisible(id);
  const auto& principal = context_.actor.principal;
  ResourceFacts facts(kind, record->org_id);
  if (principal && principal->org_id != record->org_id) {
    TRY_ASSIGN(facts.shared_with_principal, SharedWith(record->id, principal->org_id));
    TRY_ASSIGN(facts.engaged, EngagementService::Engaged(context_, record->id, principal->org_id));
  }
  // Reading is checked first so that an organisation without access learns nothing.
  ResourceFacts read_facts{ResourceKind::kAssessment, record->org_id, 0, facts.shared_with_principal};
  read_facts.engaged = facts.engaged;
  const bool readable = Authorize(principal, Action::kRead, read_facts).allowed;
  if (!principal) return Unauthenticated("sign in first");
  if (!readable) return NotVisible(id);
  TRY(Allow(context_, action, facts));
  if (shared) *shared = facts.shared_with_principal;
  if (engaged) *engaged = facts.engaged;
  return *record;
}

Result<AssessmentView> AssessmentService::ViewOf(const AssessmentRecord& record, bool details,
                                                 std::optional<ShareDetail> shared) {
  TRY_ASSIGN(AssessmentResult result, StoredResult(context_.store, context_.catalog, record));
  HeldLevel held = DetermineHeldLevel(result.eligible_star, result.present_stars, record.attestation,
                                      context_.clock.Today());
  AssessmentView view;
  view.record = record;
  view.result = std::move(result);
  view.held = std::move(held);
  view.details = details;
  view.shared = shared;
  TRY_ASSIGN(const auto profile, CarriedAnswerRepository(context_.store.Sql()).Profile(record.id));
  Named(view, profile ? &*profile : nullptr);
  return view;
}

void AssessmentService::Named(AssessmentView& view, const AssessmentProfile* profile) const {
  view.target_star = profile && profile->target_star ? *profile->target_star : 0;
  if (profile && !profile->name.empty()) {
    view.name = profile->name;
    return;
  }
  // Named by when it was created (older assessments have no profile).
  Date created = context_.clock.Today();
  if (const auto day = ParseDate(std::string_view(view.record.created_at).substr(0, 10))) created = *day;
  const Framework* framework = context_.catalog.FindFramework(view.record.framework_id);
  view.name = framework ? DefaultAssessmentName(*framework, view.target_star, created, "ja")
                        : view.record.framework_id;
}

Result<AssessmentRecord> AssessmentService::Create(const std::string& framework_id, const std::string& scope) {
  return Start(StartInput{framework_id, scope, std::nullopt, ""});
}

Result<AssessmentRecord> AssessmentService::Start(const StartInput& input) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kCreate, ResourceFacts{ResourceKind::kAssessment, p.org_id}));
  const Framework* framework = context_.catalog.FindFramework(input.framework_id);
  if (!framework) {
    return Invalid("Unknown framework", "framework '" + input.framework_id + "' is not in the catalog");
  }
  TRY(RequireTarget(*framework, input.target_star));
  if (input.name.size() > kMaxAssessmentNameBytes) {
    return Invalid("Name too long", "an assessment's name has at most " + std::to_string(kMaxAssessmentNameBytes) +
                                        " bytes / 名前が長すぎます");
  }
  AssessmentRecord record;
  record.org_id = p.org_id;
  record.framework_id = input.framework_id;
  record.scope = input.scope;
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {p.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(record.id, context_.store.InsertAssessment(record));
    TRY(context_.store.PutAssessmentResult(DeriveResult(context_.catalog, *framework, record.id, {})));
    CarriedAnswerRepository carried(context_.store.Sql());
    AssessmentProfile profile{record.id, p.org_id, input.name, input.target_star};
    if (profile.name.empty()) {
      profile.name = DefaultAssessmentName(*framework, input.target_star.value_or(0), context_.clock.Today(), "ja");
    }
    TRY(carried.PutProfile(profile));
    // Proposals from what the organisation already answered, read in this transaction.
    TRY_ASSIGN(const auto sources, CarrySources(p.org_id, record.id));
    std::vector<StoredCarriedAnswer> proposals;
    for (const CarriedOver& c : CarryOver(context_.catalog, *framework, sources)) {
      proposals.push_back(StoredCarriedAnswer{record.id, p.org_id, c.node_id, std::string(AnswerStatusName(c.status)),
                                              c.choice, c.source_assessment_id, c.source_framework,
                                              ProvenanceJson(c.provenance)});
    }
    TRY(carried.Put(proposals));
    return Record(context_, "assessment.create", "assessment/" + std::to_string(record.id),
                  input.framework_id + ", " + std::to_string(proposals.size()) + " answers carried over");
  }));
  TRY_ASSIGN(const auto stored, context_.store.GetAssessment(record.id));
  if (!stored) return NotVisible(record.id);
  return *stored;
}

Result<int64_t> AssessmentService::Import(const AssessmentRecord& record, const std::vector<Answer>& answers) {
  TRY(AllowOperator(context_));
  const Framework* framework = context_.catalog.FindFramework(record.framework_id);
  if (!framework) return Invalid("Unknown framework", "framework '" + record.framework_id + "' is not in the catalog");
  int64_t id = 0;
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {record.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(id, context_.store.InsertAssessment(record));
    for (const Answer& answer : answers) TRY(context_.store.InsertAnswer(id, record.org_id, answer));
    TRY(context_.store.PutAssessmentResult(DeriveResult(context_.catalog, *framework, id, answers)));
    return Record(context_, "assessment.import", "assessment/" + std::to_string(id),
                  record.framework_id + ", " + std::to_string(answers.size()) + " answers");
  }));
  return id;
}

Result<int64_t> AssessmentService::Rescore(bool all) {
  TRY(AllowOperator(context_));
  int64_t stored = 0;
  context_.Touching(ChangeScope::OfAll(ChangeScope::kAssessments));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(stored, RefreshResults(context_.store, context_.catalog, all));
    return Record(context_, "assessment.rescore", "assessments", std::to_string(stored) + " results");
  }));
  return stored;
}

Result<std::vector<AssessmentView>> AssessmentService::ListOwn() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kAssessment, p.org_id}));
  TRY_ASSIGN(const auto records, context_.store.ListAssessments(p.org_id));
  std::vector<AssessmentView> out;
  out.reserve(records.size());
  for (const AssessmentRecord& record : records) {
    TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kAssessment, record.org_id}));
    TRY_ASSIGN(AssessmentView view, ViewOf(record, false));
    out.push_back(std::move(view));
  }
  return out;
}

Result<AssessmentView> AssessmentService::Get(int64_t id) {
  std::optional<ShareDetail> shared;
  bool engaged = false;
  TRY_ASSIGN(const AssessmentRecord record, Load(id, Action::kRead, ResourceKind::kAssessment, &shared, &engaged));
  ResourceFacts answers{ResourceKind::kAssessmentAnswers, record.org_id, 0, shared};
  answers.engaged = engaged;
  const bool details = Authorize(context_.actor.principal, Action::kRead, answers).allowed;
  TRY_ASSIGN(AssessmentView view, ViewOf(record, details, shared));
  view.engaged = engaged;
  return view;
}

Result<std::pair<AssessmentRecord, std::vector<Answer>>> AssessmentService::Answers(int64_t id) {
  TRY_ASSIGN(const AssessmentRecord record, Load(id, Action::kRead, ResourceKind::kAssessmentAnswers));
  TRY_ASSIGN(std::vector<Answer> answers, context_.store.LoadAnswers(record.id));
  return std::pair{record, std::move(answers)};
}

Result<AssessmentView> AssessmentService::SaveAnswers(int64_t id, const AnswersToSave& input) {
  TRY_ASSIGN(const AssessmentRecord seen, Load(id, Action::kUpdate, ResourceKind::kAssessment));
  const Framework* framework = context_.catalog.FindFramework(seen.framework_id);
  if (!framework) return MakeError("framework " + seen.framework_id + " is no longer in the catalog");
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {seen.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const auto record, context_.store.LockAssessment(seen.id));
    if (!record) return NotVisible(seen.id);
    if (record->attestation.status != AssessmentStatus::kDraft) {
      return Conflict("Not a draft", "answers can be changed only while the assessment is a draft");
    }
    TRY(RequireVersion(*record, input.expected_version));
    CarriedAnswerRepository carried(context_.store.Sql());
    if (input.replace_all) {
      TRY(context_.store.ReplaceAnswers(record->id, record->org_id, input.answers));
      TRY(carried.RemoveAll(record->id));
    } else {
      TRY(context_.store.UpsertAnswers(record->id, record->org_id, input.answers));
      std::vector<std::string> answered;
      for (const Answer& a : input.answers) answered.push_back(a.node_id);
      TRY(carried.Remove(record->id, answered));
    }
    std::vector<Answer> all = input.answers;
    if (!input.replace_all) {
      TRY_ASSIGN(all, context_.store.LoadAnswers(record->id));
    }
    TRY(context_.store.PutAssessmentResult(DeriveResult(context_.catalog, *framework, record->id, all)));
    return Record(context_, input.replace_all ? "assessment.answers" : "assessment.answers.patch",
                  "assessment/" + std::to_string(record->id), std::to_string(input.answers.size()) + " answers");
  }));
  TRY_ASSIGN(const auto saved, context_.store.GetAssessment(seen.id));
  if (!saved) return NotVisible(seen.id);
  return ViewOf(*saved, true);
}

Result<AssessmentView> AssessmentService::Submit(int64_t id, const SubmissionInput& input) {
  TRY_ASSIGN(const AssessmentRecord seen, Load(id, Action::kSubmit, ResourceKind::kAssessment));
  std::optional<int64_t> assessor;
  if (input.assessor_corporate_number) {
    // As typed: full-width digits and hyphens are accepted (HalfWidthDigits).
    auto number = CorporateNumber::Parse(HalfWidthDigits(*input.assessor_corporate_number));
    if (!number) return Invalid("Invalid corporate number", number.error().message);
    TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(*number));
    if (!organisation) {
      return Invalid("Unknown assessor",
                     "no organisation with corporate number " + number->digits() + " uses Hoshitori yet");
    }
    if (organisation->id == seen.org_id) {
      return Invalid("Conflict of interest", "an organisation cannot confirm its own assessment");
    }
    assessor = organisation->id;
    if (!input.declaration) {
      return Invalid("Management declaration required",
                     "asking an assessor for ★3 or ★4 needs the management declaration: "
                     "declaration.representative_name, representative_title, declared_on and "
                     "text_version / ★3以上の確認・評価には経営層の宣言（代表者名、役職、宣言日、"
                     "宣言文の版）が必要です");
    }
  }
  AssessorService registry(context_);
  std::optional<StoredDeclaration> declaration;
  if (input.declaration) {
    TRY_ASSIGN(declaration, registry.PrepareDeclaration(*input.declaration, seen));
  }
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {seen.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const auto record, context_.store.LockAssessment(seen.id));
    if (!record) return NotVisible(seen.id);
    TRY(RequireVersion(*record, input.expected_version));
    if (record->attestation.status == AssessmentStatus::kDraft) {
      TRY_ASSIGN(const SubmissionCheck check, Check(*record));
      if (!check.ready()) {
        const Framework* framework = context_.catalog.FindFramework(record->framework_id);
        const std::string refs = framework ? RefList(*framework, check.unanswered, 10) : "";
        const std::string n = std::to_string(check.unanswered.size());
        const std::string star = std::to_string(check.target_star);
        return Invalid("Unanswered criteria",
                       n + " criteria needed for ★" + star + " are not answered yet (" + refs +
                           "); answer or confirm them before submitting / ★" + star + "に必要な項目のうち" + n +
                           "件が未回答です（" + refs + "）。回答または引き継ぎの確認をしてから提出してください");
      }
      if (check.declaration_required && !declaration) {
        return Invalid("Management declaration required",
                       "submitting for ★" + std::to_string(check.target_star) +
                           " needs the management declaration (representative's name, title and date) / ★" +
                           std::to_string(check.target_star) + "の提出には経営層の宣言（代表者名、役職、宣言日）が必要です");
      }
    }
    if (assessor) TRY(registry.RequireAssessorMayBeNamed(record->org_id, *assessor));
    if (declaration) TRY(AssessorRepository(context_.store.Sql()).PutDeclaration(*declaration));
    Attestation next = record->attestation;
    next.status = AssessmentStatus::kSubmitted;
    next.management_declaration = declaration.has_value();
    if (!CanTransition(record->attestation.status, next.status)) {
      return Conflict("Wrong status", "an assessment that is " +
                                          std::string(AssessmentStatusName(record->attestation.status)) +
                                          " cannot become submitted");
    }
    TRY(context_.store.UpdateAssessmentAttestation(record->id, next));
    TRY(context_.store.RecordSubmission(record->id, assessor, context_.clock.UtcNow()));
    if (assessor) TRY(EngagementService::OpenOnSubmission(context_, *record, *assessor));
    return Record(context_, "assessment.submit", "assessment/" + std::to_string(record->id), "submitted");
  }));
  TRY_ASSIGN(const auto saved, context_.store.GetAssessment(seen.id));
  if (!saved) return NotVisible(seen.id);
  return ViewOf(*saved, true);
}

Result<AssessmentView> AssessmentService::Confirm(int64_t id, const AttestationInput& input) {
  return Attest(id, input, false);
}
Result<AssessmentView> AssessmentService::Verify(int64_t id, const AttestationInput& input) {
  return Attest(id, input, true);
}

Result<AssessmentView> AssessmentService::Attest(int64_t id, const AttestationInput& input, bool third_party) {
  const Action action = third_party ? Action::kVerify : Action::kConfirm;
  const AssessmentStatus status = third_party ? AssessmentStatus::kVerified : AssessmentStatus::kConfirmed;
  TRY_ASSIGN(const AssessmentRecord seen, Load(id, action, ResourceKind::kAssessment));
  const Date today = context_.clock.Today();
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {seen.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const auto record, context_.store.LockAssessment(seen.id));
    if (!record) return NotVisible(seen.id);
    TRY(RequireVersion(*record, input.expected_version));
    // Only an assessor of the organisation the supplier named at submission.
    if (!record->assessor_org_id || *record->assessor_org_id != context_.actor.principal->org_id) {
      return Forbidden("only an assessor of the organisation the supplier named at submission may confirm or verify it");
    }
    TRY(EngagementService::ConcludeByAttestation(context_, record->id));
    Date date = today;
    if (input.valid_from) {
      auto parsed = ParseDate(*input.valid_from);
      if (!parsed) return Invalid("Invalid date", parsed.error().message);
      date = *parsed;
    }
    Date earliest = today;
    if (const auto submitted = ParseDate(std::string_view(record->submitted_at.value_or(record->created_at)).substr(0, 10))) {
      earliest = *submitted;
    }
    if (std::chrono::sys_days(date) > std::chrono::sys_days(today)) {
      return Invalid("Invalid date", "valid_from cannot be in the future");
    }
    if (std::chrono::sys_days(date) < std::chrono::sys_days(earliest)) {
      return Invalid("Invalid date", "valid_from cannot be before the submission (" + FormatDate(earliest) + ")");
    }
    // Accreditation in force from `date` through today, no conflict of interest, a recorded
    // management declaration (issue 14).
    TRY(AssessorService(context_).RequireMayAttest(*record, third_party, date));
    Attestation next = record->attestation;
    next.status = status;
    next.kind = third_party ? AttestationKind::kThirdParty : AttestationKind::kExpertConfirmed;
    next.valid_from = date;
    next.valid_until.reset();
    if (!CanTransition(record->attestation.status, next.status)) {
      return Conflict("Wrong status", "an assessment that is " +
                                          std::string(AssessmentStatusName(record->attestation.status)) +
                                          " cannot become " + std::string(AssessmentStatusName(status)));
    }
    TRY(context_.store.UpdateAssessmentAttestation(record->id, next));
    // The attestation names the accreditation the conclusion was made under (checked above).
    IssueDetails details;
    {
      AssessorRepository assessors(context_.store.Sql());
      const Principal& assessor = *context_.actor.principal;
      TRY_ASSIGN(const auto accreditation, third_party ? assessors.CurrentOfBody(assessor.org_id)
                                                       : assessors.CurrentOfUser(assessor.user_id));
      if (accreditation) details.accreditation_number = accreditation->number;
    }
    // And every evidence file (each version) the assessor could see when concluding.
    TRY_ASSIGN(const auto evidence, EvidenceRepository(context_.store.Sql()).List(record->id, std::nullopt));
    for (const StoredEvidence& file : evidence) details.evidence_hashes.push_back(file.sha256);
    TRY(AttestationService(context_).IssueOnAttest(*record, next, details));
    TRY(NotifyAssessmentConfirmed(context_, *record, third_party));
    return Record(context_, third_party ? "assessment.verify" : "assessment.confirm",
                  "assessment/" + std::to_string(record->id), std::string(AssessmentStatusName(status)));
  }));
  TRY_ASSIGN(const auto saved, context_.store.GetAssessment(seen.id));
  if (!saved) return NotVisible(seen.id);
  return ViewOf(*saved, true);
}

Result<IndustryAverages> AssessmentService::Averages(const std::string& framework_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kAggregate}));
  const Framework* framework = context_.catalog.FindFramework(framework_id);
  if (!framework) return NotFound("no framework '" + framework_id + "'");
  const Organisation* own = context_.chain ? context_.chain->FindOrganisation(context_.store, p.org_id) : nullptr;
  std::optional<Organisation> loaded;
  if (!own) {
    TRY_ASSIGN(loaded, context_.store.GetOrganisation(p.org_id));
    if (!loaded) return MakeError("your organisation is missing");
    own = &*loaded;
  }
  IndustryAverages out;
  out.framework = framework;
  out.industry = own->industry.major;
  std::vector<double> coverage(framework->categories.size()), maturity(framework->categories.size());
  // The stored category rows of each organisation's latest result (every result's catalog
  // digest is the current one: the runtime computes stale results again at start).
  TRY_ASSIGN(const auto latest, context_.store.ListLatestCategoryResults(framework->id, out.industry));
  for (const LatestCategoryResults& one : latest) {
    for (size_t c = 0; c < framework->categories.size() && c < one.categories.size(); ++c) {
      if (one.categories[c].category != framework->categories[c].id) continue;
      coverage[c] += one.categories[c].coverage;
      maturity[c] += one.categories[c].maturity;
    }
    ++out.contributors;
  }
  if (out.contributors >= IndustryAverages::kMinimumContributors) {
    for (size_t c = 0; c < framework->categories.size(); ++c) {
      out.categories.push_back(
          CategoryAverage{&framework->categories[c], coverage[c] / out.contributors, maturity[c] / out.contributors});
    }
  }
  return out;
}

}  // namespace hoshitori::service
