// IndicatorSourceRepository: the shared indicators (share_objects rows of stix_type
// 'indicator', migration 021) as the server's indicator index (service/indicator_correlation.h)
// reads them: newer rows than the last one read, in id order and bounded chunks; the rows of
// a span of ids just below it (found late: see IndicatorCorrelator::CatchUp); and which of a
// few matched rows still exist (a withdrawn report deletes its rows).
//
// Bounds: After returns at most `limit` rows (callers pass at most kMaxIndicatorSourceChunk);
// Existing takes at most kMaxIndicatorSourceIds ids (more is kInvalid).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/sql_session.h"

namespace hoshitori {

inline constexpr int kMaxIndicatorSourceChunk = 10'000;
inline constexpr size_t kMaxIndicatorSourceIds = 1'000;

// One stored indicator object with what correlation shows of it.
struct IndicatorSourceRow {
  int64_t id = 0;      // share_objects.id
  int64_t org_id = 0;  // the sharing organisation
  std::optional<int64_t> source_report_id;
  std::string tlp;       // share_objects.tlp (clear, green, amber, amber_strict, red)
  std::string audience;  // share/audience_json.h
  std::string added_at;  // when it was shared
  std::string object;    // the STIX indicator's JSON
};

// Works on the session it was given (which must outlive it); one thread at a time.
class IndicatorSourceRepository {
 public:
  explicit IndicatorSourceRepository(SqlSession& session) : session_(session) {}

  // The indicator rows with id > `after`, by id, at most `limit` (1..kMaxIndicatorSourceChunk).
  Result<std::vector<IndicatorSourceRow>> After(int64_t after, int limit);
  // The ids of the indicator rows with `after` < id <= `upto`, ascending (at most
  // kMaxIndicatorSourceChunk: a wider span is kInvalid).
  Result<std::vector<int64_t>> IdsBetween(int64_t after, int64_t upto);
  // The indicator rows of `ids` (at most kMaxIndicatorSourceIds; more is kInvalid), by id.
  Result<std::vector<IndicatorSourceRow>> ByIds(const std::vector<int64_t>& ids);
  // The ids among `ids` whose rows still exist, ascending.
  Result<std::vector<int64_t>> Existing(const std::vector<int64_t>& ids);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
