#include "service/tlp_reader.h"

#include <algorithm>

namespace hoshitori::service {

namespace {

void SortUnique(std::vector<int64_t>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

Result<share::Reader> LoadTlpReader(SqlSession& session, const Principal& principal) {
  share::Reader reader;
  reader.org = principal.org_id;
  reader.person = principal.user_id;
  // One statement (one round trip to PostgreSQL): column 0 says which list a row belongs to.
  auto read = session.Execute(
      "cannot read the organisation's sharing groups and suppliers",
      "SELECT 0, m.group_id FROM sharing_group_members m JOIN sharing_groups g ON "
      "g.id = m.group_id WHERE m.org_id = ? AND g.closed_at IS NULL AND g.kind <> 'supply_chain' "
      "UNION ALL SELECT 0, g.id FROM sharing_groups g WHERE g.kind = 'supply_chain' AND "
      "g.closed_at IS NULL AND (g.org_id = ? OR g.org_id IN (SELECT r.buyer_id FROM "
      "relationships r WHERE r.supplier_id = ? AND r.confirmed_at IS NOT NULL AND "
      "r.ended_at IS NULL)) "
      "UNION ALL SELECT 1, supplier_id FROM relationships WHERE buyer_id = ? AND "
      "confirmed_at IS NOT NULL AND ended_at IS NULL",
      SqlParams(principal.org_id, principal.org_id, principal.org_id, principal.org_id),
      [&](const SqlRow& row) {
        (row.Int(0) == 0 ? reader.groups : reader.client_of).push_back(row.Int(1));
      });
  if (!read) return read.error();
  // Repeats are removed here, not by UNION or DISTINCT in SQL: SQLite would build a temporary
  // index for them on every read (this runs for every TAXII page).
  SortUnique(reader.groups);
  SortUnique(reader.client_of);
  return reader;
}

}  // namespace hoshitori::service
