#include "store/notice_terms_repository.h"

namespace hoshitori {

namespace {

constexpr const char* kColumns = "t.relationship_id, t.org_id, t.hours, t.set_by, t.set_at";

NoticeTermsRow Read(const SqlRow& r) {
  return NoticeTermsRow{r.Int(0), r.Int(1), static_cast<int>(r.Int(2)), r.Int(3), r.String(4)};
}

}  // namespace

Result<std::optional<NoticeTermsRow>> NoticeTermsRepository::Get(int64_t relationship_id) {
  return QueryFirst<NoticeTermsRow>(
      session_, "cannot read the relationship's notice hours",
      std::string("SELECT ") + kColumns +
          " FROM relationship_notice_terms t WHERE t.relationship_id = ?",
      SqlParams(relationship_id), Read);
}

Result<std::map<int64_t, PartyNoticeHours>> NoticeTermsRepository::OfParty(int64_t org_id) {
  std::map<int64_t, PartyNoticeHours> out;
  auto ran = session_.Execute(
      "cannot read the relationships' notice hours",
      "SELECT t.relationship_id, r.org_id, t.hours FROM relationship_notice_terms t JOIN "
      "relationships r ON r.id = t.relationship_id WHERE (r.buyer_id = ? OR r.supplier_id = ?) "
      "AND r.ended_at IS NULL",
      SqlParams(org_id, org_id), [&](const SqlRow& row) {
        out[row.Int(0)] = PartyNoticeHours{row.Int(0), row.Int(1), static_cast<int>(row.Int(2))};
      });
  if (!ran) return ran.error();
  return out;
}

Result<bool> NoticeTermsRepository::Set(const NoticeTermsRow& row) {
  // "WHERE" keeps SQLite's upsert after INSERT ... SELECT unambiguous.
  auto written = session_.Execute(
      "cannot record the relationship's notice hours",
      "INSERT INTO relationship_notice_terms (relationship_id, org_id, hours, set_by, set_at) "
      "SELECT r.id, r.buyer_id, ?, ?, ? FROM relationships r WHERE r.id = ? AND r.buyer_id = ? "
      "AND r.confirmed_at IS NOT NULL AND r.ended_at IS NULL "
      "ON CONFLICT (relationship_id) DO UPDATE SET hours = excluded.hours, "
      "set_by = excluded.set_by, set_at = excluded.set_at",
      SqlParams(row.hours, row.set_by, row.set_at, row.relationship_id, row.org_id));
  if (!written) return written.error();
  return *written == 1;
}

Result<bool> NoticeTermsRepository::Clear(int64_t relationship_id) {
  auto removed = session_.Execute("cannot clear the relationship's notice hours",
                                  "DELETE FROM relationship_notice_terms WHERE relationship_id = ?",
                                  SqlParams(relationship_id));
  if (!removed) return removed.error();
  return *removed > 0;
}

Result<std::map<int64_t, int>> NoticeTermsRepository::HoursByBuyer(int64_t supplier_id) {
  std::map<int64_t, int> out;
  auto ran = session_.Execute(
      "cannot read the buyers' notice hours",
      "SELECT r.buyer_id, MIN(t.hours) FROM relationships r JOIN relationship_notice_terms t ON "
      "t.relationship_id = r.id WHERE r.supplier_id = ? AND r.confirmed_at IS NOT NULL AND "
      "r.ended_at IS NULL GROUP BY r.buyer_id",
      SqlParams(supplier_id),
      [&](const SqlRow& row) { out[row.Int(0)] = static_cast<int>(row.Int(1)); });
  if (!ran) return ran.error();
  return out;
}

}  // namespace hoshitori
