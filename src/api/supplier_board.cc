#include "api/supplier_board.h"

#include "api/http.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace hoshitori::api {

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

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool Matches(const SupplierRow& row, const SupplierQuery& q, const std::string& text) {
  if (q.outside_chain_only && row.in_chain) return false;
  if (q.status && (!row.status || *row.status != *q.status)) return false;
  if (q.held_star && row.standing.held_star != *q.held_star) return false;
  if (q.tier && (!row.in_chain || row.tier != *q.tier)) return false;
  if (!text.empty()) {
    const std::string& number = row.supplier.corporate_number.digits();
    if (number.compare(0, text.size(), text) != 0 && Lower(row.supplier.name).find(text) == std::string::npos) {
      return false;
    }
  }
  return true;
}

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
    q.text = Lower(it->second);
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

SupplierBoard::SupplierBoard(int64_t buyer_org, std::vector<SupplierRow> rows, std::optional<ComplianceReport> report,
                             std::vector<int64_t> sources)
    : buyer_org_(buyer_org), rows_(std::move(rows)), report_(std::move(report)), organisations_(std::move(sources)) {
  organisations_.reserve(organisations_.size() + rows_.size() + 1);
  organisations_.push_back(buyer_org_);
  for (const SupplierRow& row : rows_) {
    if (row.status) ++totals_[static_cast<size_t>(*row.status)];
    else ++outside_chain_;
    organisations_.push_back(row.supplier.id);
  }
  std::sort(organisations_.begin(), organisations_.end());
  organisations_.erase(std::unique(organisations_.begin(), organisations_.end()), organisations_.end());
}

const std::vector<uint32_t>& SupplierBoard::Order(SupplierSort sort) const {
  std::lock_guard lock(orders_mutex_);
  auto& slot = orders_[static_cast<size_t>(sort)];
  if (slot) return *slot;
  auto order = std::make_unique<std::vector<uint32_t>>(rows_.size());
  std::iota(order->begin(), order->end(), 0u);
  const auto by_name = [this](uint32_t a, uint32_t b) {
    if (rows_[a].supplier.name != rows_[b].supplier.name) return rows_[a].supplier.name < rows_[b].supplier.name;
    return rows_[a].supplier.corporate_number.digits() < rows_[b].supplier.corporate_number.digits();
  };
  const auto tier_of = [this](uint32_t i) { return rows_[i].in_chain ? rows_[i].tier : 1 << 20; };
  switch (sort) {
    case SupplierSort::kStatus:
      std::stable_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
        if (StatusRank(rows_[a]) != StatusRank(rows_[b])) return StatusRank(rows_[a]) < StatusRank(rows_[b]);
        if (tier_of(a) != tier_of(b)) return tier_of(a) < tier_of(b);
        return by_name(a, b);
      });
      break;
    case SupplierSort::kName: std::stable_sort(order->begin(), order->end(), by_name); break;
    case SupplierSort::kTier:
      std::stable_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
        return tier_of(a) != tier_of(b) ? tier_of(a) < tier_of(b) : by_name(a, b);
      });
      break;
    case SupplierSort::kHeldStar:
      std::stable_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
        const int sa = rows_[a].standing.held_star, sb = rows_[b].standing.held_star;
        return sa != sb ? sa < sb : by_name(a, b);
      });
      break;
    case SupplierSort::kExpiry:
      // Soonest expiry first; levels without an end date after them.
      std::stable_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
        const auto& ua = rows_[a].standing.held_until;
        const auto& ub = rows_[b].standing.held_until;
        if (ua.has_value() != ub.has_value()) return ua.has_value();
        if (ua && *ua != *ub) return *ua < *ub;
        return by_name(a, b);
      });
      break;
    case SupplierSort::kCorporateNumber:
      std::stable_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
        return rows_[a].supplier.corporate_number.digits() < rows_[b].supplier.corporate_number.digits();
      });
      break;
  }
  slot = std::move(order);
  return *slot;
}

SupplierBoard::Page SupplierBoard::Select(const SupplierQuery& query) const {
  const std::vector<uint32_t>& order = Order(query.sort);
  Page page;
  const int64_t first = static_cast<int64_t>(query.page - 1) * query.per_page;
  const int64_t last = first + query.per_page;
  const auto take = [&](uint32_t i) {
    if (!Matches(rows_[i], query, query.text)) return;
    if (page.total >= first && page.total < last) page.rows.push_back(&rows_[i]);
    ++page.total;
  };
  if (query.descending) {
    for (auto it = order.rbegin(); it != order.rend(); ++it) take(*it);
  } else {
    for (uint32_t i : order) take(i);
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
    if (const auto it = pages_.find(key); it != pages_.end()) return it->second;
  }
  auto page = std::make_shared<const RenderedPage>(render(Select(q)));
  std::lock_guard lock(pages_mutex_);
  if (pages_.size() >= kMaxPages) pages_.clear();
  pages_.emplace(std::move(key), page);
  return page;
}

std::shared_ptr<const SupplierBoard> BuildSupplierBoard(const SupplyGraph& graph, int64_t buyer_org,
                                                        const RequirementPolicy& policy,
                                                        const std::vector<SharedAssessment>& shared,
                                                        const OrganisationLookup& organisation, const Date& today,
                                                        TraversalWorkspace& workspace) {
  // What the buyer can see of each supplier through its active shares.
  struct Seen {
    SupplierStanding standing;
    int eligible_star = 0;
    int64_t assessment_id = 0, share_id = 0;
    std::optional<ShareDetail> detail;
  };
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

  std::vector<SupplierRow> rows;
  std::vector<int64_t> sources;  // organisations without a row (no profile) count too
  const auto fill = [&](SupplierRow& row, int64_t org) {
    const auto it = seen.find(org);
    if (it == seen.end()) return;
    row.standing = it->second.standing;
    row.eligible_star = it->second.eligible_star;
    row.assessment_id = it->second.assessment_id;
    row.share_id = it->second.share_id;
    row.detail = it->second.detail;
  };

  std::optional<ComplianceReport> report;
  std::unordered_map<int64_t, bool> listed;
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
      SupplierRow row(*o);
      row.in_chain = true;
      row.tier = entry.tier;
      row.unconfirmed = entry.tier == 1 && !confirmed_direct.count(entry.supplier);
      fill(row, org);
      row.requirement = entry.requirement;
      row.status = entry.status;
      row.reason = entry.reason;
      listed[org] = true;
      rows.push_back(std::move(row));
    }
  }
  for (const auto& [org, unused] : seen) {
    if (listed.count(org)) continue;
    const Organisation* o = organisation(org);
    if (!o) {
      sources.push_back(org);
      continue;
    }
    SupplierRow row(*o);
    fill(row, org);
    row.reason = "not in your declared chain: no requirement applies / 取引関係が登録されていないため要求水準はありません";
    rows.push_back(std::move(row));
  }
  return std::make_shared<const SupplierBoard>(buyer_org, std::move(rows), std::move(report), std::move(sources));
}

}  // namespace hoshitori::api
