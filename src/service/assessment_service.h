// AssessmentService: the use cases of one organisation's assessments — create, list, read
// (level, result and, where allowed, answers), save answers, submit, and confirmation (★3) or
// verification (★4) by the assessor organisation the supplier named; plus the industry
// averages computed over many organisations' results.
//
// Every method authorises the context's actor through Allow before it reads or writes, runs a
// change in one transaction with its audit entry, and checks state (draft, version, status)
// inside that transaction. An assessment another organisation may not read is reported as
// kNotFound, so its existence does not leak.
//
// Not thread-safe: one per Context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/answer_carry_over.h"
#include "service/context.h"
#include "service/management_declaration.h"
#include "store/carried_answer_repository.h"

namespace hoshitori::service {

// One assessment as its reader may see it.
struct AssessmentView {
  AssessmentRecord record;
  AssessmentResult result;
  HeldLevel held;          // the level held today (attestation and validity applied)
  bool details = false;    // the reader may see the answers and the full evaluation
  std::optional<ShareDetail> shared;  // strongest active share to the reader (not the owner)
  bool engaged = false;  // the reader's organisation holds the accepted engagement on it
  std::string name;      // the owner's name for it (a default for assessments without one)
  int target_star = 0;   // the star level aimed for; 0: the whole framework
};

// At most this many bytes in an assessment's name.
inline constexpr size_t kMaxAssessmentNameBytes = 200;

// Starting an assessment (the supplier's short road, issue 15).
struct StartInput {
  std::string framework_id;
  std::string scope;
  // The star level aimed for: only the criteria tagged at or below it are asked, and all of
  // them must be answered to submit. Must be a star level the framework tags (kInvalid).
  std::optional<int> target_star;
  std::string name;  // empty: DefaultAssessmentName
};

// What starting would ask, before it starts: the questions for the target, how many of them
// the organisation's earlier answers pre-fill, and an estimate of the time needed
// (kMinutesPerQuestion per question to answer, kMinutesPerProposal per proposal to confirm).
struct StartPlan {
  static constexpr double kMinutesPerQuestion = 1.5;
  static constexpr double kMinutesPerProposal = 0.5;
  int questions = 0;
  int carried = 0;
  int minutes = 0;
};

// What stands between a draft and its submission: the criteria needed for the target level
// that have no answer (`unanswered`, assessable order), those of them with a proposal waiting
// for confirmation (`unconfirmed`, a subset), and whether the management declaration is needed
// (a target of ★3 or more). `ready` when nothing is unanswered.
struct SubmissionCheck {
  int target_star = 0;
  int needed = 0;
  std::vector<std::string> unanswered;
  std::vector<std::string> unconfirmed;
  bool declaration_required = false;
  bool ready() const { return unanswered.empty(); }
};

struct AnswersToSave {
  std::vector<Answer> answers;  // already parsed against the assessment's framework
  bool replace_all = false;     // true: these become the whole set; false: add or replace these
  std::optional<int64_t> expected_version;  // the version the caller read (If-Match)
};

// The stored flag management_declaration is true exactly when `declaration` is given (the
// record of issue 14); the bare flag of older clients is accepted but declares nothing.
// Naming an assessor (asking for ★3 or ★4) requires the declaration.
struct SubmissionInput {
  bool management_declaration = false;
  std::optional<std::string> assessor_corporate_number;  // who is to confirm or evaluate it
  std::optional<int64_t> expected_version;
  std::optional<DeclarationInput> declaration;
};

struct AttestationInput {
  std::optional<std::string> valid_from;  // YYYY-MM-DD; today when absent
  std::optional<int64_t> expected_version;
};

struct CategoryAverage {
  const Category* category = nullptr;
  double coverage = 0;
  double maturity = 0;
};
struct IndustryAverages {
  const Framework* framework = nullptr;
  char industry = 0;  // JSIC major group
  int contributors = 0;
  static constexpr int kMinimumContributors = 5;
  std::vector<CategoryAverage> categories;  // empty below kMinimumContributors
};

class AssessmentService {
 public:
  explicit AssessmentService(Context& context) : context_(context) {}

