#include "chain/compliance.h"

#include <tuple>
#include <utility>

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <unordered_map>

namespace hoshitori {

namespace {

std::string StarText(int star) { return star > 0 ? "★" + std::to_string(star) : "no level"; }

bool Satisfies(int star, AttestationKind attestation, const Requirement& requirement) {
  return star >= requirement.star &&
         AttestationStrength(attestation) >= AttestationStrength(requirement.attestation);
}

}  // namespace

std::string_view ComplianceStatusName(ComplianceStatus status) {
  switch (status) {
    case ComplianceStatus::kMeets: return "meets";
    case ComplianceStatus::kBelow: return "below";
    case ComplianceStatus::kUnknown: return "unknown";
    case ComplianceStatus::kExpired: return "expired";
  }
  return "unknown";
}

void AddToStanding(SupplierStanding& standing, int eligible_star, LevelTags present_stars,
                   const Attestation& attestation, const Date& today) {
  if (attestation.status == AssessmentStatus::kDraft) return;
  standing.has_assessment = true;
  const HeldLevel held = DetermineHeldLevel(eligible_star, present_stars, attestation, today);
  if (held.star > standing.held_star) {
    standing.held_star = held.star;
    standing.held_attestation = attestation.kind;
    standing.held_until = held.valid_until;
  }
  const auto until = EffectiveValidUntil(attestation);
  if (until && *until < today && attestation.status != AssessmentStatus::kRevoked) {
    const HeldLevel then = DetermineHeldLevel(eligible_star, present_stars, attestation, *until);
    if (then.star > standing.expired_star) {
      standing.expired_star = then.star;
      standing.expired_attestation = attestation.kind;
      standing.expired_on = until;
    }
  }
}

ComplianceStatus Judge(const Requirement& requirement, const SupplierStanding& standing,
                       std::string* reason) {
  // The reason is put together in place, in one allocation: a board judges every supplier of
  // a chain again after each change of its policy.
  const auto say = [reason](std::initializer_list<std::string_view> parts) {
    if (!reason) return;
    size_t size = 0;
    for (const std::string_view part : parts) size += part.size();
    reason->clear();
    reason->reserve(size);
    for (const std::string_view part : parts) reason->append(part);
  };
  if (requirement.star == 0) {
    say({"no rule of the policy requires a level / 要求される星はありません"});
    return ComplianceStatus::kMeets;
  }
  const std::string needed = StarText(requirement.star);
  const std::string_view kind = AttestationKindName(requirement.attestation);
  if (!standing.has_assessment) {
    say({"needs ", needed, " (", kind, ") by rule ", requirement.rule,
         ", but no assessment is shared with the buyer / 評価結果が共有されていません"});
    return ComplianceStatus::kUnknown;
  }
  if (Satisfies(standing.held_star, standing.held_attestation, requirement)) {
    say({"holds ", StarText(standing.held_star), ", needs ", needed, " (", kind, ") by rule ", requirement.rule,
         " / 要求を満たしています"});
    return ComplianceStatus::kMeets;
  }
  if (standing.expired_star > 0 &&
      Satisfies(standing.expired_star, standing.expired_attestation, requirement)) {
    say({"held ", StarText(standing.expired_star), " until ",
         standing.expired_on ? FormatDate(*standing.expired_on) : std::string("?"), ", needs ", needed, " (", kind,
         ") by rule ", requirement.rule, "; renew the assessment / 有効期限切れ、更新が必要"});
    return ComplianceStatus::kExpired;
  }
  say({"holds ", StarText(standing.held_star), ", needs ", needed, " (", kind, ") by rule ", requirement.rule, " (",
       requirement.reason, ") / 要求水準に達していません"});
  return ComplianceStatus::kBelow;
}

ComplianceReport CheckCompliance(const GraphView& view, NodeId buyer, const RequirementPolicy& policy,
                                 const FactsLookup& facts, const StandingLookup& standing,
                                 TraversalWorkspace& workspace, int max_tier) {
  const SupplyGraph& graph = view.graph();
  Reach reach;
  ComputeTiers(view, buyer, max_tier, workspace, reach);

  ComplianceReport report;
  report.buyer = buyer;
  report.entries.resize(reach.size() > 0 ? reach.size() - 1 : 0);
  std::vector<SupplierFacts> facts_cache(reach.size());
  std::vector<bool> facts_known(reach.size(), false);
  for (uint32_t i = 1; i < reach.size(); ++i) {
    ComplianceEntry& entry = report.entries[i - 1];
    entry.supplier = reach.node[i];
    entry.tier = reach.tier[i];
  }
  for (uint32_t i = 0; i < reach.size(); ++i) {
    const NodeId from = reach.node[i];
    graph.ForEachSupplierEdge(from, [&](EdgeId e, NodeId to) {
      if (to == from || to == buyer || !workspace.Visited(to) || !view.Allows(e)) return;
      const uint32_t j = workspace.slot(to);
      if (!facts_known[j]) {
        facts_cache[j] = facts(to);
        facts_known[j] = true;
      }
      RuleInput input;
      input.kind = graph.kind(e);
      input.data = graph.data(e);
      input.connectivity = graph.connectivity(e);
      input.substitutability = graph.substitutability(e);
      input.production_critical = graph.production_critical(e);
      input.on_supplier_it = graph.on_supplier_it(e);
      input.tier = reach.tier[i] + 1;
      input.supplier = facts_cache[j];
      input.relationship_id = graph.relationship_id(e);
      Requirement requirement = policy.Evaluate(input);
      ComplianceEntry& entry = report.entries[j - 1];
      // The strongest requirement wins; among equally strong ones the relationship nearest the
      // buyer, then the one bought by the lowest organisation id, then the lowest store id —
      // an order that does not depend on how the traversal visited the tier.
      const auto strength = [](const Requirement& r) {
        return std::pair{r.star, AttestationStrength(r.attestation)};
      };
      const auto place = [&](EdgeId edge, int tier) {
        return std::tuple{tier, graph.org(graph.buyer(edge)), graph.relationship_id(edge), edge};
      };
      const bool higher =
          entry.deciding_edge == kNoIndex || strength(requirement) > strength(entry.requirement) ||
          (strength(requirement) == strength(entry.requirement) &&
           place(e, input.tier) < place(entry.deciding_edge, entry.deciding_tier));
      if (higher) {
        entry.requirement = std::move(requirement);
        entry.deciding_edge = e;
        entry.deciding_tier = input.tier;
      }
    });
  }
  int deepest = 0;
  for (ComplianceEntry& entry : report.entries) {
    entry.standing = standing(entry.supplier);
    entry.status = Judge(entry.requirement, entry.standing, &entry.reason);
    deepest = std::max(deepest, entry.tier);
  }
  report.counts_by_tier.assign(deepest + 1, std::array<int, 4>{});
  for (const ComplianceEntry& entry : report.entries) {
    ++report.counts_by_tier[entry.tier][static_cast<int>(entry.status)];
    ++report.totals[static_cast<int>(entry.status)];
  }
  return report;
}

int ChannelSeverity(const SupplyGraph& graph, EdgeId e) {
  int data = 0;
  const DataHandled d = graph.data(e);
  if (d & kDataImportantConfidential) data = 4;
  else if (d & (kDataConfidential | kDataPersonal)) data = 3;
  else if (d & kDataInternal) data = 1;
  static constexpr int kConnectivity[] = {0, 1, 2, 4, 5};
  return std::max(data, kConnectivity[static_cast<int>(graph.connectivity(e))]);
}

std::vector<ExposurePath> ExposurePaths(const GraphView& view, const ComplianceReport& report,
                                        TraversalWorkspace& workspace) {
  std::unordered_map<NodeId, size_t> weak;  // supplier → entry
  for (size_t i = 0; i < report.entries.size(); ++i) {
    if (report.entries[i].status != ComplianceStatus::kMeets) weak.emplace(report.entries[i].supplier, i);
  }
  std::vector<ExposurePath> out;
  if (weak.empty()) return out;
  const SupplyGraph& graph = view.graph();
  std::unordered_map<NodeId, bool> done;
  Reach reach;
  // Widest path by thresholds: the first threshold at which a supplier is reached is the
  // best weakest link; breadth-first makes the path the shortest at that threshold.
  for (int threshold = 5; threshold >= 1 && done.size() < weak.size(); --threshold) {
    ComputeFilteredTiers(
        view, report.buyer, kUnlimitedTiers,
        [&graph, threshold](EdgeId e) { return ChannelSeverity(graph, e) >= threshold; }, workspace,
        reach);
    for (uint32_t i = 1; i < reach.size(); ++i) {
      const auto it = weak.find(reach.node[i]);
      if (it == weak.end() || done.count(reach.node[i])) continue;
      done[reach.node[i]] = true;
      const ComplianceEntry& entry = report.entries[it->second];
      ExposurePath path;
      path.supplier = entry.supplier;
      path.status = entry.status;
      path.required_star = entry.requirement.star;
      path.held_star = entry.standing.held_star;
      path.severity = threshold;
      path.path = reach.PathTo(i);
      path.rule = entry.requirement.rule;
      out.push_back(std::move(path));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ExposurePath& a, const ExposurePath& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    const int gap_a = a.required_star - (a.status == ComplianceStatus::kUnknown ? 0 : a.held_star);
    const int gap_b = b.required_star - (b.status == ComplianceStatus::kUnknown ? 0 : b.held_star);
    if (gap_a != gap_b) return gap_a > gap_b;
    return a.path.size() < b.path.size();
  });
  return out;
}

}  // namespace hoshitori
