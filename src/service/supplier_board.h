// A buyer's supplier board: every supplier of its visible chain and every supplier that
// shared an assessment with it, with tier, level held, attestation, expiry and compliance
// with the buyer's policy — computed once and then filtered, sorted and paged per request.
//
// Rows come from two sources, both already authorised by the caller:
// - the buyer's visible chain (GraphView with the buyer as viewer: its own claims marked
//   unconfirmed, tier-N only behind confirmed relationships and where the organisations
//   there consented), with the requirement the policy sets and the
//   compliance status (chain/compliance.h);
// - the active shares to the buyer: the level a supplier holds is the best its shared
//   assessments confer today. A supplier that shared but is not in the chain has no tier and
//   no requirement (`in_chain` false).
//
// A change to one supplier's assessments or shares changes its row only: Refreshed() makes
// the next board from the previous one by replacing those rows (and moving them in the sort
// orders already built) instead of building all of it again. A change to the buyer's policy
// changes requirements and statuses, not what the buyer sees through its shares:
// Repoliced() judges the chain again with the standings the rows hold, without reading the
// shares again.
//
// Pure apart from the lazily built sort orders, pages and report (guarded by mutexes):
// boards are shared between request threads through shared_ptr<const SupplierBoard>.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chain/compliance.h"
#include "store/store.h"

namespace hoshitori::service {

// A text made from a row once, on first use, and kept with it: rows are immutable and shared
// by the boards refreshed from one another, so a page of a refreshed board renders again only
// the rows that changed. A copied or moved row starts without one (it is about to change).
class RowMemo {
 public:
  RowMemo() = default;
  RowMemo(const RowMemo&) {}
  RowMemo& operator=(const RowMemo&) { return *this; }
  // The text `make` gives for `row`, made by the first caller; every caller must pass the same
  // `make` (one adapter renders rows: the API's JSON list).
  template <class Row, class Make>
  const std::string& Get(const Row& row, const Make& make) const {
    std::lock_guard lock(mutex_);
    if (!text_) text_ = make(row);
    return *text_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::optional<std::string> text_;
};

struct SupplierRow {
  explicit SupplierRow(Organisation organisation);

  Organisation supplier;
  std::string search_name;  // the name as a SearchKey (core/japanese_text.h), for the q= filter
  bool in_chain = false;
  int tier = 0;  // shortest tier in the buyer's visible chain (when in_chain)
  // A direct supplier only by the buyer's own claim, which the supplier has not confirmed.
  bool unconfirmed = false;
  SupplierStanding standing;
  int eligible_star = 0;             // best level the shared answers earn
  int64_t assessment_id = 0;         // the shared assessment behind the level held (0: none)
  int64_t share_id = 0;              // its share
  std::optional<ShareDetail> detail; // the strongest active share of that assessment
  // The signed attestation (issue 14) of that assessment, active today: the level held is
  // "verified" — anyone can check it at /verify/{id}. Empty when there is none.
  std::string attestation_id;
  Requirement requirement;           // when in_chain
  std::optional<ComplianceStatus> status;  // when in_chain
  std::string reason;
  int32_t entry = -1;  // its entry in the board's compliance report (when in_chain)
  RowMemo rendered;    // the row as the API lists it
};

enum class SupplierSort { kStatus, kName, kTier, kHeldStar, kExpiry, kCorporateNumber };

struct SupplierQuery {
  std::string text;  // part of the name or the start of the corporate number
  std::optional<ComplianceStatus> status;
  bool outside_chain_only = false;  // status=outside_chain
  std::optional<int> held_star;
  std::optional<int> tier;
  SupplierSort sort = SupplierSort::kStatus;
  bool descending = false;
  int page = 1;       // from 1
  int per_page = 50;  // 1..500
};

// Parses the query parameters page, per_page, sort ("name", "-tier", ...), q, status, star
// and tier. Errors name the parameter and what it accepts.
Result<SupplierQuery> ParseSupplierQuery(const std::map<std::string, std::string>& parameters);

using OrganisationLookup = std::function<const Organisation*(int64_t org_id)>;
// The active signed attestations of shared assessments: assessment id → attestation id.
using ActiveAttestations = std::unordered_map<int64_t, std::string>;

class SupplierBoard {
 public:
  // `sources`: organisations the board was built from beyond the buyer and its rows (suppliers
  // of the visible chain without a profile, for instance).
  SupplierBoard(int64_t buyer_org, std::vector<SupplierRow> rows, std::optional<ComplianceReport> report,
                std::vector<int64_t> sources = {});
  // The same with rows shared with other boards (rows are immutable).
  SupplierBoard(int64_t buyer_org, std::vector<std::shared_ptr<const SupplierRow>> rows,
                std::optional<ComplianceReport> report, std::vector<int64_t> sources = {});

