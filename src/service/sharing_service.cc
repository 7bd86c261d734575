#include "service/sharing_service.h"

#include <set>

#include "service/chain_service.h"
#include "service/results.h"
#include "core/corporate_number.h"
#include "core/date.h"
#include "service/event_notifications.h"
#include "store/request_deadline_repository.h"

namespace hoshitori::service {

namespace {

ResourceFacts ShareFacts(const Share& share) {
  return ResourceFacts{ResourceKind::kShare, share.org_id, 0, std::nullopt, share.buyer_org_id};
}

ResourceFacts RequestFacts(const AssessmentRequest& request) {
  return ResourceFacts{ResourceKind::kRequest, request.org_id, 0, std::nullopt,
                       request.supplier_org_id};
}

Error NotYours(int64_t assessment_id) {
  return NotFound("no assessment " + std::to_string(assessment_id) + " of yours");
}

Error NotSubmitted() {
  return Conflict("Not submitted", "submit the assessment before sharing it");
}

// The organisation with corporate number `text`; kInvalid "Invalid corporate number", or
// kInvalid `unknown_title` when no organisation with it uses Hoshitori.
Result<Organisation> Registered(Store& store, const std::string& text, const char* unknown_title) {
  auto number = CorporateNumber::Parse(text);
  if (!number) return Invalid("Invalid corporate number", number.error().message);
  TRY_ASSIGN(auto organisation, store.FindOrganisation(*number));
  if (!organisation) {
    return Invalid(unknown_title, "no organisation with corporate number " + number->digits() +
                                      " uses Hoshitori yet");
  }
  return *std::move(organisation);
}

// An active share that a new one with these terms would only repeat.
bool SameTerms(const Share& share, const Share& wanted, const std::string& now) {
  return share.ActiveAt(now) && share.buyer_org_id == wanted.buyer_org_id &&
         share.detail == wanted.detail && share.expires_at == wanted.expires_at;
}

}  // namespace

Result<Party> SharingService::PartyOf(int64_t org_id) {
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kOrganisation, org_id}));
  if (const auto known = parties_.find(org_id); known != parties_.end()) return known->second;
  Party party;
  party.id = org_id;
  const Organisation* organisation = nullptr;
  std::optional<Organisation> loaded;
  if (context_.chain) {
    organisation = context_.chain->FindOrganisation(context_.store, org_id);
  } else {
    TRY_ASSIGN(loaded, context_.store.GetOrganisation(org_id));
    if (loaded) organisation = &*loaded;
  }
  if (organisation) party.organisation = *organisation;
  parties_.emplace(org_id, party);
  return party;
}

Result<ShareView> SharingService::ViewOf(const Share& share) {
  TRY_ASSIGN(Party supplier, PartyOf(share.org_id));
  TRY_ASSIGN(Party buyer, PartyOf(share.buyer_org_id));
  const bool active = share.ActiveAt(context_.clock.UtcNow());
  return ShareView{share, std::move(supplier), std::move(buyer), active};
}

Result<RequestView> SharingService::ViewOf(const AssessmentRequest& request) {
  TRY_ASSIGN(Party buyer, PartyOf(request.org_id));
  TRY_ASSIGN(Party supplier, PartyOf(request.supplier_org_id));
  TRY_ASSIGN(auto deadline, RequestDeadlineRepository(context_.store.Sql()).Get(request.id));
  return RequestView{request, std::move(buyer), std::move(supplier), std::move(deadline)};
}

namespace {

// Grant's first checks, on the assessment as read (and in Grant, locked).
Status CheckOpenToShare(const Context& context, const Principal& p,
                        const std::optional<AssessmentRecord>& record, int64_t assessment_id) {
  if (!record || record->org_id != p.org_id) return NotYours(assessment_id);
  TRY(Allow(context, Action::kShare, ResourceFacts{ResourceKind::kAssessment, record->org_id}));
  TRY(Allow(context, Action::kCreate, ResourceFacts{ResourceKind::kShare, record->org_id}));
  if (record->attestation.status == AssessmentStatus::kDraft) return NotSubmitted();
  return OkStatus();
}

}  // namespace

