// OrganisationLocationRepository: where organisations are (migration 029: the prefecture as its
// JIS X 0401 code), over one SqlSession. Written once for SQLite and PostgreSQL.
//
// Not thread-safe: one per session, like the session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/sql_session.h"

namespace hoshitori {

// The prefecture recorded for one organisation.
struct OrganisationLocationRow {
  int64_t org_id = 0;
  std::string prefecture;  // "01".."47"
  int64_t set_by = 0;      // user id
  std::string set_at;      // UTC
};

class OrganisationLocationRepository {
 public:
  explicit OrganisationLocationRepository(SqlSession& session) : session_(session) {}

  // The prefecture of organisation `org_id`, or none when none is recorded.
  Result<std::optional<OrganisationLocationRow>> Get(int64_t org_id);
  // Records (or replaces) `row`. The caller has checked the prefecture code.
  Status Set(const OrganisationLocationRow& row);
  // Removes the prefecture of organisation `org_id`; false when none was recorded.
  Result<bool> Clear(int64_t org_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