  int64_t buyer_org() const { return buyer_org_; }
  // Every organisation whose data the board was built from, ascending: the buyer, each row's
  // supplier and the `sources`. A change to any other organisation leaves the board as it is.
  const std::vector<int64_t>& organisations() const { return organisations_; }
  size_t size() const { return rows_.size(); }
  // The compliance report of the buyer's visible chain (nullptr when the buyer has no chain).
  const ComplianceReport* report() const;
  // Rows per status (meets, below, unknown, expired) and outside the chain.
  const std::array<int, 4>& totals() const { return totals_; }
  int outside_chain() const { return outside_chain_; }

  struct Page {
    int total = 0;  // rows matching the filters
    std::vector<const SupplierRow*> rows;
  };
  Page Select(const SupplierQuery& query) const;

  // A page's rows rendered once per board and query (the board is immutable, so is the page),
  // with the facts each of its rows must be authorised on: (supplier, share detail) per row.
  // Nothing board-wide (such as totals) belongs in it: a refreshed board keeps the filtered
  // pages its changed rows are not in.
  struct RenderedPage {
    std::string body;
    int total = 0;  // rows matching the filters
    std::vector<std::pair<int64_t, std::optional<ShareDetail>>> authorise;
  };
  std::shared_ptr<const RenderedPage> Rendered(const SupplierQuery& query,
                                               const std::function<RenderedPage(const Page&)>& render) const;

  // This board with the rows of `suppliers` made from `shared` — every share from those
  // suppliers to the buyer active today, and nothing else. Their levels, statuses and reasons
  // follow the shares; a supplier outside the chain gains or loses its row. Tiers,
  // requirements and the chain stay as they are: valid after changes to assessments and
  // shares only (ChangeScope::kAssessments | kSharing), which alter nothing else.
  std::shared_ptr<const SupplierBoard> Refreshed(const std::vector<int64_t>& suppliers,
                                                 const std::vector<SharedAssessment>& shared,
                                                 const OrganisationLookup& organisation,
                                                 const Date& today,
                                                 const ActiveAttestations& attestations = {}) const;

  // This board under `policy`: requirements, statuses, reasons and the compliance report
  // computed again over `graph` (which must be the one the board was built from: any change
  // to it drops the board), with each supplier's standing, level and share as the rows hold
  // them. Equal to a board built afresh after a change to the buyer's policy only.
  std::shared_ptr<const SupplierBoard> Repoliced(const SupplyGraph& graph, const RequirementPolicy& policy,
                                                 const OrganisationLookup& organisation, const Date& today,
                                                 TraversalWorkspace& workspace) const;

 private:
  // The rows in chunks shared between the boards refreshed from one another: a refresh copies
  // the chunk of each row it replaces and shares the others (a copy costs one reference per
  // chunk, not one per row; so does dropping a board).
  class Rows {
   public:
    Rows() = default;
    explicit Rows(const std::vector<std::shared_ptr<const SupplierRow>>& rows);
    size_t size() const { return size_; }
    const std::shared_ptr<const SupplierRow>& operator[](size_t i) const { return (*chunks_[i / kChunk])[i % kChunk]; }
    void Set(size_t i, std::shared_ptr<const SupplierRow> row);
    void PushBack(std::shared_ptr<const SupplierRow> row);
    void Erase(size_t i);

