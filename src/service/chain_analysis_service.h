// ChainAnalysisService: the buyer's supplier board (GET /api/v1/suppliers, the supplier list
// and its exports) and the analyses of the buyer's chain — compliance by tier, tiers,
// exposure paths, blast radius within the chain and single points of failure.
//
// Every analysis runs on the chain as the caller's organisation sees it (GraphView with it as
// viewer): its own claims, confirmed relationships, and tier N behind confirmed ones only
// where the organisations there disclosed their relationships to it. Suppliers' levels come
// from the assessments really shared with the buyer (active shares) and their stored results.
// Members and admins of the buyer read its analyses; each row of the supplier list that shows
// a shared assessment is authorised again on every call.
//
// Needs the server's supply graph (Context::chain). Not thread-safe: one per Context.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/supplier_board.h"
#include "core/corporate_number.h"
#include "service/context.h"

namespace hoshitori::service {


// One relationship of the graph as analyses and lists show it.
struct ChainEdge {
  SupplyRelationship relationship;  // its attributes and store id
  bool confirmed = false;
  bool critical = false;  // production stops without it (chain/supply_graph.h)
  Party buyer, supplier;
};
using ChainPath = std::vector<ChainEdge>;  // from the buyer down to the supplier

// One page of the supplier board, and the board it was selected from (which owns the rows).
struct SupplierList {
  std::shared_ptr<const SupplierBoard> board;
  SupplierBoard::Page page;
};

// Counts per compliance status, in ComplianceStatus order (meets, below, unknown, expired).
using StatusCounts = std::array<int, 4>;
struct ComplianceSummary {
  size_t suppliers = 0;
  StatusCounts totals{};
  std::vector<StatusCounts> by_tier;  // [0] is tier 1
};

struct TierEntry {
  Party supplier;
  int tier = 0;
  ChainPath path;
};
struct TierList {
  size_t total = 0;  // suppliers within the tiers asked for
  std::vector<TierEntry> suppliers;
};

struct ExposureEntry {
  Party supplier;
  ComplianceStatus status = ComplianceStatus::kUnknown;
  int required_star = 0, held_star = 0, severity = 0;
  std::string rule;
  ChainPath path;
};
struct ExposureList {
  size_t total = 0;
  std::vector<ExposureEntry> exposures;  // most severe first
};

struct AffectedOrganisation {
  Party organisation;
  int distance = 0;       // tiers above the compromised supplier
  int tier_from_you = 0;  // its tier in the caller's chain
  bool production_stops = false;
  ChainPath path;
};
struct BlastRadiusReport {
  Organisation supplier;
  int tiers = 0;
  int production_stops = 0;
  std::vector<AffectedOrganisation> organisations;  // only the caller's own chain
};

struct SinglePointEntry {
  Party supplier;
  uint32_t cut_off = 0;   // suppliers reached only through it
  int direct_buyers = 0;  // its buyers the caller may see
};

class ChainAnalysisService {
 public:
  explicit ChainAnalysisService(Context& context) : context_(context) {}

  // One page of the caller's supplier board, filtered and sorted by `query`.
  Result<SupplierList> Suppliers(const SupplierQuery& query);
  // The same page rendered by `render` once per board and query (kept with the board), for
  // adapters that serve the same page often; its rows are authorised on every call.
  struct RenderedList {
    std::shared_ptr<const SupplierBoard> board;
    std::shared_ptr<const SupplierBoard::RenderedPage> page;
  };
  Result<RenderedList> RenderedSuppliers(
      const SupplierQuery& query,
      const std::function<SupplierBoard::RenderedPage(const SupplierBoard::Page& page)>&
          render);

  // Whether the caller may read its chain's analyses, for adapters that authorise before they
  // parse a request's parameters.
  Status MayRead();

  // Who meets the buyer's requirements, per tier.
  Result<ComplianceSummary> Compliance();
  // Suppliers up to `max_tier`, nearest first: `limit` of them from `offset`, with a path.
  Result<TierList> Tiers(int max_tier, int limit, int offset);
  // The `limit` most severe paths by which suppliers below their requirement reach the buyer.
  Result<ExposureList> Exposure(int limit);
  // Who in the caller's own chain is hit within `tiers` if `supplier` is compromised, and
  // whose production stops. kNotFound when `supplier` is not in the caller's visible chain.
  Result<BlastRadiusReport> BlastRadius(const CorporateNumber& supplier, int tiers);
  // The caller's single points of failure (suppliers that cut off others), at most `limit`.
  Result<std::vector<SinglePointEntry>> Concentration(int limit);

  // Brings `buyer_org`'s cached board up to date with the change of this process whose
  // ChainService::ChangedHere gave `ticket`, before that change is acknowledged. Cache
  // upkeep after a change already authorised, not a read: nothing of the board is returned.
  Status RefreshAhead(int64_t buyer_org, uint64_t ticket);

 private:
  // The caller's principal once allowed to read its chain's analyses.
  Result<Principal> Reader();
  // `ahead`: a writer's ticket (ChainService::Board); 0 for readers.
  Result<std::shared_ptr<const SupplierBoard>> Board(int64_t buyer_org, uint64_t ahead = 0);
  Status AuthoriseRows(const std::vector<std::pair<int64_t, std::optional<ShareDetail>>>& rows);

  Context& context_;
};

// The assessments shared with `buyer_org` through shares active now, each with its stored
// result (scored and stored first when an imported assessment has none).
// `*valid_until` (when given) is set to the earliest of the start of tomorrow and the
// shares' expiries: the moment the list may change without any write.
Result<std::vector<SharedAssessment>> SharedWithBuyer(Store& store, const Catalog& catalog,
                                                      const Clock& clock, int64_t buyer_org,
                                                      std::string* valid_until = nullptr);

}  // namespace hoshitori::service