Result<AssessmentRecord> SharingService::OpenToShare(int64_t assessment_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto record, context_.store.GetAssessment(assessment_id));
  TRY(CheckOpenToShare(context_, p, record, assessment_id));
  return *record;
}

Result<GrantedShare> SharingService::Grant(const ShareInput& input) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  const int64_t assessment_id = input.assessment_id;
  // Every check runs inside the transaction that writes, on the assessment locked there, so
  // concurrent grants of it see each other's shares and nothing is read twice.
  Share share;
  bool created = true;
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const auto locked, context_.store.LockAssessment(assessment_id));
    TRY(CheckOpenToShare(context_, p, locked, assessment_id));
    TRY_ASSIGN(const auto buyer,
               Registered(context_.store, input.buyer_corporate_number, "Unknown buyer"));
    if (buyer.id == p.org_id) {
      return Invalid("Same organisation", "you cannot share with your own organisation");
    }
    if (input.detail != "level" && input.detail != "details") {
      return Invalid("Invalid detail", "detail must be level or details");
    }
    share.org_id = p.org_id;
    share.assessment_id = assessment_id;
    share.buyer_org_id = buyer.id;
    share.detail = input.detail == "details" ? ShareDetail::kDetails : ShareDetail::kLevel;
    share.request_id = input.request_id;
    if (input.expires_on) {
      auto date = ParseDate(*input.expires_on);
      if (!date) return Invalid("Invalid date", date.error().message);
      if (*date <= context_.clock.Today()) {
        return Invalid("Invalid date", "expires_at must be in the future");
      }
      share.expires_at = FormatDate(*date) + "T00:00:00Z";
    }
    std::optional<AssessmentRequest> request;
    if (input.request_id) {
      TRY_ASSIGN(request, context_.store.GetRequest(*input.request_id));
      if (!request || request->supplier_org_id != p.org_id || request->org_id != buyer.id) {
        return Invalid("Unknown request", "request " + std::to_string(*input.request_id) +
                                              " is not a request of this buyer to you");
      }
      TRY(Allow(context_, Action::kAnswer, RequestFacts(*request)));
    }
    context_.Touching(ChangeScope::Of(ChangeScope::kSharing, {share.org_id, share.buyer_org_id}));
    const std::string now = context_.clock.UtcNow();
    TRY_ASSIGN(const auto existing, context_.store.ListSharesOfAssessment(assessment_id));
    for (const Share& other : existing) {
      if (!SameTerms(other, share, now)) continue;
      share = other;
      created = false;
      break;
    }
    if (created) {
      share.created_at = now;
      TRY_ASSIGN(share.id, context_.store.AddShare(share));
    }
    if (request) {
      const std::string request_text = "request " + std::to_string(request->id);
      if (request->status != "open") {
        return Conflict("Request not open", request_text + " is not open any more");
      }
      // Zero rows changed here means another answer committed since the read above.
      if (Status answered = context_.store.AnswerRequest(request->id, share.id); !answered) {
        return Conflict("Request not open", answered.error().message);
      }
    }
    if (created) {
      return Record(context_, "share.create", "share/" + std::to_string(share.id),
                    "assessment/" + std::to_string(assessment_id) + " to organisation/" +
                        std::to_string(buyer.id) + " (" + input.detail + ")");
    }
    if (request) {
      return Record(context_, "request.answer", "request/" + std::to_string(request->id),
                    "by the existing share/" + std::to_string(share.id));
    }
    return OkStatus();
  }));
  TRY_ASSIGN(ShareView view, ViewOf(share));
  return GrantedShare{std::move(view), created};
}

Result<SharesOfOrganisation> SharingService::List() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  SharesOfOrganisation out;
  TRY_ASSIGN(const auto granted, context_.store.ListSharesByOwner(p.org_id));
  TRY_ASSIGN(const auto received, context_.store.ListSharesForBuyer(p.org_id));
  const auto view_all = [&](const std::vector<Share>& shares,
                            std::vector<ShareView>& views) -> Status {
    views.reserve(shares.size());
    for (const Share& share : shares) {
      TRY(Allow(context_, Action::kRead, ShareFacts(share)));
      TRY_ASSIGN(ShareView view, ViewOf(share));
      views.push_back(std::move(view));
    }
    return OkStatus();
  };
  TRY(view_all(granted, out.granted));
  TRY(view_all(received, out.received));
  return out;
}

