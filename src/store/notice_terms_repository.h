// NoticeTermsRepository: the contractual incident-notice hours recorded on supply
// relationships (migration 027, service/notice_terms_service.h), over one SqlSession.
//
// Not thread-safe: one per session, like the session.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

// The hours recorded on one relationship.
struct NoticeTermsRow {
  int64_t relationship_id = 0;
  int64_t org_id = 0;  // the relationship's buyer
  int hours = 0;       // 1..share::kMaxContractHours
  int64_t set_by = 0;  // user id
  std::string set_at;  // UTC
};

// The hours of one relationship an organisation is a party to, with the relationship's
// declarer (what authorising the read needs).
struct PartyNoticeHours {
  int64_t relationship_id = 0;
  int64_t declared_by = 0;  // organisation
  int hours = 0;
};

class NoticeTermsRepository {
 public:
  explicit NoticeTermsRepository(SqlSession& session) : session_(session) {}

  // The hours of relationship `relationship_id`, or none when none are recorded.
  Result<std::optional<NoticeTermsRow>> Get(int64_t relationship_id);
  // The hours recorded on the relationships not ended that organisation `org_id` is a party
  // to (as buyer or as supplier), by relationship id.
  Result<std::map<int64_t, PartyNoticeHours>> OfParty(int64_t org_id);
  // Records (or replaces) `row`, but only while its relationship is confirmed, not ended and
  // bought by row.org_id: the statement that writes checks that state itself. False (nothing
  // written) otherwise.
  Result<bool> Set(const NoticeTermsRow& row);
  // Removes the hours of relationship `relationship_id`; false when none were recorded.
  Result<bool> Clear(int64_t relationship_id);
  // Per confirmed buyer (not ended) of `supplier_id` with hours recorded: the shortest hours
  // over its relationships with the supplier (the strictest contract wins).
  Result<std::map<int64_t, int>> HoursByBuyer(int64_t supplier_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