  // A new draft of the caller's organisation against `framework_id` (kInvalid when the
  // catalog has no such framework).
  // Pre-fills it as Start does, without a target level.
  Result<AssessmentRecord> Create(const std::string& framework_id, const std::string& scope);
  // A new draft as Create, with its name and target level, and with proposals carried over
  // (service/answer_carry_over.h) from the latest assessment of each framework the
  // organisation answered, all in one transaction.
  Result<AssessmentRecord> Start(const StartInput& input);
  // What Start would ask (kInvalid for an unknown framework or a target it does not tag).
  Result<StartPlan> Plan(const std::string& framework_id, std::optional<int> target_star);
  // The proposals of assessment `id` still waiting for confirmation (read like its answers).
  Result<std::vector<StoredCarriedAnswer>> Carried(int64_t id);
  // Confirms the proposals for `node_ids` (every waiting one when empty): each becomes the
  // answer it proposed, in one transaction that re-scores the draft. kConflict when it is not
  // a draft, kOutdated when `expected_version` is not the stored one; node ids without a
  // proposal are ignored. Returns the view after the change.
  Result<AssessmentView> ConfirmCarried(int64_t id, const std::vector<std::string>& node_ids,
                                        std::optional<int64_t> expected_version);
  // What submission would check now (the owner only).
  Result<SubmissionCheck> CheckSubmission(int64_t id);
  // The caller's organisation's assessments, oldest first, without details.
  Result<std::vector<AssessmentView>> ListOwn();
  // Assessment `id` as the caller may see it: kNotFound when not visible.
  Result<AssessmentView> Get(int64_t id);
  // Its answers (readable by the owner and by organisations it was shared with in detail),
  // with the record they belong to.
  Result<std::pair<AssessmentRecord, std::vector<Answer>>> Answers(int64_t id);
  // Saves answers of a draft and re-scores it in the same transaction. kConflict when it is
  // not a draft, kOutdated when `expected_version` is not the stored one.
  Result<AssessmentView> SaveAnswers(int64_t id, const AnswersToSave& input);
  // draft → submitted. Names the assessor organisation when given: it must hold an
  // accreditation in force and have no conflict of interest with the supplier (kInvalid),
  // and the management declaration must be given with it (kInvalid); the declaration is
  // stored in the same transaction. With a target level, every criterion it needs must be
  // answered and, from ★3, the declaration given (kInvalid naming what is missing), checked
  // in the transaction that writes.
  Result<AssessmentView> Submit(int64_t id, const SubmissionInput& input);
  // submitted → confirmed (expert, ★3) or → verified (third party, ★4): only by an assessor of
  // the organisation named at submission, dated between the submission and today, holding
  // the accreditation AssessorService::RequireMayAttest asks for, without a conflict of
  // interest (kForbidden), checked in the transaction that writes.
  Result<AssessmentView> Confirm(int64_t id, const AttestationInput& input);
  Result<AssessmentView> Verify(int64_t id, const AttestationInput& input);

  // Assessment `id` when the caller may do `action` on it (kNotFound when it may not even read
  // it, kForbidden when it may read but not act). For adapters that must authorise before
  // they read a request's body.
  Result<AssessmentRecord> Open(int64_t id, Action action) { return Load(id, action, ResourceKind::kAssessment); }

  // Operator: stores an assessment read from a file with its answers and its derived result,
  // in one transaction with its audit entry. Returns the new id.
  Result<int64_t> Import(const AssessmentRecord& record, const std::vector<Answer>& answers);

  // Operator: computes again, in one transaction, every stored result computed against
  // another catalog than the current one (or every result when `all`), and scores assessments
  // that have none. Returns how many results were stored.
  Result<int64_t> Rescore(bool all);

  // Per-category averages over the latest submitted (or later) assessment of `framework_id`
  // of every organisation in the caller's JSIC major group; none below 5 contributors.
  Result<IndustryAverages> Averages(const std::string& framework_id);

 private:
  // Loads assessment `id` and authorises `action` on it as `kind`; kNotFound when the caller
  // may not even read it. Sets `*shared` to the strongest active share to the caller.
  // Sets `*engaged` to whether the caller's organisation holds its accepted engagement.
  Result<AssessmentRecord> Load(int64_t id, Action action, ResourceKind kind,
                                std::optional<ShareDetail>* shared = nullptr, bool* engaged = nullptr);
  // Sets the view's name and target from `profile` (null: a default name).
  void Named(AssessmentView& view, const AssessmentProfile* profile) const;
  Result<AssessmentView> ViewOf(const AssessmentRecord& record, bool details,
                                std::optional<ShareDetail> shared = std::nullopt);
  Result<AssessmentView> Attest(int64_t id, const AttestationInput& input, bool third_party);
  // The check of SubmissionCheck on `record`, in the caller's transaction.
  Result<SubmissionCheck> Check(const AssessmentRecord& record);
  // The latest assessment with answers of each framework of organisation `org_id`, other than
  // `except`.
  Result<std::vector<CarrySource>> CarrySources(int64_t org_id, int64_t except);
  // The strongest active share of `assessment_id` to `org_id`, if any.
  Result<std::optional<ShareDetail>> SharedWith(int64_t assessment_id, int64_t org_id);

  Context& context_;
};

// The name given to an assessment without one: the framework's name, the target level and the
// month, e.g. "共通カタログ ★3 2026年12月" (ja) or "Common catalog ★3 December 2026" (en).
std::string DefaultAssessmentName(const Framework& framework, int target_star, const Date& day,
                                  const std::string& lang);

}  // namespace hoshitori::service
