#include "store/indicator_source_repository.h"

#include <algorithm>

namespace hoshitori {

Result<std::vector<IndicatorSourceRow>> IndicatorSourceRepository::After(int64_t after, int limit) {
  if (limit < 1 || limit > kMaxIndicatorSourceChunk) {
    return MakeError(
        ErrorKind::kInvalid, "Too many rows",
        "a chunk of shared indicators is 1.." + std::to_string(kMaxIndicatorSourceChunk) + " rows");
  }
  std::vector<IndicatorSourceRow> rows;
  // A literal LIMIT: PostgreSQL plans the statement knowing the chunk is small.
  auto read = session_.Execute(
      "cannot read the shared indicators",
      "SELECT id, org_id, source_report_id, tlp, audience, added_at, object FROM share_objects "
      "WHERE id > ? AND stix_type = 'indicator' ORDER BY id LIMIT " +
          std::to_string(limit),
      SqlParams(after), [&rows](const SqlRow& r) {
        rows.push_back(IndicatorSourceRow{r.Int(0), r.Int(1), r.OptionalInt(2), r.String(3),
                                          r.String(4), r.String(5), r.String(6)});
      });
  if (!read) return read.error();
  return rows;
}

Result<std::vector<int64_t>> IndicatorSourceRepository::IdsBetween(int64_t after, int64_t upto) {
  if (upto - after > kMaxIndicatorSourceChunk) {
    return MakeError(ErrorKind::kInvalid, "Too many rows",
                     "a span of shared indicators is at most " +
                         std::to_string(kMaxIndicatorSourceChunk) + " ids");
  }
  std::vector<int64_t> ids;
  auto read = session_.Execute(
      "cannot read the shared indicators",
      "SELECT id FROM share_objects WHERE id > ? AND id <= ? AND stix_type = 'indicator' "
      "ORDER BY id",
      SqlParams(after, upto), [&ids](const SqlRow& r) { ids.push_back(r.Int(0)); });
  if (!read) return read.error();
  return ids;
}

Result<std::vector<IndicatorSourceRow>> IndicatorSourceRepository::ByIds(
    const std::vector<int64_t>& ids) {
  std::vector<IndicatorSourceRow> rows;
  if (ids.empty()) return rows;
  if (ids.size() > kMaxIndicatorSourceIds) {
    return MakeError(ErrorKind::kInvalid, "Too many ids",
                     "at most " + std::to_string(kMaxIndicatorSourceIds) +
                         " shared objects are read at once");
  }
  std::string sql =
      "SELECT id, org_id, source_report_id, tlp, audience, added_at, object FROM share_objects "
      "WHERE stix_type = 'indicator' AND id IN (";
  SqlParams params;
  for (size_t i = 0; i < ids.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.Add(ids[i]);
  }
  sql += ") ORDER BY id";
  auto read = session_.Execute("cannot read the shared indicators", sql, params,
                               [&rows](const SqlRow& r) {
                                 rows.push_back(IndicatorSourceRow{
                                     r.Int(0), r.Int(1), r.OptionalInt(2), r.String(3),
                                     r.String(4), r.String(5), r.String(6)});
                               });
  if (!read) return read.error();
  return rows;
}

Result<std::vector<int64_t>> IndicatorSourceRepository::Existing(const std::vector<int64_t>& ids) {
  std::vector<int64_t> out;
  if (ids.empty()) return out;
  if (ids.size() > kMaxIndicatorSourceIds) {
    return MakeError(ErrorKind::kInvalid, "Too many ids",
                     "at most " + std::to_string(kMaxIndicatorSourceIds) +
                         " shared objects are checked at once");
  }
  // The list is padded (with its first id) to a power of two, so a session prepares a few
  // statement texts rather than one per length.
  size_t slots = 8;
  while (slots < ids.size()) slots *= 2;
  std::string sql = "SELECT id FROM share_objects WHERE id IN (";
  SqlParams params;
  for (size_t i = 0; i < slots; ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.Add(i < ids.size() ? ids[i] : ids[0]);
  }
  sql += ")";
  auto read = session_.Execute("cannot check the shared indicators", sql, params,
                               [&out](const SqlRow& r) { out.push_back(r.Int(0)); });
  if (!read) return read.error();
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hoshitori
