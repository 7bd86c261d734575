#include "service/supplier_board.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <unordered_map>

#include "core/query_parameter.h"
#include "core/japanese_text.h"

namespace hoshitori::service {

namespace {

// Failing suppliers first: below, expired, unknown, then those that meet; outside the chain last.
int StatusRank(const SupplierRow& row) {
  if (!row.status) return 4;
  switch (*row.status) {
    case ComplianceStatus::kBelow: return 0;
    case ComplianceStatus::kExpired: return 1;
    case ComplianceStatus::kUnknown: return 2;
    case ComplianceStatus::kMeets: return 3;
  }
  return 4;
}

bool Matches(const SupplierRow& row, const SupplierQuery& q, const std::string& text) {
  if (q.outside_chain_only && row.in_chain) return false;
  if (q.status && (!row.status || *row.status != *q.status)) return false;
  if (q.held_star && row.standing.held_star != *q.held_star) return false;
  if (q.tier && (!row.in_chain || row.tier != *q.tier)) return false;
  if (!text.empty()) {
    const std::string& number = row.supplier.corporate_number.digits();
    if (number.compare(0, text.size(), text) != 0 && row.search_name.find(text) == std::string::npos) {
      return false;
    }
  }
  return true;
}

// Whether a query filters rows (a page of such a query shows only the rows it matches).
bool Filters(const SupplierQuery& q) {
  return !q.text.empty() || q.status || q.held_star || q.tier || q.outside_chain_only;
}

// What the buyer can see of one supplier through its active shares.
struct Seen {
  SupplierStanding standing;
  int eligible_star = 0;
  int64_t assessment_id = 0, share_id = 0;
  std::optional<ShareDetail> detail;
  std::string attestation_id;
};

std::unordered_map<int64_t, Seen> SeenThroughShares(int64_t buyer_org, const std::vector<SharedAssessment>& shared,
                                                   const Date& today, const ActiveAttestations& attestations) {
  std::unordered_map<int64_t, Seen> seen;
  for (const SharedAssessment& s : shared) {
    if (!s.result || s.record.org_id == buyer_org) continue;
    Seen& entry = seen[s.record.org_id];
    const int held_before = entry.standing.held_star;
    AddToStanding(entry.standing, s.result->eligible_star, s.result->present_stars, s.record.attestation, today);
    // The row links to the assessment behind the level held (else the latest shared one).
    if (entry.assessment_id == 0 || entry.standing.held_star > held_before ||
        (entry.standing.held_star == 0 && s.record.id > entry.assessment_id)) {
      entry.assessment_id = s.record.id;
      entry.share_id = s.share.id;
      entry.detail = s.share.detail;
      entry.eligible_star = s.result->eligible_star;
    } else if (s.record.id == entry.assessment_id && s.share.detail == ShareDetail::kDetails) {
      entry.detail = ShareDetail::kDetails;
      entry.share_id = s.share.id;
    }
  }
  for (auto& [org, entry] : seen) {
    if (const auto it = attestations.find(entry.assessment_id); it != attestations.end()) {
      entry.attestation_id = it->second;
    }
  }
  return seen;
}

void Show(SupplierRow& row, const Seen& seen) {
  row.standing = seen.standing;
  row.eligible_star = seen.eligible_star;
  row.assessment_id = seen.assessment_id;
  row.share_id = seen.share_id;
  row.detail = seen.detail;
  row.attestation_id = seen.attestation_id;
}

constexpr const char* kOutsideChainReason =
    "not in your declared chain: no requirement applies / 取引関係が登録されていないため要求水準はありません";

}  // namespace

Result<SupplierQuery> ParseSupplierQuery(const std::map<std::string, std::string>& parameters) {
  static const char* const kKnown[] = {"page", "per_page", "sort", "q", "status", "star", "tier", "lang"};
  for (const auto& parameter : parameters) {
    const std::string& name = parameter.first;  // a plain reference: clang 14 cannot capture bindings
    if (std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return name == k; }) == std::end(kKnown)) {
      return MakeError("unknown query parameter '" + name + "' (use page, per_page, sort, q, status, star, tier)");
    }
  }
  SupplierQuery q;
  auto page = IntQueryParameter(parameters, "page", 1, 1'000'000, 1);
  if (!page) return page.error();
  q.page = *page;
  auto per_page = IntQueryParameter(parameters, "per_page", 1, 500, 50);
  if (!per_page) return per_page.error();
  q.per_page = *per_page;
  if (auto it = parameters.find("sort"); it != parameters.end() && !it->second.empty()) {
    std::string_view key = it->second;
    if (key.front() == '-') {
      q.descending = true;
      key.remove_prefix(1);
    }
    static const std::pair<const char*, SupplierSort> kSorts[] = {
        {"status", SupplierSort::kStatus}, {"name", SupplierSort::kName},       {"tier", SupplierSort::kTier},
        {"held_star", SupplierSort::kHeldStar}, {"expiry", SupplierSort::kExpiry},
        {"corporate_number", SupplierSort::kCorporateNumber}};
    const auto found = std::find_if(std::begin(kSorts), std::end(kSorts), [&](const auto& s) { return key == s.first; });
    if (found == std::end(kSorts)) {
      return MakeError("sort must be one of status, name, tier, held_star, expiry, corporate_number (prefix - for descending)");
    }
    q.sort = found->second;
  }
  if (auto it = parameters.find("q"); it != parameters.end()) {
    if (it->second.size() > 200) return MakeError("q is longer than 200 characters");
    // Typed as an IME gives it: full-width, half-width katakana or hiragana find the name.
    q.text = SearchKey(it->second);
  }
  if (auto it = parameters.find("status"); it != parameters.end() && !it->second.empty()) {
    const std::string& s = it->second;
    if (s == "outside_chain") {
      q.outside_chain_only = true;
    } else {
      bool found = false;
      for (ComplianceStatus status : {ComplianceStatus::kMeets, ComplianceStatus::kBelow, ComplianceStatus::kUnknown,
                                      ComplianceStatus::kExpired}) {
        if (s == ComplianceStatusName(status)) {
          q.status = status;
          found = true;
        }
      }
      if (!found) return MakeError("status must be one of meets, below, unknown, expired, outside_chain");
    }
  }
  if (parameters.count("star") && !parameters.at("star").empty()) {
    auto star = IntQueryParameter(parameters, "star", 0, 5, 0);
    if (!star) return star.error();
    q.held_star = *star;
  }
  if (parameters.count("tier") && !parameters.at("tier").empty()) {
    auto tier = IntQueryParameter(parameters, "tier", 1, 1000, 1);
    if (!tier) return tier.error();
    q.tier = *tier;
  }
  return q;
}

