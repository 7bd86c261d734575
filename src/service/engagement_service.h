// EngagementService: the engagement of the assessor organisation a supplier named for a
// submitted assessment (assure/engagement.h has the states). The named organisation's
// assessors accept or decline it; once accepted they read the assessment in full, record a
// finding per criterion (confirmed / needs_evidence / not_confirmed, versioned), and conclude
// it: positively through AssessmentService::Confirm or Verify (which call
// ConcludeByAttestation), or with a refusal and its reasons. A needs_evidence finding is an
// evidence request the supplier answers with a reply and/or evidence files
// (EvidenceService). The supplier follows where it stands with Get.
//
// Every method authorises through Allow (an engagement the caller may not read is kNotFound),
// checks state inside its writing transaction, and records one audit entry per change.
//
// Not thread-safe: one per Context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assure/engagement.h"
#include "service/context.h"
#include "store/engagement_repository.h"

namespace hoshitori::service {

struct EngagementView {
  StoredEngagement engagement;
  assure::EngagementState state = assure::EngagementState::kRequested;
  Party supplier;
  Party assessor;
  std::string framework_id;
  std::string assessment_status;
  std::vector<StoredFinding> findings;  // the latest finding of each criterion
  int open_requests = 0;                // needs_evidence findings the supplier has not answered
  int answered_requests = 0;            // needs_evidence findings answered, awaiting the assessor
  // Whether the assessor may conclude positively now: accepted, no needs_evidence finding.
  bool ready_to_conclude = false;
};

class EngagementService {
 public:
  explicit EngagementService(Context& context) : context_(context) {}

  // Engagement `id` with its findings; kNotFound when the caller may not read it.
  Result<EngagementView> Get(int64_t id);
  // The newest engagement of assessment `assessment_id`; kNotFound when there is none the
  // caller may read.
  Result<EngagementView> OfAssessment(int64_t assessment_id);
  // Engagements of the caller's organisation (as supplier, or, for assessors, as the named
  // organisation), newest first, at most 500; without findings.
  Result<std::vector<EngagementView>> List();
  // Every version of every finding, by criterion and version.
  Result<std::vector<StoredFinding>> History(int64_t id);

  // The supplier names `assessor_corporate_number` for its submitted assessment when it named
  // nobody or the last organisation declined (kConflict otherwise).
  Result<EngagementView> Request(int64_t assessment_id,
                                 const std::string& assessor_corporate_number);
  // requested → accepted, by an assessor of the named organisation.
  Result<EngagementView> Accept(int64_t id);
  // requested → declined, with a reason the supplier reads (required).
  Result<EngagementView> Decline(int64_t id, const std::string& reason);
  // accepted: stores the next version of the finding on `criterion` (an assessable node of the
  // assessment's framework, by id or ref). `verdict` is a FindingVerdict name; a comment is
  // required for needs_evidence and not_confirmed.
  Result<EngagementView> RecordFinding(int64_t id, const std::string& criterion,
                                       const std::string& verdict, const std::string& comment);
  // accepted: the supplier answers the evidence request on `criterion` (its latest finding
  // must be needs_evidence); a later reply replaces an earlier one (both audited).
  Result<EngagementView> Reply(int64_t id, const std::string& criterion, const std::string& reply);
  // accepted → refused: the assessor ends the engagement without a level, with reasons.
  Result<EngagementView> Refuse(int64_t id, const std::string& reasons);

  // For AssessmentService::Submit, inside its transaction: opens the engagement of a
  // submission of `record` naming `assessor_org_id`.
  static Status OpenOnSubmission(Context& context, const AssessmentRecord& record,
                                 int64_t assessor_org_id);
  // For AssessmentService::Attest, inside its transaction: the caller's organisation must
  // hold the accepted engagement of the assessment (kForbidden otherwise; kConflict when it
  // is not accepted yet) with no needs_evidence finding (kConflict); marks it concluded.
  static Status ConcludeByAttestation(Context& context, int64_t assessment_id);
  // Whether `org_id` is the assessor of the accepted engagement of the assessment.
  static Result<bool> Engaged(Context& context, int64_t assessment_id, int64_t org_id);

 private:
  // Loads engagement `id` (locked when `lock`, inside a transaction) and authorises `action`;
  // kNotFound when the caller may not read it.
  Result<StoredEngagement> Load(int64_t id, Action action, bool lock = false);
  Result<EngagementView> ViewOf(const StoredEngagement& engagement, bool with_findings = true);
  // Runs `change` on engagement `id` (locked, authorised for `action`, in state `required`)
  // in one transaction with the audit entry `audit_action`; returns the view after it.
  template <typename Change>
  Result<EngagementView> Change(int64_t id, Action action, assure::EngagementState required,
                                const std::string& audit_action, Change&& change);

  Context& context_;
};

// The id of the assessable node `criterion` (an id or a ref) of framework `framework_id`, or
// kInvalid naming it.
Result<std::string> CriterionOf(const Context& context, const std::string& framework_id,
                                const std::string& criterion);

}  // namespace hoshitori::service
