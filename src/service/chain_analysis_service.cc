#include "service/chain_analysis_service.h"

#include "store/attestation_repository.h"
#include "store/sharing_repository.h"

#include <chrono>
#include <iterator>
#include <unordered_map>

#include "service/chain_service.h"
#include "service/results.h"
#include "chain/concentration.h"
#include "chain/traversal.h"
#include "service/chain_views.h"
#include "service/policy_service.h"

namespace hoshitori::service {

namespace {

TraversalWorkspace& ThreadWorkspace() {
  thread_local TraversalWorkspace workspace;
  return workspace;
}

// Carries a use case's error out of a board build (ChainService::Board passes exceptions to
// every caller waiting for the build).
struct BuildFailure {
  Error error;
};

Status NoGraph() { return MakeError("the supply graph is not loaded in this process"); }

}  // namespace

namespace {

// Completes `shared` with the results not stored yet and moves `until` (when not empty) to
// the earliest expiry among the shares.
Status WithResults(Store& store, const Catalog& catalog, std::vector<SharedAssessment>& shared,
                   std::string& until) {
  for (SharedAssessment& s : shared) {
    if (!s.result) {
      TRY_ASSIGN(s.result, StoredResult(store, catalog, s.record));
    }
    if (s.share.expires_at && *s.share.expires_at < until) until = *s.share.expires_at;
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<SharedAssessment>> SharedWithBuyer(Store& store, const Catalog& catalog,
                                                      const Clock& clock, int64_t buyer_org,
                                                      std::string* valid_until) {
  TRY_ASSIGN(auto shared, store.ListActiveSharedAssessments(buyer_org, clock.UtcNow()));
  std::string until;
  if (valid_until) {
    const auto tomorrow = std::chrono::sys_days(clock.Today()) + std::chrono::days(1);
    until = FormatDate(std::chrono::year_month_day(tomorrow)) + "T00:00:00Z";
  }
  TRY(WithResults(store, catalog, shared, until));
  if (valid_until) *valid_until = until;
  return shared;
}

Result<Principal> ChainAnalysisService::Reader() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kChainAnalysis, p.org_id}));
  if (!context_.chain) return NoGraph().error();
  return p;
}

Status ChainAnalysisService::MayRead() {
  TRY(Reader());
  return OkStatus();
}

// The buyer's board, cached by the ChainService until something changes.
Status ChainAnalysisService::RefreshAhead(int64_t buyer_org, uint64_t ticket) {
  auto board = Board(buyer_org, ticket);
  if (!board) return board.error();
  return OkStatus();
}

Result<std::shared_ptr<const SupplierBoard>> ChainAnalysisService::Board(int64_t buyer_org, uint64_t ahead) {
  ChainService& chain = *context_.chain;
  const Date today = context_.clock.Today();
  const std::string now = context_.clock.UtcNow();
  const OrganisationLookup organisation = [&](int64_t id) {
    return chain.FindOrganisation(context_.store, id);
  };
  const auto build = [&](std::string& valid_until) {
    auto shared =
        SharedWithBuyer(context_.store, context_.catalog, context_.clock, buyer_org, &valid_until);
    if (!shared) throw BuildFailure{shared.error()};
    const auto policy = EffectivePolicy(context_.store, buyer_org);
    if (!policy) throw BuildFailure{policy.error()};
    auto attestations = AttestationRepository(context_.store.Sql()).ActiveSharedWith(buyer_org, std::nullopt, now);
    if (!attestations) throw BuildFailure{attestations.error()};
    return chain.WithGraph([&](const SupplyGraph& graph) {
      return BuildSupplierBoard(graph, buyer_org, *policy, *shared, organisation, today,
                                     ThreadWorkspace(), *attestations);
    });
  };
  // Only the rows of the suppliers whose assessments or shares changed are read again; a
  // changed policy is applied to the rows held.
  const auto refresh = [&](const SupplierBoard& base, const std::vector<int64_t>& suppliers, bool repolicy,
                           std::string& valid_until) {
    std::shared_ptr<const SupplierBoard> judged;
    if (repolicy) {
      const auto policy = EffectivePolicy(context_.store, buyer_org);
      if (!policy) throw BuildFailure{policy.error()};
      judged = chain.WithGraph([&](const SupplyGraph& graph) {
        return base.Repoliced(graph, *policy, organisation, today, ThreadWorkspace());
      });
      if (suppliers.empty()) return judged;
    }
    // Two statements for every stale supplier at once (up to kIdListChunk of them).
    auto shared = SharingRepository(context_.store.Sql()).ListActiveSharedAssessmentsFrom(buyer_org, suppliers, now);
    if (!shared) throw BuildFailure{shared.error()};
    auto attestations = AttestationRepository(context_.store.Sql()).ActiveSharedWith(buyer_org, suppliers, now);
    if (!attestations) throw BuildFailure{attestations.error()};
    if (auto done = WithResults(context_.store, context_.catalog, *shared, valid_until); !done) {
      throw BuildFailure{done.error()};
    }
    return (judged ? *judged : base).Refreshed(suppliers, *shared, organisation, today, *attestations);
  };
  try {
    return chain.Board(buyer_org, now, build, refresh, ahead);
  } catch (const BuildFailure& failure) {
    return failure.error;
  }
}