SupplierRow::SupplierRow(Organisation organisation)
    : supplier(std::move(organisation)), search_name(SearchKey(supplier.name)) {}

namespace {

std::vector<std::shared_ptr<const SupplierRow>> Shared(std::vector<SupplierRow> rows) {
  std::vector<std::shared_ptr<const SupplierRow>> out;
  out.reserve(rows.size());
  for (SupplierRow& row : rows) out.push_back(std::make_shared<const SupplierRow>(std::move(row)));
  return out;
}

}  // namespace

SupplierBoard::SupplierBoard(int64_t buyer_org, std::vector<SupplierRow> rows, std::optional<ComplianceReport> report,
                             std::vector<int64_t> sources)
    : SupplierBoard(buyer_org, Shared(std::move(rows)), std::move(report), std::move(sources)) {}

SupplierBoard::Rows::Rows(const std::vector<std::shared_ptr<const SupplierRow>>& rows) : size_(rows.size()) {
  for (size_t at = 0; at < rows.size(); at += kChunk) {
    const auto end = rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), at + kChunk));
    chunks_.push_back(std::make_shared<const Chunk>(rows.begin() + static_cast<std::ptrdiff_t>(at), end));
  }
}

SupplierBoard::Rows::Chunk& SupplierBoard::Rows::Own(size_t chunk) {
  auto& slot = chunks_[chunk];
  if (slot.use_count() != 1) slot = std::make_shared<const Chunk>(*slot);
  // Held by this board alone (a new copy, or one no other board shares): safe to change.
  return const_cast<Chunk&>(*slot);
}

void SupplierBoard::Rows::Set(size_t i, std::shared_ptr<const SupplierRow> row) {
  Own(i / kChunk)[i % kChunk] = std::move(row);
}

void SupplierBoard::Rows::PushBack(std::shared_ptr<const SupplierRow> row) {
  if (size_ % kChunk == 0) {
    chunks_.push_back(std::make_shared<const Chunk>());
  }
  Own(size_ / kChunk).push_back(std::move(row));
  ++size_;
}

void SupplierBoard::Rows::Erase(size_t i) {
  // The rows from i's chunk on are chunked again (rare: a supplier outside the chain that
  // stopped sharing).
  const size_t from = i / kChunk;
  std::vector<std::shared_ptr<const SupplierRow>> tail;
  for (size_t k = from * kChunk; k < size_; ++k) {
    if (k != i) tail.push_back((*this)[k]);
  }
  chunks_.resize(from);
  size_ = from * kChunk;
  for (auto& row : tail) PushBack(std::move(row));
}

