#include "service/indicator_correlation.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

#include "interchange/stix.h"
#include "service/incident_service.h"
#include "service/received_correlation.h"
#include "service/tlp_reader.h"
#include "share/audience_json.h"
#include "store/indicator_source_repository.h"

namespace hoshitori::service {

namespace {

// An audience no reader is admitted by: RED, owned by and named to nobody (ids are positive).
share::SharedObject Unreadable() {
  share::SharedObject object;
  object.audience.marking = share::Tlp::kRed;
  object.audience.owner = -1;
  object.audience.author = -1;
  return object;
}

// The indicators of one stored STIX indicator object, read by the STIX reader (a one-object
// bundle around it). Empty when the object is not valid STIX or its pattern is not one the
// reader extracts.
std::vector<share::Indicator> IndicatorsOf(const std::string& object) {
  std::string bundle;
  bundle.reserve(object.size() + 100);
  bundle += R"({"type":"bundle","id":"bundle--6f0d3c52-4c1e-4d58-9a3e-2b7c1e0a5d11","objects":[)";
  bundle += object;
  bundle += "]}";
  auto read = interchange::ReadBundle(bundle, "share_objects");
  std::vector<share::Indicator> out;
  if (!read) return out;
  for (interchange::StixExtractedIndicator& found : read->indicators) {
    out.push_back(std::move(found.indicator));
  }
  return out;
}

}  // namespace

std::string MatchKindKey(share::MatchKind kind) {
  std::string key(share::MatchKindName(kind));
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

IndicatorCorrelator::IndicatorCorrelator(std::shared_ptr<const share::PublicSuffixList> suffixes)
    : suffixes_(std::move(suffixes)), index_(suffixes_.get()) {}

std::unique_ptr<IndicatorCorrelator> IndicatorCorrelator::WithSystemSuffixes() {
  std::shared_ptr<const share::PublicSuffixList> suffixes;
  if (std::error_code error; std::filesystem::exists(share::kDebianPublicSuffixList, error)) {
    if (auto list = share::PublicSuffixList::Load(share::kDebianPublicSuffixList); list.ok()) {
      suffixes = std::make_shared<const share::PublicSuffixList>(std::move(list).value());
    }
  }
  return std::make_unique<IndicatorCorrelator>(std::move(suffixes));
}

// How far below the high-water mark each catch-up looks for rows that committed late (ids
// are taken at insert, rows become visible at commit; on PostgreSQL the two orders differ).
// Listing 1,000 ids is one short primary-key range read; a row whose transaction stayed open
// while more than 1,000 later indicator ids were taken is found at the next start.
constexpr int64_t kCorrelationLookBack = 1'000;

Result<IndicatorCorrelator::CatchUpStats> IndicatorCorrelator::CatchUp(SqlSession& session) {
  std::lock_guard catch_up(catch_up_mutex_);
  CatchUpStats stats;
  IndicatorSourceRepository repository(session);
  // Parses `rows` before the exclusive lock is taken (readers wait only for the appends), then
  // indexes those not indexed yet.
  const auto add = [&](const std::vector<IndicatorSourceRow>& rows) {
    std::vector<std::pair<Source, std::vector<share::Indicator>>> parsed;
    parsed.reserve(rows.size());
    size_t count = 0;
    for (const IndicatorSourceRow& row : rows) {
      Source source{row.id,           row.org_id,   row.source_report_id,
                    share::Tlp::kRed, row.added_at, Unreadable()};
      auto audience = share::AudienceFromJson(row.audience);
      auto tlp = share::ParseTlpColumnName(row.tlp);
      if (audience.ok() && tlp.ok()) {
        source.audience = std::move(audience).value();
        source.tlp = *tlp;
      }
      std::vector<share::Indicator> indicators = IndicatorsOf(row.object);
      count += indicators.size();
      parsed.emplace_back(std::move(source), std::move(indicators));
    }
    std::unique_lock lock(mutex_);
    index_.Reserve(index_.size() + count);
    for (auto& [source, indicators] : parsed) {
      if (by_row_.contains(source.share_object_id)) continue;
      const auto object = static_cast<share::ObjectId>(sources_.size());
      index_.PutObject(object, source.audience);
      for (const share::Indicator& indicator : indicators) index_.Add(indicator, object);
      by_row_.emplace(source.share_object_id, object);
      sources_.push_back(std::move(source));
      high_water_ = std::max(high_water_, sources_.back().share_object_id);
      ++stats.rows;
      stats.indicators += indicators.size();
    }
  };

  // Rows below the mark that were not visible when it was passed.
  if (const int64_t mark = high_water(); mark > 0) {
    TRY_ASSIGN(const std::vector<int64_t> ids,
               repository.IdsBetween(std::max<int64_t>(0, mark - kCorrelationLookBack), mark));
    std::vector<int64_t> missing;
    {
      std::shared_lock lock(mutex_);
      for (const int64_t id : ids) {
        if (!by_row_.contains(id)) missing.push_back(id);
      }
    }
    for (size_t from = 0; from < missing.size(); from += kMaxIndicatorSourceIds) {
      const std::vector<int64_t> chunk(
          missing.begin() + static_cast<std::ptrdiff_t>(from),
          missing.begin() +
              static_cast<std::ptrdiff_t>(std::min(missing.size(), from + kMaxIndicatorSourceIds)));
      TRY_ASSIGN(const std::vector<IndicatorSourceRow> rows, repository.ByIds(chunk));
      add(rows);
    }
  }
  // Rows above the mark.
  for (;;) {
    TRY_ASSIGN(const std::vector<IndicatorSourceRow> rows,
               repository.After(high_water(), kCorrelationCatchUpChunk));
    if (rows.empty()) break;
    add(rows);
    {
      std::unique_lock lock(mutex_);
      high_water_ = std::max(high_water_, rows.back().id);
    }
    if (rows.size() < static_cast<size_t>(kCorrelationCatchUpChunk)) break;
  }
  return stats;
}

std::vector<IndicatorCandidate> IndicatorCorrelator::Candidates(const share::Indicator& indicator,
                                                                const share::Reader& reader,
                                                                size_t limit) const {
  std::shared_lock lock(mutex_);
  std::vector<IndicatorCandidate> out;
  for (const share::IndicatorMatch& match : index_.Correlate(indicator, reader, limit)) {
    const Source& source = sources_[match.object];
    // The index keeps a kind letter before the normal form.
    std::string value = index_.value(match.indicator).substr(1);
    out.push_back(IndicatorCandidate{std::move(value), match.kind, source.share_object_id,
                                     source.org_id, source.source_report_id, source.tlp,
                                     source.added_at, source.audience});
  }
  return out;
}

void IndicatorCorrelator::Forget(const std::vector<int64_t>& share_object_ids) {
  std::unique_lock lock(mutex_);
  for (int64_t id : share_object_ids) {
    const auto found = by_row_.find(id);
    if (found == by_row_.end()) continue;
    Source& source = sources_[found->second];
    source.audience = Unreadable();
    index_.PutObject(found->second, source.audience);
  }
}

size_t IndicatorCorrelator::indicators() const {
  std::shared_lock lock(mutex_);
  return index_.size();
}

int64_t IndicatorCorrelator::high_water() const {
  std::shared_lock lock(mutex_);
  return high_water_;
}

namespace {

// One pass over the report's indicators: the matches the caller may read, collapsed (one
// report published to several collections is one match), cut to the bounds. `rows` gets the
// share_objects ids the kept matches came from.
IncidentCorrelations Collect(const Principal& principal, const share::Reader& reader,
                             const IndicatorCorrelator& correlator,
                             const std::vector<share::Indicator>& indicators, int64_t report_id,
                             std::vector<int64_t>* rows) {
  IncidentCorrelations out;
  size_t total = 0;
  for (const share::Indicator& indicator : indicators) {
    IndicatorCorrelation correlation{indicator.value, indicator.kind, {}, false};
    std::set<std::tuple<int, std::string, int64_t>> seen;
    const std::vector<IndicatorCandidate> candidates =
        correlator.Candidates(indicator, reader, kCorrelationCandidates);
    for (const IndicatorCandidate& candidate : candidates) {
      if (candidate.source_report_id == report_id) continue;  // the report itself
      ResourceFacts facts(ResourceKind::kSharedObject, candidate.org_id);
      facts.tlp = &candidate.audience;
      facts.reader = &reader;
      if (!Authorize(principal, Action::kRead, facts).allowed) continue;
      const int64_t source =
          candidate.source_report_id ? *candidate.source_report_id : -candidate.share_object_id;
      if (!seen.emplace(static_cast<int>(candidate.kind), candidate.value, source).second) continue;
      if (correlation.matches.size() == kMaxCorrelationsPerIndicator ||
          total == kMaxCorrelationsInAll) {
        correlation.more = true;
        break;
      }
      correlation.matches.push_back(CorrelationMatch{
          candidate.kind, candidate.value, candidate.source_report_id,
          candidate.org_id == principal.org_id, candidate.tlp, candidate.added_at});
      rows->push_back(candidate.share_object_id);
      ++total;
    }
    // A full candidate list may hide further readable matches.
    if (candidates.size() == kCorrelationCandidates) correlation.more = true;
    if (correlation.more) out.more = true;
    if (!correlation.matches.empty()) out.indicators.push_back(std::move(correlation));
    if (total == kMaxCorrelationsInAll) {
      out.more = true;
      break;
    }
  }
  return out;
}

// The matches of `lines` (indicators as typed or in normal form; blank or unreadable lines are
// skipped) for `principal`, other than the rows published from `report_id`.
Result<IncidentCorrelations> CorrelateLines(Context& context, const Principal& principal,
                                            const std::vector<std::string>& lines,
                                            int64_t report_id) {
  std::vector<share::Indicator> indicators;
  std::set<std::string> distinct;
  for (const std::string& line : lines) {
    auto indicator = share::ParseIndicator(line);
    if (!indicator) continue;  // blank lines; saved answers were checked already
    if (!distinct.insert(indicator->value).second) continue;
    indicators.push_back(std::move(indicator).value());
  }
  std::unique_ptr<IndicatorCorrelator> own;
  IndicatorCorrelator* correlator = context.correlator;
  if (correlator == nullptr) {
    own = IndicatorCorrelator::WithSystemSuffixes();
    correlator = own.get();
  }
  SqlSession& session = context.store.Sql();
  TRY(correlator->CatchUp(session));
  TRY_ASSIGN(const share::Reader reader, LoadTlpReader(session, principal));
  // Rows deleted since they were indexed (withdrawn reports) are forgotten and the pass is
  // made again; the kept rows are at most kMaxCorrelationsInAll, so one query checks them.
  for (;;) {
    std::vector<int64_t> rows;
    IncidentCorrelations out =
        Collect(principal, reader, *correlator, indicators, report_id, &rows);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    TRY_ASSIGN(const std::vector<int64_t> existing,
               IndicatorSourceRepository(session).Existing(rows));
    if (existing.size() == rows.size()) return out;
    std::vector<int64_t> gone;
    std::set_difference(rows.begin(), rows.end(), existing.begin(), existing.end(),
                        std::back_inserter(gone));
    correlator->Forget(gone);
  }
}

}  // namespace

Result<IncidentCorrelations> CorrelateIncident(Context& context, int64_t report_id) {
  TRY_ASSIGN(const Principal principal, SignedIn(context));
  // Reads the report in full: the reporting organisation's members and admins only.
  TRY_ASSIGN(const IncidentReport report, IncidentService(context).Get(report_id));
  return CorrelateLines(context, principal, report.answers.indicators, report_id);
}

Result<IncidentCorrelations> CorrelateReceived(Context& context, int64_t report_id) {
  TRY_ASSIGN(const Principal principal, SignedIn(context));
  // The shared part as TLP lets this reader have it (kNotFound otherwise).
  TRY_ASSIGN(const ReceivedIncident received, IncidentService(context).ReadShared(report_id));
  return CorrelateLines(context, principal, received.part.indicators, report_id);
}

}  // namespace hoshitori::service