   private:
    static constexpr size_t kChunk = 256;
    using Chunk = std::vector<std::shared_ptr<const SupplierRow>>;
    // The chunk holding row i, copied first when another board shares it.
    Chunk& Own(size_t chunk);
    std::vector<std::shared_ptr<const Chunk>> chunks_;
    size_t size_ = 0;
  };
  // Each row's place by supplier id, ascending by id (built on first use; shared by refreshed
  // boards whose rows kept their places).
  using Places = std::vector<std::pair<int64_t, uint32_t>>;
  const Places& PlacesById() const;
  // Patches to the base report's entries (by index): standing, status and reason.
  struct EntryPatch {
    SupplierStanding standing;
    ComplianceStatus status = ComplianceStatus::kUnknown;
    std::string reason;
  };
  SupplierBoard() = default;
  void Count(const SupplierRow& row, int sign);
  // Whether row `a` sorts before row `b` (index order breaks ties: the order is total).
  bool Before(SupplierSort sort, uint32_t a, uint32_t b) const;
  const std::vector<uint32_t>& Order(SupplierSort sort) const;
  // For a board Repoliced from `before`: takes `before`'s orders and text index when both
  // boards hold the same suppliers with the same tiers and levels in the same places (only
  // requirements and statuses differ). Every order but the status one is then `before`'s, and
  // the status order is merged from `before`'s (its runs of equal old status are each in
  // tier order) instead of sorting 10,000 names again. Otherwise (rows placed differently)
  // the orders are sorted when first asked for, as on any new board.
  void KeepOrdersOf(const SupplierBoard& before);
  // The q= text filter over every row at once: every row's lower-case name in one string,
  // searched with memmem instead of row by row (built on first use; a refreshed board whose
  // rows kept their places, and so their names, shares it), and corporate-number prefixes
  // found by binary search in the corporate-number order.
  struct TextIndex {
    std::string haystack;           // the rows' names, each followed by '\n'
    std::vector<uint32_t> starts;   // where each row's name begins
    // Rows whose name contains `text` (which holds no '\n').
    void FindNames(const std::string& text, std::vector<uint32_t>& hits) const;
  };
  const TextIndex& Text() const;
  // Rows whose corporate number starts with `text` or whose name contains it, ascending.
  std::vector<uint32_t> MatchingText(const std::string& text) const;

  int64_t buyer_org_ = 0;
  Rows rows_;
  std::shared_ptr<const ComplianceReport> base_report_;
  std::map<int32_t, EntryPatch> patches_;  // applied to base_report_ by report()
  std::array<int, 4> totals_{};
  int outside_chain_ = 0;
  std::vector<int64_t> organisations_;
  mutable std::mutex orders_mutex_;
  mutable std::array<std::unique_ptr<std::vector<uint32_t>>, 6> orders_;
  mutable std::mutex text_mutex_;
  mutable std::shared_ptr<const TextIndex> text_;
  mutable std::shared_ptr<const Places> places_;  // guarded by text_mutex_
  mutable std::mutex pages_mutex_;
  struct CachedPage {
    SupplierQuery query;
    std::shared_ptr<const RenderedPage> page;
  };
  // At most kMaxPages; a refreshed board keeps the filtered pages its changed rows are not in.
  mutable std::map<std::string, CachedPage> pages_;
  mutable std::mutex report_mutex_;
  mutable std::shared_ptr<const ComplianceReport> report_;  // base_report_ with patches_
};

// Builds `buyer_org`'s board from the graph, its policy and its active shares (whose
// results must be present; shares without one are skipped). `organisation` returns a
// profile by id (nullptr when unknown: such suppliers are skipped).
std::shared_ptr<const SupplierBoard> BuildSupplierBoard(const SupplyGraph& graph, int64_t buyer_org,
                                                        const RequirementPolicy& policy,
                                                        const std::vector<SharedAssessment>& shared,
                                                        const OrganisationLookup& organisation, const Date& today,
                                                        TraversalWorkspace& workspace,
                                                        const ActiveAttestations& attestations = {});

}  // namespace hoshitori::service