SupplierBoard::SupplierBoard(int64_t buyer_org, std::vector<std::shared_ptr<const SupplierRow>> rows,
                             std::optional<ComplianceReport> report, std::vector<int64_t> sources)
    : buyer_org_(buyer_org), rows_(rows), organisations_(std::move(sources)) {
  if (report) base_report_ = std::make_shared<const ComplianceReport>(std::move(*report));
  organisations_.reserve(organisations_.size() + rows.size() + 1);
  organisations_.push_back(buyer_org_);
  for (const auto& row : rows) {
    Count(*row, 1);
    organisations_.push_back(row->supplier.id);
  }
  std::sort(organisations_.begin(), organisations_.end());
  organisations_.erase(std::unique(organisations_.begin(), organisations_.end()), organisations_.end());
}

void SupplierBoard::Count(const SupplierRow& row, int sign) {
  if (row.status) {
    totals_[static_cast<size_t>(*row.status)] += sign;
  } else {
    outside_chain_ += sign;
  }
}

const ComplianceReport* SupplierBoard::report() const {
  if (!base_report_ || patches_.empty()) return base_report_.get();
  std::lock_guard lock(report_mutex_);
  if (!report_) {
    auto report = std::make_shared<ComplianceReport>(*base_report_);
    for (const auto& [index, patch] : patches_) {
      ComplianceEntry& entry = report->entries[static_cast<size_t>(index)];
      --report->counts_by_tier[entry.tier][static_cast<int>(entry.status)];
      --report->totals[static_cast<int>(entry.status)];
      entry.standing = patch.standing;
      entry.status = patch.status;
      entry.reason = patch.reason;
      ++report->counts_by_tier[entry.tier][static_cast<int>(entry.status)];
      ++report->totals[static_cast<int>(entry.status)];
    }
    report_ = std::move(report);
  }
  return report_.get();
}

bool SupplierBoard::Before(SupplierSort sort, uint32_t a, uint32_t b) const {
  const SupplierRow& ra = *rows_[a];
  const SupplierRow& rb = *rows_[b];
  const auto tier_of = [](const SupplierRow& r) { return r.in_chain ? r.tier : 1 << 20; };
  // Name, then corporate number, then position: every key ends in a total order, so the
  // orders Refreshed() maintains equal those a full sort would give.
  const auto by_name = [&] {
    if (ra.supplier.name != rb.supplier.name) return ra.supplier.name < rb.supplier.name;
    const std::string& na = ra.supplier.corporate_number.digits();
    const std::string& nb = rb.supplier.corporate_number.digits();
    return na != nb ? na < nb : a < b;
  };
  switch (sort) {
    case SupplierSort::kStatus:
      if (StatusRank(ra) != StatusRank(rb)) return StatusRank(ra) < StatusRank(rb);
      if (tier_of(ra) != tier_of(rb)) return tier_of(ra) < tier_of(rb);
      return by_name();
    case SupplierSort::kName: return by_name();
    case SupplierSort::kTier: return tier_of(ra) != tier_of(rb) ? tier_of(ra) < tier_of(rb) : by_name();
    case SupplierSort::kHeldStar:
      if (ra.standing.held_star != rb.standing.held_star) return ra.standing.held_star < rb.standing.held_star;
      return by_name();
    case SupplierSort::kExpiry: {
      // Soonest expiry first; levels without an end date after them.
      const auto& ua = ra.standing.held_until;
      const auto& ub = rb.standing.held_until;
      if (ua.has_value() != ub.has_value()) return ua.has_value();
      if (ua && *ua != *ub) return *ua < *ub;
      return by_name();
    }
    case SupplierSort::kCorporateNumber: {
      const std::string& na = ra.supplier.corporate_number.digits();
      const std::string& nb = rb.supplier.corporate_number.digits();
      return na != nb ? na < nb : a < b;
    }
  }
  return a < b;
}

const std::vector<uint32_t>& SupplierBoard::Order(SupplierSort sort) const {
  std::lock_guard lock(orders_mutex_);
  auto& slot = orders_[static_cast<size_t>(sort)];
  if (slot) return *slot;
  auto order = std::make_unique<std::vector<uint32_t>>(rows_.size());
  std::iota(order->begin(), order->end(), 0u);
  std::sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) { return Before(sort, a, b); });
  slot = std::move(order);
  return *slot;
}