Status ChainAnalysisService::AuthoriseRows(
    const std::vector<std::pair<int64_t, std::optional<ShareDetail>>>& rows) {
  for (const auto& [supplier, detail] : rows) {
    if (detail)
      TRY(Allow(context_, Action::kRead,
                ResourceFacts{ResourceKind::kAssessment, supplier, 0, detail}));
  }
  return OkStatus();
}

Result<SupplierList> ChainAnalysisService::Suppliers(const SupplierQuery& query) {
  TRY_ASSIGN(const Principal p, Reader());
  TRY_ASSIGN(auto board, Board(p.org_id));
  SupplierList list{board, board->Select(query)};
  std::vector<std::pair<int64_t, std::optional<ShareDetail>>> rows;
  rows.reserve(list.page.rows.size());
  for (const SupplierRow* row : list.page.rows)
    rows.emplace_back(row->supplier.id, row->detail);
  TRY(AuthoriseRows(rows));
  return list;
}

Result<ChainAnalysisService::RenderedList> ChainAnalysisService::RenderedSuppliers(
    const SupplierQuery& query,
    const std::function<SupplierBoard::RenderedPage(const SupplierBoard::Page& page)>&
        render) {
  TRY_ASSIGN(const Principal p, Reader());
  TRY_ASSIGN(auto board, Board(p.org_id));
  auto rendered = board->Rendered(query, render);
  TRY(AuthoriseRows(rendered->authorise));
  return RenderedList{std::move(board), std::move(rendered)};
}

Result<ComplianceSummary> ChainAnalysisService::Compliance() {
  TRY_ASSIGN(const Principal p, Reader());
  TRY_ASSIGN(const auto board, Board(p.org_id));
  ComplianceSummary summary;
  if (const ComplianceReport* report = board->report()) {
    summary.suppliers = report->entries.size();
    for (size_t t = 1; t < report->counts_by_tier.size(); ++t) {
      const auto& c = report->counts_by_tier[t];
      summary.by_tier.push_back(StatusCounts{c[0], c[1], c[2], c[3]});
    }
    summary.totals =
        StatusCounts{report->totals[0], report->totals[1], report->totals[2], report->totals[3]};
  }
  return summary;
}

Result<TierList> ChainAnalysisService::Tiers(int max_tier, int limit, int offset) {
  TRY_ASSIGN(const Principal p, Reader());
  TierList out;
  const Date today = context_.clock.Today();
  context_.chain->WithGraph([&](const SupplyGraph& graph) {
    const auto buyer = graph.FindNode(p.org_id);
    if (!buyer) return 0;
    const GraphView view(graph, *buyer, today);
    Reach reach;
    ComputeTiers(view, *buyer, max_tier, ThreadWorkspace(), reach);
    out.total = reach.size() - 1;
    const ChainParties parties(graph, *context_.chain, context_.store);
    for (size_t i = 1 + static_cast<size_t>(offset);
         i < reach.size() && out.suppliers.size() < static_cast<size_t>(limit); ++i) {
      out.suppliers.push_back(TierEntry{parties.Of(reach.node[i]), reach.tier[i],
                                        parties.Path(reach.PathTo(static_cast<uint32_t>(i)))});
    }
    return 0;
  });
  return out;
}

