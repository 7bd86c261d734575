#include "service/engagement_service.h"

#include "core/corporate_number.h"
#include "core/utf8.h"

namespace hoshitori::service {

namespace {

using assure::EngagementState;
using assure::FindingVerdict;

Error NotVisible(const std::string& what) {
  return NotFound("no " + what + " is visible to you / 表示できる依頼はありません");
}

ResourceFacts FactsOf(const StoredEngagement& e) {
  return ResourceFacts(ResourceKind::kEngagement, e.org_id, 0, std::nullopt, e.assessor_org_id);
}

EngagementState StateOf(const StoredEngagement& e) {
  return assure::ParseEngagementState(e.state).value_or(EngagementState::kRefused);
}

Error WrongState(const StoredEngagement& e, const std::string& ja, const std::string& en) {
  return Conflict("Wrong engagement state",
                  ja + "（現在: " + e.state + "） / " + en + " (it is " + e.state + ")");
}

// A required free text of at most kMaxEngagementTextCharacters characters.
Status CheckText(const std::string& text, const char* what_ja, const char* what_en, bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Invalid("Missing text", std::string(what_ja) + "を書いてください / give the " + what_en);
  }
  if (!IsValidUtf8(text) || Utf8Length(text) > assure::kMaxEngagementTextCharacters) {
    return Invalid("Text too long",
                   std::string(what_ja) + "は " +
                       std::to_string(assure::kMaxEngagementTextCharacters) +
                       " 文字までの UTF-8 です / the " + what_en + " is UTF-8 of at most " +
                       std::to_string(assure::kMaxEngagementTextCharacters) + " characters");
  }
  return OkStatus();
}

// A new engagement of `assessor_org_id` on the assessment, requested now.
StoredEngagement Requested(const Context& context, const AssessmentRecord& record,
                           int64_t assessor_org_id) {
  StoredEngagement engagement;
  engagement.org_id = record.org_id;
  engagement.assessment_id = record.id;
  engagement.assessor_org_id = assessor_org_id;
  engagement.state = "requested";
  engagement.requested_at = context.clock.UtcNow();
  return engagement;
}

Result<Party> PartyOf(Context& context, int64_t org_id) {
  TRY_ASSIGN(auto organisation, context.store.GetOrganisation(org_id));
  return Party{org_id, std::move(organisation)};
}

}  // namespace

Result<std::string> CriterionOf(const Context& context, const std::string& framework_id,
                                const std::string& criterion) {
  const Framework* framework = context.catalog.FindFramework(framework_id);
  if (!framework)
    return Invalid("Unknown framework",
                   "framework " + framework_id + " is no longer in the catalog");
  const NodeIndex node = framework->Find(criterion);
  if (node < 0 || framework->AssessablePosition(node) < 0) {
    const std::string shown = criterion.size() > 100 ? criterion.substr(0, 100) + "..." : criterion;
    return Invalid("Unknown criterion", "評価基準 '" + shown + "' は " + framework_id +
                                            " の回答項目にありません / criterion '" + shown +
                                            "' is not an assessable node of " + framework_id);
  }
  return framework->nodes()[node].id;
}

Result<StoredEngagement> EngagementService::Load(int64_t id, Action action, bool lock) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  (void)p;
  EngagementRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto engagement, repository.Get(id, lock));
  if (!engagement) return NotVisible("engagement " + std::to_string(id));
  // Reading is checked first so that an organisation without access learns nothing.
  if (!Authorize(context_.actor.principal, Action::kRead, FactsOf(*engagement)).allowed) {
    return NotVisible("engagement " + std::to_string(id));
  }
  TRY(Allow(context_, action, FactsOf(*engagement)));
  return *engagement;
}