const SupplierBoard::TextIndex& SupplierBoard::Text() const {
  std::lock_guard lock(text_mutex_);
  if (text_) return *text_;
  auto index = std::make_shared<TextIndex>();
  index->starts.reserve(rows_.size());
  for (size_t i = 0; i < rows_.size(); ++i) {
    index->starts.push_back(static_cast<uint32_t>(index->haystack.size()));
    index->haystack += rows_[i]->search_name;
    index->haystack += '\n';
  }
  text_ = std::move(index);
  return *text_;
}

const SupplierBoard::Places& SupplierBoard::PlacesById() const {
  std::lock_guard lock(text_mutex_);
  if (places_) return *places_;
  auto places = std::make_shared<Places>();
  places->reserve(rows_.size());
  for (size_t i = 0; i < rows_.size(); ++i) places->emplace_back(rows_[i]->supplier.id, static_cast<uint32_t>(i));
  std::sort(places->begin(), places->end());
  places_ = std::move(places);
  return *places_;
}

void SupplierBoard::TextIndex::FindNames(const std::string& text, std::vector<uint32_t>& hits) const {
  const char* begin = haystack.data();
  const char* end = begin + haystack.size();
  for (const char* at = begin; at < end;) {
    const void* found = memmem(at, static_cast<size_t>(end - at), text.data(), text.size());
    if (!found) break;
    const auto offset = static_cast<uint32_t>(static_cast<const char*>(found) - begin);
    const auto row = static_cast<uint32_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
    hits.push_back(row);
    // On to the next row: a row is listed once however often its name holds the text.
    at = row + 1 < starts.size() ? begin + starts[row + 1] : end;
  }
}

std::vector<uint32_t> SupplierBoard::MatchingText(const std::string& text) const {
  std::vector<uint32_t> hits;
  Text().FindNames(text, hits);
  const std::vector<uint32_t>& by_number = Order(SupplierSort::kCorporateNumber);
  const auto number = [&](uint32_t i) -> const std::string& { return rows_[i]->supplier.corporate_number.digits(); };
  const size_t names = hits.size();
  for (auto it = std::lower_bound(by_number.begin(), by_number.end(), text,
                                  [&](uint32_t i, const std::string& t) { return number(i) < t; });
       it != by_number.end() && number(*it).compare(0, text.size(), text) == 0; ++it) {
    hits.push_back(*it);
  }
  if (hits.size() > names) {
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  }
  return hits;
}

SupplierBoard::Page SupplierBoard::Select(const SupplierQuery& query) const {
  Page page;
  const int64_t first = static_cast<int64_t>(query.page - 1) * query.per_page;
  const int64_t last = first + query.per_page;
  const size_t n = rows_.size();
  if (!Filters(query)) {  // every row: the page is a slice of the order
    const std::vector<uint32_t>& order = Order(query.sort);
    page.total = static_cast<int>(n);
    for (int64_t k = first; k < last && k < static_cast<int64_t>(n); ++k) {
      const size_t at = static_cast<size_t>(k);
      page.rows.push_back(rows_[query.descending ? order[n - 1 - at] : order[at]].get());
    }
    return page;
  }
  // The text filter through the index (a text holding a separator is matched row by row).
  const bool indexed = !query.text.empty() && query.text.find('\n') == std::string::npos;
  static const std::string kNoText;
  const std::string& text = indexed ? kNoText : query.text;
  const auto take = [&](uint32_t i) {
    if (!Matches(*rows_[i], query, text)) return;
    if (page.total >= first && page.total < last) page.rows.push_back(rows_[i].get());
    ++page.total;
  };
  std::vector<uint32_t> hits;
  if (indexed) hits = MatchingText(query.text);
  // Few rows hold the text (one supplier's name or number, typically): they are put in the
  // query's order by themselves instead of walking the whole order.
  if (indexed && hits.size() * 32 < n) {
    std::sort(hits.begin(), hits.end(), [&](uint32_t a, uint32_t b) { return Before(query.sort, a, b); });
    if (query.descending) std::reverse(hits.begin(), hits.end());
    for (uint32_t i : hits) take(i);
    return page;
  }
  std::vector<bool> text_hit;
  if (indexed) {
    text_hit.assign(n, false);
    for (uint32_t i : hits) text_hit[i] = true;
  }
  const auto take_hit = [&](uint32_t i) {
    if (!indexed || text_hit[i]) take(i);
  };
  const std::vector<uint32_t>& order = Order(query.sort);
  if (query.descending) {
    for (auto it = order.rbegin(); it != order.rend(); ++it) take_hit(*it);
  } else {
    for (uint32_t i : order) take_hit(i);
  }
  return page;
}