Result<ExposureList> ChainAnalysisService::Exposure(int limit) {
  TRY_ASSIGN(const Principal p, Reader());
  TRY_ASSIGN(const auto board, Board(p.org_id));
  ExposureList out;
  if (!board->report()) return out;
  const Date today = context_.clock.Today();
  context_.chain->WithGraph([&](const SupplyGraph& graph) {
    const GraphView view(graph, *graph.FindNode(p.org_id), today);
    const auto paths = ExposurePaths(view, *board->report(), ThreadWorkspace());
    out.total = paths.size();
    const ChainParties parties(graph, *context_.chain, context_.store);
    for (size_t i = 0; i < paths.size() && i < static_cast<size_t>(limit); ++i) {
      const ExposurePath& e = paths[i];
      out.exposures.push_back(ExposureEntry{parties.Of(e.supplier), e.status, e.required_star,
                                            e.held_star, e.severity, e.rule, parties.Path(e.path)});
    }
    return 0;
  });
  return out;
}

Result<BlastRadiusReport> ChainAnalysisService::BlastRadius(const CorporateNumber& number,
                                                            int tiers) {
  TRY_ASSIGN(const Principal p, Reader());
  TRY_ASSIGN(const auto supplier, context_.store.FindOrganisation(number));
  const std::string not_in_chain =
      number.digits() + " is not in your visible supply chain / 法人番号 " + number.digits() +
      " の会社は、見える範囲のサプライチェーンにありません";
  if (!supplier) return NotFound(not_in_chain);
  BlastRadiusReport out{*supplier, tiers, 0, {}};
  const Date today = context_.clock.Today();
  const bool found = context_.chain->WithGraph([&](const SupplyGraph& graph) {
    const auto buyer = graph.FindNode(p.org_id);
    const auto company = graph.FindNode(supplier->id);
    if (!buyer || !company) return false;
    const GraphView view(graph, *buyer, today);
    TraversalWorkspace& workspace = ThreadWorkspace();
    // Only the buyer's own chain is shown: other buyers of the supplier stay private.
    Reach mine;
    ComputeTiers(view, *buyer, kUnlimitedTiers, workspace, mine);
    std::unordered_map<NodeId, int> in_chain;
    for (size_t i = 0; i < mine.size(); ++i) in_chain.emplace(mine.node[i], mine.tier[i]);
    if (!in_chain.count(*company) || *company == *buyer) return false;
    ::hoshitori::BlastRadius radius;
    ComputeBlastRadius(view, *company, tiers, workspace, radius);
    const ChainParties parties(graph, *context_.chain, context_.store);
    for (uint32_t i = 1; i < radius.affected.size(); ++i) {
      const NodeId n = radius.affected.node[i];
      const auto it = in_chain.find(n);
      if (it == in_chain.end()) continue;
      const bool stop = radius.production_stops(i);
      out.production_stops += stop;
      out.organisations.push_back(AffectedOrganisation{parties.Of(n), radius.affected.tier[i],
                                                       it->second, stop,
                                                       parties.Path(radius.affected.PathTo(i))});
    }
    return true;
  });
  if (!found) return NotFound(not_in_chain);
  return out;
}

Result<std::vector<SinglePointEntry>> ChainAnalysisService::Concentration(int limit) {
  TRY_ASSIGN(const Principal p, Reader());
  std::vector<SinglePointEntry> out;
  const Date today = context_.clock.Today();
  context_.chain->WithGraph([&](const SupplyGraph& graph) {
    const auto buyer = graph.FindNode(p.org_id);
    if (!buyer) return 0;
    const GraphView view(graph, *buyer, today);
    const auto points = SinglePointsOfFailure(view, *buyer);
    const ChainParties parties(graph, *context_.chain, context_.store);
    for (size_t i = 0; i < points.size() && i < static_cast<size_t>(limit); ++i) {
      // Only the buyers the caller may see count.
      int direct_buyers = 0;
      graph.ForEachBuyerEdge(points[i].supplier, [&](EdgeId e, NodeId from) {
        direct_buyers += from != points[i].supplier && view.Allows(e);
      });
      out.push_back(
          SinglePointEntry{parties.Of(points[i].supplier), points[i].cut_off, direct_buyers});
    }
    return 0;
  });
  return out;
}

}  // namespace hoshitori::service