Result<EngagementView> EngagementService::ViewOf(const StoredEngagement& engagement,
                                                 bool with_findings) {
  EngagementView view;
  view.engagement = engagement;
  view.state = StateOf(engagement);
  TRY_ASSIGN(view.supplier, PartyOf(context_, engagement.org_id));
  TRY_ASSIGN(view.assessor, PartyOf(context_, engagement.assessor_org_id));
  TRY_ASSIGN(const auto record, context_.store.GetAssessment(engagement.assessment_id));
  if (record) {
    view.framework_id = record->framework_id;
    view.assessment_status = std::string(AssessmentStatusName(record->attestation.status));
  }
  if (with_findings) {
    TRY_ASSIGN(view.findings,
               EngagementRepository(context_.store.Sql()).Findings(engagement.id, false));
  }
  for (const StoredFinding& finding : view.findings) {
    if (finding.verdict != assure::FindingVerdictName(FindingVerdict::kNeedsEvidence)) continue;
    ++(finding.reply ? view.answered_requests : view.open_requests);
  }
  view.ready_to_conclude = with_findings && view.state == EngagementState::kAccepted &&
                           view.open_requests == 0 && view.answered_requests == 0;
  return view;
}

Result<EngagementView> EngagementService::Get(int64_t id) {
  TRY_ASSIGN(const StoredEngagement engagement, Load(id, Action::kRead));
  return ViewOf(engagement);
}

Result<EngagementView> EngagementService::OfAssessment(int64_t assessment_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  (void)p;
  TRY_ASSIGN(const auto latest, EngagementRepository(context_.store.Sql()).Latest(assessment_id));
  if (!latest || !Authorize(context_.actor.principal, Action::kRead, FactsOf(*latest)).allowed) {
    return NotVisible("engagement of assessment " + std::to_string(assessment_id));
  }
  return ViewOf(*latest);
}

Result<std::vector<EngagementView>> EngagementService::List() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto engagements,
             EngagementRepository(context_.store.Sql()).ListOf(p.org_id, 500));
  std::vector<EngagementView> out;
  for (const StoredEngagement& engagement : engagements) {
    if (!Authorize(context_.actor.principal, Action::kRead, FactsOf(engagement)).allowed) continue;
    TRY_ASSIGN(EngagementView view, ViewOf(engagement, false));
    out.push_back(std::move(view));
  }
  return out;
}

Result<std::vector<StoredFinding>> EngagementService::History(int64_t id) {
  TRY_ASSIGN(const StoredEngagement engagement, Load(id, Action::kRead));
  return EngagementRepository(context_.store.Sql()).Findings(engagement.id, true);
}

template <typename ChangeFn>
Result<EngagementView> EngagementService::Change(int64_t id, Action action,
                                                 EngagementState required,
                                                 const std::string& audit_action,
                                                 ChangeFn&& change) {
  TRY_ASSIGN(const StoredEngagement seen, Load(id, action));
  context_.Touching(
      ChangeScope::Of(ChangeScope::kAssessments, {seen.org_id, seen.assessor_org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    EngagementRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto engagement, repository.Get(id, true));
    if (!engagement) return NotVisible("engagement " + std::to_string(id));
    if (StateOf(*engagement) != required) {
      return WrongState(*engagement,
                        "この操作は「" + std::string(assure::EngagementStateName(required)) +
                            "」の依頼にだけできます",
                        "this can be done only while the engagement is " +
                            std::string(assure::EngagementStateName(required)));
    }
    TRY_ASSIGN(const std::string detail, change(repository, *engagement));
    return Record(context_, audit_action, "engagement/" + std::to_string(id), detail);
  }));
  TRY_ASSIGN(const auto stored, EngagementRepository(context_.store.Sql()).Get(id));
  if (!stored) return NotVisible("engagement " + std::to_string(id));
  return ViewOf(*stored);
}