std::shared_ptr<const SupplierBoard::RenderedPage> SupplierBoard::Rendered(
    const SupplierQuery& q, const std::function<RenderedPage(const Page&)>& render) const {
  constexpr size_t kMaxPages = 256;
  std::string key = std::to_string(static_cast<int>(q.sort)) + (q.descending ? "-" : "+") + std::to_string(q.page) + "/" +
                    std::to_string(q.per_page) + "|" + (q.status ? std::to_string(static_cast<int>(*q.status)) : "") + "|" +
                    (q.outside_chain_only ? "o" : "") + "|" + (q.held_star ? std::to_string(*q.held_star) : "") + "|" +
                    (q.tier ? std::to_string(*q.tier) : "") + "|" + q.text;
  {
    std::lock_guard lock(pages_mutex_);
    if (const auto it = pages_.find(key); it != pages_.end()) return it->second.page;
  }
  auto page = std::make_shared<const RenderedPage>(render(Select(q)));
  std::lock_guard lock(pages_mutex_);
  if (pages_.size() >= kMaxPages) pages_.clear();
  pages_.emplace(std::move(key), CachedPage{q, page});
  return page;
}

namespace {

using SharedRows = std::vector<std::shared_ptr<const SupplierRow>>;

// The rows of a board judged again (SupplierBoard::Repoliced), found by supplier: a row whose
// judgement did not change is taken as it is (with the text it was rendered to), one whose
// judgement changed is copied (with its name's search key) instead of made from the profile.
template <class RowsOf>
class EarlierRows {
 public:
  explicit EarlierRows(const RowsOf* rows) : rows_(rows) {}
  // The earlier row of `org` (nullptr: none). Rows mostly come in the same order as before, so
  // the next place is tried before the index.
  const std::shared_ptr<const SupplierRow>* Find(int64_t org) {
    if (!rows_) return nullptr;
    if (next_ < rows_->size() && (*rows_)[next_]->supplier.id == org) return &(*rows_)[next_++];
    if (by_org_.empty()) {
      by_org_.reserve(rows_->size());
      for (size_t i = 0; i < rows_->size(); ++i) by_org_.emplace((*rows_)[i]->supplier.id, i);
    }
    const auto it = by_org_.find(org);
    if (it == by_org_.end()) return nullptr;
    next_ = it->second + 1;
    return &(*rows_)[it->second];
  }

