// NoticeTermsService: the buyer's contractual incident notice on a supply relationship (issue
// 16): how many hours after becoming aware of an incident the supplier has to tell the buyer,
// as the contract sets them. The incident deadlines (regime buyer-contract,
// service/incident_deadlines.h) count with these hours; without them, with the regime's
// default (24 hours).
//
// Rules:
// - the hours are a term of the buyer's: only an admin of the buyer of a confirmed relationship
//   records, changes or clears them (authorised like the buyer's requirement policy,
//   kBuyerPolicy kUpdate with the buyer as owner: a supplier or a buyer's member gets
//   kForbidden);
// - both parties read them (kRelationship kRead as a party); anyone else gets kNotFound, so a
//   relationship's existence does not leak;
// - hours are a whole number from 1 to share::kMaxContractHours, typed with ASCII or full-width
//   digits ("１２", "12時間"); anything else is kInvalid with a ja / en message and nothing is
//   written;
// - each change is one transaction with one audit entry; the statement that writes checks
//   again that the relationship is confirmed, not ended and bought by the caller's
//   organisation (kConflict otherwise).
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/relationship.h"
#include "service/context.h"
#include "store/incident_repository.h"

namespace hoshitori::service {

// The notice hours of one relationship as a party sees them.
struct NoticeTerms {
  int64_t relationship_id = 0;
  int64_t buyer = 0;     // organisation ids
  int64_t supplier = 0;
  std::optional<int> hours;           // none: not recorded
  std::optional<int64_t> set_by;      // the user who recorded them
  std::optional<std::string> set_at;  // UTC
  int default_hours = 24;             // what the deadlines assume without `hours`
};

// One confirmed buyer of the caller's organisation, for the incident form's "buyers whose
// contracts require notice".
struct NoticeBuyerChoice {
  ConfirmedBuyer buyer;
  std::optional<int> hours;  // the shortest recorded over its relationships; none: not recorded
};

// Reads hours as typed: ASCII or full-width digits, blanks around them and a trailing "時間"
// allowed. kInvalid ("Invalid notice hours", ja / en) for anything else, or a number outside
// 1..share::kMaxContractHours.
Result<int> ParseNoticeHours(std::string_view typed);

// The default hours of the buyer-contract regime (its contract_hours clock), 24 when the
// regime files do not say.
int DefaultNoticeHours();

class NoticeTermsService {
 public:
  explicit NoticeTermsService(Context& context) : context_(context) {}

  // The hours of relationship `id` (not ended) for either party; kNotFound for anyone else.
  Result<NoticeTerms> Get(int64_t id);
  // Records or replaces the hours of relationship `id` (the buyer's admins; see above).
  Result<NoticeTerms> Set(int64_t id, std::string_view hours);
  // Removes them (the buyer's admins); kNotFound when none were recorded.
  Result<NoticeTerms> Clear(int64_t id);
  // The hours recorded on the relationships (not ended) the caller's organisation is a party
  // to, by relationship id.
  Result<std::map<int64_t, int>> OfOwnRelationships();
  // The caller's organisation's confirmed buyers (OT and VPN first) with their hours, for the
  // members and admins who write its incident reports.
  Result<std::vector<NoticeBuyerChoice>> BuyersToNotify();

 private:
  // Relationship `id` when the caller's organisation is a party to it and may read it.
  Result<SupplyRelationship> Visible(int64_t id);
  Result<NoticeTerms> TermsOf(const SupplyRelationship& relationship);

  Context& context_;
};

}  // namespace hoshitori::service
