// RequirementOverrideRepository: buyers' per-relationship requirement overrides
// (migration 019): the star a buyer requires of the supplier of one of its relationships,
// whatever its policy's rules say.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

struct RequirementOverride {
  int64_t org_id = 0;           // the buyer
  int64_t relationship_id = 0;  // one of the buyer's relationships (as buyer)
  int star = 0;                 // 1..5
  std::string reason;           // the buyer's words, may be empty
  std::optional<int64_t> set_by;
  std::string set_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ"
};

// Works on the session it was given (which must outlive it); one thread at a time.
class RequirementOverrideRepository {
 public:
  explicit RequirementOverrideRepository(SqlSession& session) : session_(session) {}

  // The buyer's overrides, by relationship id.
  Result<std::vector<RequirementOverride>> List(int64_t org_id);
  // Stores `entry`, replacing the buyer's previous override of the relationship.
  Status Put(const RequirementOverride& entry);
  // Removes the buyer's override of the relationship; false when there was none.
  Result<bool> Remove(int64_t org_id, int64_t relationship_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
