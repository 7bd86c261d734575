// Compliance of a buyer's chain with its requirement policy, and exposure paths from weak
// suppliers to the buyer.
//
// Required level: every visible relationship u → s of the buyer's chain (u reached from the
// buyer, s at tier(u) + 1 along it) is evaluated by the policy; a supplier's requirement is
// the highest over its relationships in the chain. Among relationships requiring that much,
// the one nearest the buyer, then bought by the lowest organisation id, then with the lowest
// store id names the rule — independent of the order in which the traversal visits a tier.
//
// Status of a supplier against its requirement (star and attestation):
// - meets:   the level it holds today is at least the star, by at least the attestation;
// - expired: it holds less today, but an assessment whose validity has ended would have met
//            the requirement on its last valid day (so renewal is what is missing);
// - unknown: no assessment of the supplier is visible to the buyer;
// - below:   otherwise (what it holds, or would have held, is too low).
// A requirement of star 0 (no rule matched) is met by everyone.
//
// Exposure: a channel relationship carries the buyer's data or a connection (data or
// connectivity not none); its severity is the larger of data (important_confidential 4,
// confidential or personal 3, internal 1) and connectivity (ot 5, vpn 4, portal 2, email 1).
// A supplier that does not meet its requirement is exposed to the buyer through a path of
// channel relationships from the buyer to it; the path chosen maximises its weakest link's
// severity and, among those, is shortest. Exposures are ranked by that severity, then by the
// missing stars (unknown counts as all of them), then by path length.
//
// Pure functions; the caller supplies the suppliers' facts and standings (the store adapter
// reads them from assessments), so the rules are testable without a database.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chain/policy.h"
#include "chain/supply_graph.h"
#include "chain/traversal.h"

namespace hoshitori {

// What the buyer can see of a supplier's assessments.
struct SupplierStanding {
  bool has_assessment = false;  // some assessment is visible to the buyer
  int held_star = 0;            // held today
  AttestationKind held_attestation = AttestationKind::kSelf;
  std::optional<Date> held_until;
  int expired_star = 0;  // best level an expired assessment held on its last valid day
  AttestationKind expired_attestation = AttestationKind::kSelf;
  std::optional<Date> expired_on;  // that assessment's last valid day
};

// Adds one assessment the buyer can see to its supplier's standing: the level it confers
// today and, when its validity has ended, the level it conferred on its last valid day.
// Drafts count for nothing (they are shared with nobody).
void AddToStanding(SupplierStanding& standing, int eligible_star, LevelTags present_stars,
                   const Attestation& attestation, const Date& today);

enum class ComplianceStatus : uint8_t { kMeets, kBelow, kUnknown, kExpired };
std::string_view ComplianceStatusName(ComplianceStatus status);

struct ComplianceEntry {
  NodeId supplier = 0;
  int tier = 0;            // shortest tier
  Requirement requirement;
  EdgeId deciding_edge = kNoIndex;  // the relationship whose evaluation set the requirement
  int deciding_tier = 0;            // the supplier's tier along that relationship
  ComplianceStatus status = ComplianceStatus::kUnknown;
  SupplierStanding standing;
  std::string reason;  // one sentence: why this status
};

struct ComplianceReport {
  NodeId buyer = 0;
  std::vector<ComplianceEntry> entries;  // breadth-first order (by tier)
  // counts[tier][status]; index 0 unused (the buyer).
  std::vector<std::array<int, 4>> counts_by_tier;
  std::array<int, 4> totals{};
};

using FactsLookup = std::function<SupplierFacts(NodeId)>;
using StandingLookup = std::function<SupplierStanding(NodeId)>;

// The compliance report of `buyer`'s chain as `view` shows it.
ComplianceReport CheckCompliance(const GraphView& view, NodeId buyer, const RequirementPolicy& policy,
                                 const FactsLookup& facts, const StandingLookup& standing,
                                 TraversalWorkspace& workspace, int max_tier = kUnlimitedTiers);

// Status of one supplier for one requirement (the rule above), with its reason.
ComplianceStatus Judge(const Requirement& requirement, const SupplierStanding& standing,
                       std::string* reason);

struct ExposurePath {
  NodeId supplier = 0;
  ComplianceStatus status = ComplianceStatus::kUnknown;
  int required_star = 0;
  int held_star = 0;
  int severity = 0;            // weakest link of the path, 1..5
  std::vector<EdgeId> path;    // buyer → ... → supplier
  std::string rule;            // the rule that set the requirement
};

// Severity of one relationship as a channel to the buyer (0: not a channel).
int ChannelSeverity(const SupplyGraph& graph, EdgeId e);

// Exposure paths of `buyer`, ranked, from the compliance report computed on the same view.
std::vector<ExposurePath> ExposurePaths(const GraphView& view, const ComplianceReport& report,
                                        TraversalWorkspace& workspace);

}  // namespace hoshitori