 private:
  const RowsOf* rows_;
  size_t next_ = 0;
  std::unordered_map<int64_t, size_t> by_org_;
};

// Whether `row` is judged as the fields given say (what a policy decides about a row).
bool JudgedAs(const SupplierRow& row, bool in_chain, int tier, bool unconfirmed, int32_t entry,
              const std::optional<ComplianceStatus>& status, const std::string& reason,
              const Requirement& requirement) {
  return row.in_chain == in_chain && row.tier == tier && row.unconfirmed == unconfirmed && row.entry == entry &&
         row.status == status && row.reason == reason && row.requirement == requirement;
}

bool SameJudgement(const SupplierRow& a, const SupplierRow& b) {
  return JudgedAs(a, b.in_chain, b.tier, b.unconfirmed, b.entry, b.status, b.reason, b.requirement);
}

// The board of `buyer_org` with what it sees through its shares (`seen`, by supplier): the
// rows of its visible chain under `policy`, then those of the suppliers outside it. `earlier`:
// the rows of the board this one judges again, which must show what `seen` holds (Repoliced
// makes `seen` from them); nullptr for a board built afresh.
template <class RowsOf = SharedRows>
std::shared_ptr<SupplierBoard> BoardFromSeen(const SupplyGraph& graph, int64_t buyer_org,
                                                   const RequirementPolicy& policy,
                                                   const std::unordered_map<int64_t, Seen>& seen,
                                                   const OrganisationLookup& organisation, const Date& today,
                                                   TraversalWorkspace& workspace, const RowsOf* earlier = nullptr) {
  SharedRows rows;
  EarlierRows<RowsOf> before(earlier);
  std::vector<int64_t> sources;  // organisations without a row (no profile) count too
  const auto fill = [&](SupplierRow& row, int64_t org) {
    if (const auto it = seen.find(org); it != seen.end()) Show(row, it->second);
  };
  // The earlier row of `o` when there is one for the same profile (nullptr: none).
  const auto earlier_of = [&](const Organisation& o) {
    const auto* was = before.Find(o.id);
    return was && (*was)->supplier.name == o.name && (*was)->supplier.corporate_number == o.corporate_number
               ? was
               : nullptr;
  };
  // A new row for `o`: a copy of its earlier row `was` when there is one.
  const auto start = [&](const Organisation& o, const std::shared_ptr<const SupplierRow>* was) {
    return was ? SupplierRow(**was) : SupplierRow(o);
  };
  // Keeps `row`, or the earlier row it equals.
  const auto keep = [&](SupplierRow&& row, const std::shared_ptr<const SupplierRow>* was) {
    if (was && SameJudgement(**was, row)) {
      rows.push_back(*was);
    } else {
      rows.push_back(std::make_shared<const SupplierRow>(std::move(row)));
    }
  };

  std::optional<ComplianceReport> report;
  std::vector<int64_t> listed;  // the organisations of the chain's rows
  if (const auto buyer = graph.FindNode(buyer_org)) {
    const GraphView view(graph, *buyer, today);
    report = CheckCompliance(
        view, *buyer, policy,
        [&](NodeId n) {
          const Organisation* o = organisation(graph.org(n));
          return o ? SupplierFacts{o->is_sme(), o->industry.ToString()} : SupplierFacts{};
        },
        [&](NodeId n) {
          const auto it = seen.find(graph.org(n));
          return it == seen.end() ? SupplierStanding{} : it->second.standing;
        },
        workspace);
    rows.reserve(report->entries.size() + seen.size());
    // Direct suppliers joined to the buyer by a confirmed relationship; the others of tier 1
    // are there by the buyer's own unconfirmed claim.
    std::unordered_map<NodeId, bool> confirmed_direct;
    graph.ForEachSupplierEdge(*buyer, [&](EdgeId e, NodeId to) {
      if (graph.confirmed(e) && view.Allows(e)) confirmed_direct[to] = true;
    });
    for (const ComplianceEntry& entry : report->entries) {
      const int64_t org = graph.org(entry.supplier);
      const Organisation* o = organisation(org);
      if (!o) {
        sources.push_back(org);
        continue;
      }
      listed.push_back(org);
      const bool unconfirmed = entry.tier == 1 && !confirmed_direct.count(entry.supplier);
      const auto index = static_cast<int32_t>(&entry - report->entries.data());
      const auto* was = earlier_of(*o);
      // A row judged as before is taken as it is, without being copied to compare (what the
      // shares show is the same: Repoliced makes `seen` from the earlier rows).
      if (was && JudgedAs(**was, true, entry.tier, unconfirmed, index, entry.status, entry.reason,
                          entry.requirement)) {
        rows.push_back(*was);
        continue;
      }
      SupplierRow row = start(*o, was);
      row.in_chain = true;
      row.tier = entry.tier;
      row.unconfirmed = unconfirmed;
      fill(row, org);
      row.requirement = entry.requirement;
      row.status = entry.status;
      row.reason = entry.reason;
      row.entry = index;
      keep(std::move(row), was);
    }
  }
  // Outside the chain, by organisation id: boards built from the same shares place their rows
  // alike (SupplierBoard::KeepOrdersOf relies on it).
  std::sort(listed.begin(), listed.end());
  std::vector<int64_t> outside;
  for (const auto& [org, unused] : seen) {
    if (!std::binary_search(listed.begin(), listed.end(), org)) outside.push_back(org);
  }
  std::sort(outside.begin(), outside.end());
  for (const int64_t org : outside) {
    const Organisation* o = organisation(org);
    if (!o) {
      sources.push_back(org);
      continue;
    }
    const auto* was = earlier_of(*o);
    SupplierRow row = start(*o, was);
    row.in_chain = false;
    row.tier = 0;
    row.unconfirmed = false;
    row.requirement = Requirement{};
    row.status.reset();
    row.entry = -1;
    fill(row, org);
    row.reason = kOutsideChainReason;
    keep(std::move(row), was);
  }
  return std::make_shared<SupplierBoard>(buyer_org, std::move(rows), std::move(report), std::move(sources));
}

}  // namespace

std::shared_ptr<const SupplierBoard> BuildSupplierBoard(const SupplyGraph& graph, int64_t buyer_org,
                                                        const RequirementPolicy& policy,
                                                        const std::vector<SharedAssessment>& shared,
                                                        const OrganisationLookup& organisation, const Date& today,
                                                        TraversalWorkspace& workspace,
                                                        const ActiveAttestations& attestations) {
  return BoardFromSeen(graph, buyer_org, policy, SeenThroughShares(buyer_org, shared, today, attestations),
                       organisation, today, workspace);
}