Result<EngagementView> EngagementService::Request(int64_t assessment_id,
                                                  const std::string& assessor_corporate_number) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto seen, context_.store.GetAssessment(assessment_id));
  const auto not_visible =
      NotFound("no assessment " + std::to_string(assessment_id) + " is visible to you");
  if (!seen || !Authorize(p, Action::kRead, ResourceFacts(ResourceKind::kAssessment, seen->org_id))
                    .allowed) {
    return not_visible;
  }
  TRY(Allow(context_, Action::kAnswer, ResourceFacts(ResourceKind::kEngagement, seen->org_id)));
  auto number = CorporateNumber::Parse(assessor_corporate_number);
  if (!number) return Invalid("Invalid corporate number", number.error().message);
  TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(*number));
  if (!organisation) {
    return Invalid(
        "Unknown assessor",
        "法人番号 " + number->digits() +
            " の組織はまだ星取を使っていません / no organisation with corporate number " +
            number->digits() + " uses Hoshitori yet");
  }
  if (organisation->id == seen->org_id) {
    return Invalid("Conflict of interest",
                   "自組織の評価を自ら確認することはできません / an organisation cannot confirm "
                   "its own assessment");
  }
  int64_t id = 0;
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {seen->org_id, organisation->id}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const auto record, context_.store.LockAssessment(assessment_id));
    if (!record) return not_visible;
    if (record->attestation.status != AssessmentStatus::kSubmitted) {
      return Conflict("Not submitted",
                      "提出済みの評価だけ確認を依頼できます / only a submitted assessment can be "
                      "put before an assessor");
    }
    EngagementRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto latest, repository.Latest(assessment_id, true));
    if (!assure::MayRequestAnother(latest ? std::optional(StateOf(*latest)) : std::nullopt)) {
      return WrongState(*latest, "前の依頼が辞退された後にだけ、別の評価者に依頼できます",
                        "another assessor can be named only after the last one declined");
    }
    TRY_ASSIGN(id, repository.Insert(Requested(context_, *record, organisation->id)));
    // The assessment names the organisation now engaged (AssessmentService::Attest checks it).
    TRY(context_.store.RecordSubmission(record->id, organisation->id,
                                        record->submitted_at.value_or(context_.clock.UtcNow())));
    return Record(context_, "engagement.request", "engagement/" + std::to_string(id),
                  "assessment/" + std::to_string(record->id) + " to organisation/" +
                      std::to_string(organisation->id));
  }));
  TRY_ASSIGN(const auto stored, EngagementRepository(context_.store.Sql()).Get(id));
  if (!stored) return NotVisible("engagement " + std::to_string(id));
  return ViewOf(*stored);
}

Result<EngagementView> EngagementService::Accept(int64_t id) {
  return Change(
      id, Action::kUpdate, EngagementState::kRequested, "engagement.accept",
      [&](EngagementRepository& repository, const StoredEngagement& e) -> Result<std::string> {
        TRY(repository.SetState(e.id, "accepted", "", context_.actor.principal->user_id,
                                context_.clock.UtcNow(), true));
        return std::string("accepted");
      });
}

Result<EngagementView> EngagementService::Decline(int64_t id, const std::string& reason) {
  TRY(CheckText(reason, "辞退の理由", "reason for declining", true));
  return Change(
      id, Action::kUpdate, EngagementState::kRequested, "engagement.decline",
      [&](EngagementRepository& repository, const StoredEngagement& e) -> Result<std::string> {
        TRY(repository.SetState(e.id, "declined", reason, context_.actor.principal->user_id,
                                context_.clock.UtcNow(), true));
        return std::string("declined");
      });
}

Result<EngagementView> EngagementService::Refuse(int64_t id, const std::string& reasons) {
  TRY(CheckText(reasons, "認めない理由", "reasons for the refusal", true));
  return Change(
      id, Action::kUpdate, EngagementState::kAccepted, "engagement.refuse",
      [&](EngagementRepository& repository, const StoredEngagement& e) -> Result<std::string> {
        TRY(repository.SetState(e.id, "refused", reasons, context_.actor.principal->user_id,
                                context_.clock.UtcNow(), false));
        return std::string("refused");
      });
}

Result<EngagementView> EngagementService::RecordFinding(int64_t id, const std::string& criterion,
                                                        const std::string& verdict_name,
                                                        const std::string& comment) {
  const auto verdict = assure::ParseFindingVerdict(verdict_name);
  if (!verdict) {
    return Invalid(
        "Unknown verdict",
        "判定は confirmed・needs_evidence・not_confirmed のどれかです / the verdict is one of "
        "confirmed, needs_evidence, not_confirmed");
  }
  TRY(CheckText(comment, "コメント", "comment", *verdict != FindingVerdict::kConfirmed));
  TRY_ASSIGN(const StoredEngagement seen, Load(id, Action::kUpdate));
  TRY_ASSIGN(const auto record, context_.store.GetAssessment(seen.assessment_id));
  if (!record) return NotVisible("engagement " + std::to_string(id));
  TRY_ASSIGN(const std::string node, CriterionOf(context_, record->framework_id, criterion));
  return Change(
      id, Action::kUpdate, EngagementState::kAccepted, "engagement.finding",
      [&](EngagementRepository& repository, const StoredEngagement& e) -> Result<std::string> {
        StoredFinding finding;
        finding.engagement_id = e.id;
        finding.criterion = node;
        finding.org_id = e.org_id;
        finding.verdict = std::string(assure::FindingVerdictName(*verdict));
        finding.comment = comment;
        finding.recorded_by = context_.actor.principal->user_id;
        finding.recorded_at = context_.clock.UtcNow();
        TRY_ASSIGN(const int version, repository.AddFinding(finding));
        return node + " " + finding.verdict + " v" + std::to_string(version);
      });
}

