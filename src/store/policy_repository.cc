#include "store/policy_repository.h"

namespace hoshitori {

Result<std::optional<BuyerPolicy>> PolicyRepository::Get(int64_t org_id) {
  return QueryFirst<BuyerPolicy>(
      session_, "cannot read the buyer's policy",
      "SELECT org_id, rules, updated_by, updated_at FROM buyer_policies WHERE org_id = ?",
      SqlParams(org_id), [](const SqlRow& r) {
        return BuyerPolicy{r.Int(0), r.String(1), r.OptionalInt(2), r.String(3)};
      });
}

Status PolicyRepository::Put(const BuyerPolicy& p) {
  return ExecuteStatement(
      session_, "cannot store the buyer's policy",
      "INSERT INTO buyer_policies (org_id, rules, updated_by, updated_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (org_id) DO UPDATE SET rules = excluded.rules, "
      "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      SqlParams(p.org_id, p.rules, p.updated_by, p.updated_at));
}

}  // namespace hoshitori