std::shared_ptr<const SupplierBoard> SupplierBoard::Repoliced(const SupplyGraph& graph,
                                                              const RequirementPolicy& policy,
                                                              const OrganisationLookup& organisation,
                                                              const Date& today,
                                                              TraversalWorkspace& workspace) const {
  // What the buyer sees through its shares is on the rows already: every supplier with a
  // shared assessment has a row (one without a profile has none on any board, and no share
  // reaches the store without an organisation behind it).
  std::unordered_map<int64_t, Seen> seen;
  seen.reserve(rows_.size());
  for (size_t i = 0; i < rows_.size(); ++i) {
    const auto& row = rows_[i];
    if (row->assessment_id == 0) continue;
    seen.emplace(row->supplier.id,
                 Seen{row->standing, row->eligible_star, row->assessment_id, row->share_id, row->detail,
                      row->attestation_id});
  }
  auto next = BoardFromSeen(graph, buyer_org_, policy, seen, organisation, today, workspace, &rows_);
  next->KeepOrdersOf(*this);
  return next;
}

void SupplierBoard::KeepOrdersOf(const SupplierBoard& before) {
  const size_t n = rows_.size();
  if (n != before.rows_.size()) return;
  for (size_t i = 0; i < n; ++i) {
    const SupplierRow& now = *rows_[i];
    const SupplierRow& then = *before.rows_[i];
    if (now.supplier.id != then.supplier.id || now.supplier.name != then.supplier.name ||
        now.in_chain != then.in_chain || now.tier != then.tier ||
        now.standing.held_star != then.standing.held_star || now.standing.held_until != then.standing.held_until) {
      return;
    }
  }
  {
    std::lock_guard lock(before.text_mutex_);
    text_ = before.text_;  // the same names in the same places
    places_ = before.places_;
  }
  std::lock_guard lock(before.orders_mutex_);
  for (const SupplierSort sort : {SupplierSort::kName, SupplierSort::kTier, SupplierSort::kHeldStar,
                                  SupplierSort::kExpiry, SupplierSort::kCorporateNumber}) {
    const auto& order = before.orders_[static_cast<size_t>(sort)];
    if (order) orders_[static_cast<size_t>(sort)] = std::make_unique<std::vector<uint32_t>>(*order);
  }
  const auto& old = before.orders_[static_cast<size_t>(SupplierSort::kStatus)];
  if (!old) return;
  // The status order is (status, then the tier order). `old` is that under the old statuses:
  // runs of equal old status, each in tier order. For each new status, its rows taken run by
  // run are merged in tier order.
  const auto tier_order = [&](uint32_t a, uint32_t b) { return Before(SupplierSort::kTier, a, b); };
  auto order = std::make_unique<std::vector<uint32_t>>();
  order->reserve(n);
  for (int rank = 0; rank <= 4; ++rank) {
    const size_t group = order->size();
    for (size_t run = 0; run < old->size();) {
      const int old_rank = StatusRank(*before.rows_[(*old)[run]]);
      const size_t merged = order->size();
      size_t end = run;
      for (; end < old->size() && StatusRank(*before.rows_[(*old)[end]]) == old_rank; ++end) {
        if (StatusRank(*rows_[(*old)[end]]) == rank) order->push_back((*old)[end]);
      }
      std::inplace_merge(order->begin() + static_cast<std::ptrdiff_t>(group),
                         order->begin() + static_cast<std::ptrdiff_t>(merged), order->end(), tier_order);
      run = end;
    }
  }
  orders_[static_cast<size_t>(SupplierSort::kStatus)] = std::move(order);
}


