// Correlation of indicators against everything shared so far (issue 16): a process-wide
// share::IndicatorIndex of the indicator objects in share_objects, and the use case that shows
// a reporting organisation which of its report's indicators other shared reports carry too.
//
// IndicatorCorrelator (one per server process, owned by service::Runtime, reached through
// Context::correlator):
//   - remembers the highest share_objects.id it has read and catches up by reading newer rows
//     of stix_type 'indicator' in chunks of kCorrelationCatchUpChunk (store/
//     indicator_source_repository.h). Runtime::Open does the first, full catch-up; every
//     correlation catches up first, so rows written by TAXII, by another process or by another
//     node on the same database are seen without hooking every write path;
//   - parses each row's STIX pattern with interchange::ReadBundle (the one pattern reader) and
//     its audience with share::AudienceFromJson; a row whose audience cannot be read is held
//     with an audience nobody may read (it never matches);
//   - is safe for concurrent use: readers share a std::shared_mutex, catch-up appends under
//     the exclusive lock (the store is read before the lock is taken; one catch-up at a time).
// Late commits: on PostgreSQL a row can commit after a higher id was read (ids are taken at
// insert); each catch-up also lists the 1,000 ids below the high-water mark and reads the rows
// it lacks. A row later than that is found at the next start (kCorrelationLookBack, .cc).
//
// TLP: the index filters by share::MayRead before it counts, so no number or "more" flag
// depends on an object the reader may not read; CorrelateIncident then confirms every match
// with Authorize(kSharedObject, kRead) and drops rows deleted since they were indexed
// (withdrawn reports), which the correlator then holds with an audience nobody may read.
//
// Bounds: at most kMaxCorrelationsPerIndicator matches per indicator and
// kMaxCorrelationsInAll in all (with "more" flags); the index is asked for at most
// kCorrelationCandidates per indicator (matches repeated in several collections collapse).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "share/indicator_index.h"
#include "share/public_suffix.h"
#include "share/tlp.h"
#include "store/sql_session.h"

namespace hoshitori::service {

inline constexpr int kCorrelationCatchUpChunk = 10'000;
inline constexpr size_t kMaxCorrelationsPerIndicator = 20;
inline constexpr size_t kMaxCorrelationsInAll = 200;
inline constexpr size_t kCorrelationCandidates = 256;

// One indexed indicator that matched, with the row it came from.
struct IndicatorCandidate {
  std::string value;  // the indexed indicator's normal form
  share::MatchKind kind = share::MatchKind::kExact;
  int64_t share_object_id = 0;
  int64_t org_id = 0;  // the sharing organisation
  std::optional<int64_t> source_report_id;
  share::Tlp tlp = share::Tlp::kRed;
  std::string added_at;
  share::SharedObject audience;
};

class IndicatorCorrelator {
 public:
  // `suffixes` may be null (registered domain = the last two labels).
  explicit IndicatorCorrelator(std::shared_ptr<const share::PublicSuffixList> suffixes);
  // With the Debian public suffix list when it is installed (share/public_suffix.h).
  static std::unique_ptr<IndicatorCorrelator> WithSystemSuffixes();

  IndicatorCorrelator(const IndicatorCorrelator&) = delete;
  IndicatorCorrelator& operator=(const IndicatorCorrelator&) = delete;

  struct CatchUpStats {
    size_t rows = 0;        // indicator rows read
    size_t indicators = 0;  // indicators added to the index
  };
  // Reads the indicator rows stored since the last catch-up (all of them the first time).
  Result<CatchUpStats> CatchUp(SqlSession& session);

  // The indexed indicators matching `indicator` that `reader` may read (share::MayRead), at
  // most `limit`, strongest relation first (share::IndicatorIndex::Correlate).
  std::vector<IndicatorCandidate> Candidates(const share::Indicator& indicator,
                                             const share::Reader& reader, size_t limit) const;

  // Rows found deleted: held from now on with an audience nobody may read.
  void Forget(const std::vector<int64_t>& share_object_ids);

  size_t indicators() const;
  int64_t high_water() const;

 private:
  struct Source {
    int64_t share_object_id;
    int64_t org_id;
    std::optional<int64_t> source_report_id;
    share::Tlp tlp;
    std::string added_at;
    share::SharedObject audience;
  };

  std::shared_ptr<const share::PublicSuffixList> suffixes_;
  std::mutex catch_up_mutex_;  // one catch-up at a time
  mutable std::shared_mutex mutex_;
  share::IndicatorIndex index_;
  std::vector<Source> sources_;  // by the index's ObjectId
  std::unordered_map<int64_t, share::ObjectId> by_row_;
  int64_t high_water_ = 0;
};

// The name of a match kind in the API and in message keys: exact, range_contains,
// within_range, same_registered_domain.
std::string MatchKindKey(share::MatchKind kind);

// What a matched indicator of another shared report shows its reader.
struct CorrelationMatch {
  share::MatchKind kind = share::MatchKind::kExact;
  std::string value;                 // the matched indicator
  std::optional<int64_t> report_id;  // the shared report (/incidents/received/{id}); none for TAXII
  bool own = false;                  // shared by the reader's own organisation
  share::Tlp tlp = share::Tlp::kRed;
  std::string shared_at;
};

struct IndicatorCorrelation {
  std::string value;  // the report's indicator (normal form)
  share::IndicatorKind kind = share::IndicatorKind::kDomain;
  std::vector<CorrelationMatch> matches;
  bool more = false;  // more matches than kMaxCorrelationsPerIndicator
};

struct IncidentCorrelations {
  std::vector<IndicatorCorrelation> indicators;  // those of the report that matched, in order
  bool more = false;  // stopped at kMaxCorrelationsInAll, or an indicator's list was cut
};

// The matches of report `report_id`'s indicators (its current answers) against every shared
// indicator the caller may read, other than the report's own published ones. The reporting
// organisation's members and admins only (kNotFound otherwise, as IncidentService::Get).
// Uses context.correlator, or (one-off commands) a correlator built from the store for this
// call.
Result<IncidentCorrelations> CorrelateIncident(Context& context, int64_t report_id);

}  // namespace hoshitori::service