Status SharingService::Revoke(int64_t id) {
  TRY(SignedIn(context_));
  const std::string id_text = std::to_string(id);
  // Read, authorised and revoked in one transaction: the share checked is the share changed.
  return InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const auto share, context_.store.GetShare(id));
    // A share the caller is not party to does not exist for it.
    if (!share || !Allow(context_, Action::kRead, ShareFacts(*share), ErrorKind::kNotFound)) {
      return NotFound("no share " + id_text);
    }
    TRY(Allow(context_, Action::kRevoke, ShareFacts(*share)));
    if (share->revoked_at) {
      return Conflict("Already revoked",
                      "share " + id_text + " was revoked at " + *share->revoked_at);
    }
    context_.Touching(ChangeScope::Of(ChangeScope::kSharing, {share->org_id, share->buyer_org_id}));
    TRY(context_.store.RevokeShare(id, context_.clock.UtcNow()));
    TRY(NotifyShareRevoked(context_, *share));
    return Record(context_, "share.revoke", "share/" + id_text);
  });
}

namespace {

// The terms of a request checked once: framework, level and deadline.
Status CheckRequestTerms(Context& context, const std::string& framework_id,
                         const std::optional<int64_t>& required_star,
                         const std::optional<std::string>& deadline) {
  if (!context.catalog.FindFramework(framework_id)) {
    return Invalid("Unknown framework", "framework '" + framework_id + "' is not in the catalog");
  }
  if (required_star && (*required_star < 1 || *required_star > 5)) {
    return Invalid("Invalid level", "required_star must be 1 to 5");
  }
  if (deadline) {
    const auto date = ParseDate(*deadline);
    if (!date || FormatDate(*date) != *deadline) {
      return Invalid("Invalid deadline", "deadline must be a date YYYY-MM-DD / 期限は YYYY-MM-DD");
    }
    if (*date < context.clock.Today()) {
      return Invalid("Invalid deadline",
                     "the deadline " + *deadline + " is in the past / 期限が過去の日付です");
    }
  }
  return OkStatus();
}

// Serialises one buyer's request writes (the open-request check) until the transaction ends.
Status LockBuyerRequests(Context& context, int64_t buyer_org) {
  constexpr int64_t kRequestLocks = 0x7265710000000000;  // "req" in the top bytes
  return context.store.Sql().LockUntilCommit(kRequestLocks | buyer_org);
}

}  // namespace

Result<RequestView> SharingService::Ask(const RequestInput& input) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto supplier,
             Registered(context_.store, input.supplier_corporate_number, "Unknown supplier"));
  AssessmentRequest request;
  request.org_id = p.org_id;
  request.supplier_org_id = supplier.id;
  TRY(Allow(context_, Action::kCreate, RequestFacts(request)));
  TRY(CheckRequestTerms(context_, input.framework_id, input.required_star, input.deadline));
  request.framework_id = input.framework_id;
  if (input.required_star) request.required_star = static_cast<int>(*input.required_star);
  request.message = input.message;
  request.created_at = context_.clock.UtcNow();
  context_.Touching(ChangeScope::Of(ChangeScope::kSharing, {request.org_id, request.supplier_org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(request.id, context_.store.AddRequest(request));
    if (input.deadline)
      TRY(RequestDeadlineRepository(context_.store.Sql()).Set(request.id, *input.deadline));
    TRY(NotifyRequestReceived(context_, request, input.deadline));
    return Record(context_, "request.create", "request/" + std::to_string(request.id),
                  "to organisation/" + std::to_string(supplier.id));
  }));
  return ViewOf(request);
}