Result<EngagementView> EngagementService::Reply(int64_t id, const std::string& criterion,
                                                const std::string& reply) {
  TRY(CheckText(reply, "回答", "reply", true));
  TRY_ASSIGN(const StoredEngagement seen, Load(id, Action::kAnswer));
  TRY_ASSIGN(const auto record, context_.store.GetAssessment(seen.assessment_id));
  if (!record) return NotVisible("engagement " + std::to_string(id));
  TRY_ASSIGN(const std::string node, CriterionOf(context_, record->framework_id, criterion));
  return Change(
      id, Action::kAnswer, EngagementState::kAccepted, "engagement.reply",
      [&](EngagementRepository& repository, const StoredEngagement& e) -> Result<std::string> {
        TRY_ASSIGN(const auto latest, repository.LatestFinding(e.id, node));
        if (!latest ||
            latest->verdict != assure::FindingVerdictName(FindingVerdict::kNeedsEvidence)) {
          return Conflict("No evidence request", "評価基準 " + node +
                                                     " には証拠の依頼がありません / criterion " +
                                                     node + " has no evidence request to answer");
        }
        TRY(repository.Reply(e.id, node, latest->version, reply, context_.actor.principal->user_id,
                             context_.clock.UtcNow()));
        return node + " v" + std::to_string(latest->version) + (latest->reply ? " (replaced)" : "");
      });
}

Status EngagementService::OpenOnSubmission(Context& context, const AssessmentRecord& record,
                                           int64_t assessor_org_id) {
  EngagementRepository repository(context.store.Sql());
  TRY_ASSIGN(const int64_t id, repository.Insert(Requested(context, record, assessor_org_id)));
  return Record(context, "engagement.request", "engagement/" + std::to_string(id),
                "assessment/" + std::to_string(record.id) + " to organisation/" +
                    std::to_string(assessor_org_id));
}

Status EngagementService::ConcludeByAttestation(Context& context, int64_t assessment_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context));
  EngagementRepository repository(context.store.Sql());
  TRY_ASSIGN(const auto latest, repository.Latest(assessment_id, true));
  if (!latest || latest->assessor_org_id != p.org_id || !assure::IsOpen(StateOf(*latest))) {
    return Forbidden(
        "確認・評価できるのは、受諾した依頼の評価者だけです / only the assessor of an accepted "
        "engagement may confirm or verify it");
  }
  if (StateOf(*latest) != EngagementState::kAccepted) {
    return WrongState(*latest, "先に依頼を受諾してください", "accept the engagement first");
  }
  TRY_ASSIGN(const auto findings, repository.Findings(latest->id, false));
  for (const StoredFinding& finding : findings) {
    if (finding.verdict == assure::FindingVerdictName(FindingVerdict::kNeedsEvidence)) {
      return Conflict(
          "Evidence requested",
          "評価基準 " + finding.criterion +
              " に証拠の依頼が残っています。判定を記録してから確定してください / criterion " +
              finding.criterion + " still needs evidence; record a finding on it first");
    }
  }
  TRY(repository.SetState(latest->id, "concluded", "", p.user_id, context.clock.UtcNow(), false));
  return Record(context, "engagement.conclude", "engagement/" + std::to_string(latest->id),
                "assessment/" + std::to_string(assessment_id));
}

Result<bool> EngagementService::Engaged(Context& context, int64_t assessment_id, int64_t org_id) {
  TRY_ASSIGN(const auto latest, EngagementRepository(context.store.Sql()).Latest(assessment_id));
  return latest && latest->assessor_org_id == org_id &&
         StateOf(*latest) == EngagementState::kAccepted;
}

}  // namespace hoshitori::service
