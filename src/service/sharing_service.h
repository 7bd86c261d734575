// SharingService: the use cases of sharing and requests. A supplier's admin grants a buyer
// a share of a submitted assessment (its level, or its details too), optionally until a day,
// and revokes it; a buyer asks a supplier for an assessment (a request), which the supplier
// answers by granting a share. Both parties list the shares and requests they are party to,
// and the buyer's chain analyses read what is really shared with it (ActiveSharesTo).
//
// Every method authorises the context's actor through Allow before it reads or writes, item
// by item for lists; a change runs in one transaction with its audit entry. "Now" is the
// context's clock: a share is active until it is revoked or its expiry passes by that clock.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"

namespace hoshitori::service {


struct ShareView {
  Share share;
  Party supplier;       // who granted it (owns the assessment)
  Party buyer;          // who receives it
  bool active = false;  // not revoked and not expired by the context's clock
};

struct RequestView {
  AssessmentRequest request;
  Party buyer;     // who asks
  Party supplier;  // who is asked
  std::optional<std::string> deadline;  // YYYY-MM-DD: the day by which the buyer asks an answer
};

// The shares an organisation is party to, oldest first.
struct SharesOfOrganisation {
  std::vector<ShareView> granted;   // by the caller's organisation, as supplier
  std::vector<ShareView> received;  // to the caller's organisation, as buyer
};

struct ShareInput {
  int64_t assessment_id = 0;
  std::string buyer_corporate_number;
  std::string detail = "level";           // "level" (the level only) or "details" (answers too)
  std::optional<std::string> expires_on;  // YYYY-MM-DD, after today: active until that day starts
  std::optional<int64_t> request_id;      // the buyer's open request this share answers
};

struct GrantedShare {
  ShareView view;
  // False when an equal active share existed (same assessment, buyer, detail and expiry):
  // that one is returned and no second one is made.
  bool created = true;
};

struct RequestInput {
  std::string supplier_corporate_number;
  std::string framework_id;
  std::optional<int64_t> required_star;  // 1..5 when given
  std::string message;
  std::optional<std::string> deadline;  // YYYY-MM-DD, today or later, when given
};

// One request to each of several suppliers, with the same terms.
struct BulkRequestInput {
  std::vector<std::string> supplier_corporate_numbers;  // at most kMaxBulkRequests
  std::string framework_id;
  std::optional<int64_t> required_star;
  std::string message;
  std::optional<std::string> deadline;
};

struct BulkRequestOutcome {
  std::vector<RequestView> sent;
  // Suppliers left out because the buyer's request to them for the framework is still open.
  std::vector<RequestView> already_open;
};

class SharingService {
 public:
  explicit SharingService(Context& context) : context_(context) {}

  // Shares assessment `input.assessment_id` of the caller's organisation with the buyer named
  // by its corporate number; only the supplier's admin may. Errors: kNotFound when the
  // assessment is not the caller's organisation's; kForbidden for a caller who may not share;
  // kConflict "Not submitted" for a draft; kInvalid for a bad or unknown corporate number
  // (also the caller's own), a bad detail, an expiry not after today, or a request that is
  // not this buyer's request to the caller; kConflict "Request not open" for a request
  // answered already. With `request_id`, the request is marked answered by the share in the
  // same transaction. An equal active share is returned instead of a second one (and answers
  // the request, when one is named).
  Result<GrantedShare> Grant(const ShareInput& input);
  // Assessment `assessment_id` when the caller may share it, with the errors of Grant's first
  // checks (kNotFound, kForbidden, kConflict "Not submitted"). For adapters that must
  // authorise before they report a malformed request body; Grant checks the same itself,
  // inside its transaction.
  Result<AssessmentRecord> OpenToShare(int64_t assessment_id);

  // The shares granted by and to the caller's organisation, each authorised for reading.
  Result<SharesOfOrganisation> List();

  // Revokes share `id`; only the supplier's admin may. kNotFound when the caller is not a
  // party to it, kForbidden for a party who may not revoke, kConflict "Already revoked".
  Status Revoke(int64_t id);

  // The caller's organisation (as buyer) asks the supplier named by its corporate number for
  // an assessment of `framework_id`. kInvalid for a bad or unknown corporate number, an
  // unknown framework or a level outside 1..5; kForbidden for a caller who may not ask.
  // With a deadline, the deadline is stored and told in the supplier's notification; kInvalid
  // ("Invalid deadline") for one that is not a date or is before today.
  Result<RequestView> Ask(const RequestInput& input);

  // The most suppliers one AskMany may name.
  static constexpr size_t kMaxBulkRequests = 5000;
  // Asks every supplier named (duplicates in the list count once) with the same terms, in one
  // transaction: each request is created, notified and audited as Ask's are. A supplier to
  // whom the buyer's request for the framework is still open gets no second one; that
  // request is returned in `already_open` (checked in the transaction that writes, with the
  // buyer's requests serialised). Any bad or unknown corporate number fails the whole call
  // (kInvalid naming it) and nothing is sent; so does an empty list or one over
  // kMaxBulkRequests.
  Result<BulkRequestOutcome> AskMany(const BulkRequestInput& input);

  // The requests the caller's organisation sent or received, oldest first.
  Result<std::vector<RequestView>> Requests();

  // What `buyer_org_id` really sees of its suppliers: every share to it that is active by the
  // context's clock, with the assessment, its stored result (scored now when missing) and the
  // supplier. Readable by the buyer's members (a chain analysis of the buyer); each share is
  // authorised as the buyer's read of the shared assessment. For the buyer's chain analyses
  // (compliance, exposure) in the API and on the command line.
  Result<std::vector<SharedAssessment>> ActiveSharesTo(int64_t buyer_org_id);

 private:
  // The party `org_id`, authorised for reading; profiles are looked up once per service.
  Result<Party> PartyOf(int64_t org_id);
  Result<ShareView> ViewOf(const Share& share);
  Result<RequestView> ViewOf(const AssessmentRequest& request);

  Context& context_;
  std::map<int64_t, Party> parties_;
};

}  // namespace hoshitori::service