Result<BulkRequestOutcome> SharingService::AskMany(const BulkRequestInput& input) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  if (input.supplier_corporate_numbers.empty()) {
    return Invalid("No suppliers", "choose at least one supplier / 仕入先を選んでください");
  }
  if (input.supplier_corporate_numbers.size() > kMaxBulkRequests) {
    return Invalid("Too many suppliers", "at most " + std::to_string(kMaxBulkRequests) +
                                             " suppliers per request / 一度に " +
                                             std::to_string(kMaxBulkRequests) + " 社まで");
  }
  TRY(CheckRequestTerms(context_, input.framework_id, input.required_star, input.deadline));
  std::vector<Organisation> suppliers;
  std::set<int64_t> named;
  for (const std::string& number : input.supplier_corporate_numbers) {
    TRY_ASSIGN(auto supplier, Registered(context_.store, number, "Unknown supplier"));
    if (!named.insert(supplier.id).second) continue;
    AssessmentRequest facts;
    facts.org_id = p.org_id;
    facts.supplier_org_id = supplier.id;
    TRY(Allow(context_, Action::kCreate, RequestFacts(facts)));
    suppliers.push_back(std::move(supplier));
  }
  context_.Touching(ChangeScope::Of(ChangeScope::kSharing, {p.org_id}));
  for (const Organisation& o : suppliers) {
    context_.Touching(ChangeScope::Of(ChangeScope::kSharing, {o.id}));
  }
  std::vector<AssessmentRequest> sent, open;
  const std::string now = context_.clock.UtcNow();
  TRY(InTransaction(context_, [&]() -> Status {
    sent.clear();
    open.clear();
    TRY(LockBuyerRequests(context_, p.org_id));
    RequestDeadlineRepository requests(context_.store.Sql());
    for (const Organisation& supplier : suppliers) {
      TRY_ASSIGN(const auto existing,
                 requests.OpenRequest(p.org_id, supplier.id, input.framework_id));
      AssessmentRequest request;
      request.org_id = p.org_id;
      request.supplier_org_id = supplier.id;
      request.framework_id = input.framework_id;
      if (existing) {
        request.id = *existing;
        open.push_back(request);
        continue;
      }
      if (input.required_star) request.required_star = static_cast<int>(*input.required_star);
      request.message = input.message;
      request.created_at = now;
      TRY_ASSIGN(request.id, context_.store.AddRequest(request));
      if (input.deadline) TRY(requests.Set(request.id, *input.deadline));
      TRY(NotifyRequestReceived(context_, request, input.deadline));
      TRY(Record(context_, "request.create", "request/" + std::to_string(request.id),
                 "to organisation/" + std::to_string(supplier.id) + " (bulk)"));
      sent.push_back(std::move(request));
    }
    return OkStatus();
  }));
  BulkRequestOutcome outcome;
  for (const AssessmentRequest& request : sent) {
    TRY_ASSIGN(RequestView view, ViewOf(request));
    outcome.sent.push_back(std::move(view));
  }
  TRY_ASSIGN(const auto all, context_.store.ListRequests(p.org_id));
  for (const AssessmentRequest& request : open) {
    for (const AssessmentRequest& stored : all) {
      if (stored.id != request.id) continue;
      TRY_ASSIGN(RequestView view, ViewOf(stored));
      outcome.already_open.push_back(std::move(view));
    }
  }
  return outcome;
}

Result<std::vector<RequestView>> SharingService::Requests() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto requests, context_.store.ListRequests(p.org_id));
  std::vector<RequestView> out;
  out.reserve(requests.size());
  for (const AssessmentRequest& request : requests) {
    TRY(Allow(context_, Action::kRead, RequestFacts(request)));
    TRY_ASSIGN(RequestView view, ViewOf(request));
    out.push_back(std::move(view));
  }
  return out;
}

Result<std::vector<SharedAssessment>> SharingService::ActiveSharesTo(int64_t buyer_org_id) {
  TRY(SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kChainAnalysis, buyer_org_id}));
  TRY_ASSIGN(auto shared,
             context_.store.ListActiveSharedAssessments(buyer_org_id, context_.clock.UtcNow()));
  for (SharedAssessment& s : shared) {
    TRY(Allow(context_, Action::kRead,
              ResourceFacts{ResourceKind::kAssessment, s.record.org_id, 0, s.share.detail}));
    if (!s.result) {
      TRY_ASSIGN(s.result, StoredResult(context_.store, context_.catalog, s.record));
    }
  }
  return shared;
}

}  // namespace hoshitori::service
