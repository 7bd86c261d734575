#include "store/override_repository.h"

namespace hoshitori {

Result<std::vector<RequirementOverride>> RequirementOverrideRepository::List(int64_t org_id) {
  return QueryAll<RequirementOverride>(
      session_, "cannot read the requirement overrides",
      "SELECT org_id, relationship_id, star, reason, set_by, set_at FROM requirement_overrides "
      "WHERE org_id = ? ORDER BY relationship_id",
      SqlParams(org_id), [](const SqlRow& r) {
        return RequirementOverride{r.Int(0),    r.Int(1),         static_cast<int>(r.Int(2)),
                                   r.String(3), r.OptionalInt(4), r.String(5)};
      });
}

Status RequirementOverrideRepository::Put(const RequirementOverride& o) {
  return ExecuteStatement(
      session_, "cannot store the requirement override",
      "INSERT INTO requirement_overrides (org_id, relationship_id, star, reason, set_by, set_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, relationship_id) DO UPDATE SET "
      "star = excluded.star, reason = excluded.reason, set_by = excluded.set_by, "
      "set_at = excluded.set_at",
      SqlParams(o.org_id, o.relationship_id, static_cast<int64_t>(o.star), o.reason, o.set_by,
                o.set_at));
}

Result<bool> RequirementOverrideRepository::Remove(int64_t org_id, int64_t relationship_id) {
  auto removed =
      session_.Execute("cannot remove the requirement override",
                       "DELETE FROM requirement_overrides WHERE org_id = ? AND relationship_id = ?",
                       SqlParams(org_id, relationship_id));
  if (!removed) return removed.error();
  return *removed > 0;
}

}  // namespace hoshitori
