#include "store/organisation_location_repository.h"

namespace hoshitori {

Result<std::optional<OrganisationLocationRow>> OrganisationLocationRepository::Get(int64_t org_id) {
  return QueryFirst<OrganisationLocationRow>(
      session_, "cannot read the organisation's location",
      "SELECT org_id, prefecture, set_by, set_at FROM organisation_locations WHERE org_id = ?",
      SqlParams(org_id), [](const SqlRow& r) {
        return OrganisationLocationRow{r.Int(0), r.String(1), r.Int(2), r.String(3)};
      });
}

Status OrganisationLocationRepository::Set(const OrganisationLocationRow& row) {
  return ExecuteStatement(
      session_, "cannot record the organisation's location",
      "INSERT INTO organisation_locations (org_id, prefecture, set_by, set_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (org_id) DO UPDATE SET prefecture = excluded.prefecture, "
      "set_by = excluded.set_by, set_at = excluded.set_at",
      SqlParams(row.org_id, row.prefecture, row.set_by, row.set_at));
}

Result<bool> OrganisationLocationRepository::Clear(int64_t org_id) {
  auto removed =
      session_.Execute("cannot clear the organisation's location",
                       "DELETE FROM organisation_locations WHERE org_id = ?", SqlParams(org_id));
  if (!removed) return removed.error();
  return *removed > 0;
}

}  // namespace hoshitori