std::shared_ptr<const SupplierBoard> SupplierBoard::Refreshed(const std::vector<int64_t>& suppliers,
                                                              const std::vector<SharedAssessment>& shared,
                                                              const OrganisationLookup& organisation,
                                                              const Date& today,
                                                              const ActiveAttestations& attestations) const {
  // More patches than this and the report is copied once with them applied (report() would
  // otherwise apply an ever longer list at every first call on each new board).
  constexpr size_t kMaxPatches = 256;
  const auto seen = SeenThroughShares(buyer_org_, shared, today, attestations);
  std::shared_ptr<SupplierBoard> next(new SupplierBoard());
  next->buyer_org_ = buyer_org_;
  next->rows_ = rows_;
  next->base_report_ = base_report_;
  next->patches_ = patches_;
  next->totals_ = totals_;
  next->outside_chain_ = outside_chain_;
  next->organisations_ = organisations_;
  {
    std::lock_guard lock(orders_mutex_);
    for (size_t i = 0; i < orders_.size(); ++i) {
      if (orders_[i]) next->orders_[i] = std::make_unique<std::vector<uint32_t>>(*orders_[i]);
    }
  }
  std::vector<int64_t> wanted = suppliers;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::erase(wanted, buyer_org_);
  // Where each wanted supplier's row is now.
  std::unordered_map<int64_t, uint32_t> at;
  const Places& places = PlacesById();
  for (const int64_t id : wanted) {
    const auto it = std::lower_bound(places.begin(), places.end(), std::make_pair(id, uint32_t{0}));
    if (it != places.end() && it->first == id) at[id] = it->second;
  }
  const auto place = [&](uint32_t i) {  // puts row i where it sorts in every order built
    for (size_t k = 0; k < next->orders_.size(); ++k) {
      if (!next->orders_[k]) continue;
      std::vector<uint32_t>& order = *next->orders_[k];
      std::erase(order, i);
      const auto sort = static_cast<SupplierSort>(k);
      order.insert(std::lower_bound(order.begin(), order.end(), i,
                                    [&](uint32_t a, uint32_t b) { return next->Before(sort, a, b); }),
                   i);
    }
  };
  // The changed rows as they were and as they are: a filtered page none of them matches
  // stays as it was.
  std::vector<std::shared_ptr<const SupplierRow>> changed;
  bool moved = false;  // a row was added or removed: row indices changed
  const auto remove = [&](uint32_t i) {
    moved = true;
    changed.push_back(next->rows_[i]);
    next->Count(*next->rows_[i], -1);
    next->rows_.Erase(i);
    for (auto& slot : next->orders_) {
      if (!slot) continue;
      std::erase(*slot, i);
      for (uint32_t& j : *slot) j -= j > i ? 1 : 0;
    }
    for (auto& [id, index] : at) index -= index > i ? 1 : 0;
  };
  for (const int64_t supplier : wanted) {
    const auto found = seen.find(supplier);
    const auto it = at.find(supplier);
    if (it == at.end()) {
      if (found == seen.end()) continue;  // neither shared nor on the board
      const Organisation* profile = organisation(supplier);
      const auto slot = std::lower_bound(next->organisations_.begin(), next->organisations_.end(), supplier);
      if (slot == next->organisations_.end() || *slot != supplier) next->organisations_.insert(slot, supplier);
      if (!profile) continue;  // counted as a source, like a full build does
      SupplierRow row(*profile);
      Show(row, found->second);
      row.reason = kOutsideChainReason;
      next->Count(row, 1);
      next->rows_.PushBack(std::make_shared<const SupplierRow>(std::move(row)));
      moved = true;
      changed.push_back(next->rows_[next->rows_.size() - 1]);
      at[supplier] = static_cast<uint32_t>(next->rows_.size() - 1);
      place(static_cast<uint32_t>(next->rows_.size() - 1));
      continue;
    }
    const uint32_t index = it->second;
    const SupplierRow& old = *next->rows_[index];
    if (!old.in_chain && found == seen.end()) {
      remove(index);  // outside the chain and nothing shared any more
      at.erase(supplier);
      continue;
    }
    SupplierRow row(old.supplier);
    row.in_chain = old.in_chain;
    row.tier = old.tier;
    row.unconfirmed = old.unconfirmed;
    row.requirement = old.requirement;
    row.entry = old.entry;
    row.reason = old.reason;
    if (found != seen.end()) Show(row, found->second);
    if (row.in_chain) {
      row.status = Judge(row.requirement, row.standing, &row.reason);
      if (row.entry >= 0 && base_report_) {
        next->patches_[row.entry] = EntryPatch{row.standing, *row.status, row.reason};
      }
    }
    next->Count(old, -1);
    next->Count(row, 1);
    changed.push_back(next->rows_[index]);
    next->rows_.Set(index, std::make_shared<const SupplierRow>(std::move(row)));
    changed.push_back(next->rows_[index]);
    place(index);
  }
  {
    std::lock_guard lock(pages_mutex_);
    for (const auto& [key, cached] : pages_) {
      const SupplierQuery& q = cached.query;
      if (Filters(q) && std::none_of(changed.begin(), changed.end(),
                                     [&](const auto& row) { return Matches(*row, q, q.text); })) {
        next->pages_.emplace(key, cached);
      }
    }
  }
  if (!moved) {
    // Same suppliers in the same places, each with its name: the same text index and places.
    std::lock_guard lock(text_mutex_);
    next->text_ = text_;
    next->places_ = places_;
  }
  if (next->patches_.size() > kMaxPatches) {
    auto materialised = std::make_shared<const ComplianceReport>(*next->report());
    next->patches_.clear();
    next->report_.reset();
    next->base_report_ = std::move(materialised);
  }
  return next;
}

}  // namespace hoshitori::service
