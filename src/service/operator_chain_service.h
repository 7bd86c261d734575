// OperatorChainService: the scheme operator's supply-chain use cases at the command line
// (`hoshitori chain disclose|tiers|exposure|blast-radius|concentration|compliance`): the
// whole stored chain opened for analysis, and disclosures given on an organisation's behalf.
//
// Authorisation: operator only (AllowOperator). The scheme operator on the command line, with
// the database in hand, reads every buyer's chain, including the operator-wide views (blast
// radius and concentration across all chains) and a buyer's analyses under rules from a
// policy file. No HTTP caller can be the operator (Actor::is_operator is never set for HTTP):
// a buyer reads its own chain through ChainAnalysisService instead. Any other Context gets
// kForbidden, and nothing is read or written.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "chain/compliance.h"
#include "chain/policy.h"
#include "chain/relationship.h"
#include "chain/supply_graph.h"
#include "chain/traversal.h"
#include "core/corporate_number.h"
#include "service/context.h"

namespace hoshitori::service {

// A buyer's own rules as the operator gives them: the text of a policy file, and the name
// its parse errors cite ("x.policy:1: unknown field").
struct OwnRules {
  std::string text;
  std::string source;
};

// The stored supply chain, loaded once, with the lookups every analysis needs. Only
// OperatorChainService::Open (which authorises the operator) makes one; it reads the store
// of the Context it was opened on, which must outlive it. Moving is allowed, copying is not
// (a copy would duplicate the whole graph).
class OperatorChainView {
 public:
  OperatorChainView(OperatorChainView&&) = default;
  OperatorChainView(const OperatorChainView&) = delete;
  OperatorChainView& operator=(const OperatorChainView&) = delete;

  // Every organisation, relationship and disclosure of the store, as loaded by Open.
  const SupplyGraph& graph() const { return graph_; }
  // Scratch space for the traversals of chain/ over graph().
  TraversalWorkspace& workspace() { return workspace_; }

  // The node of the organisation with corporate number `number`. kNotFound "no organisation
  // with corporate number …" when none is registered, "<name> is not in the supply chain"
  // when it is not a node of the graph.
  Result<NodeId> Node(const CorporateNumber& number);
  // The profile of `node`'s organisation, read once; the pointer stays valid while the view
  // lives. kInternal when the organisation is no longer stored.
  Result<const Organisation*> Org(NodeId node);

  // Reads what `buyer` was shown: the assessments shared with it through shares active today,
  // with their stored results (scored and stored first where an imported assessment has none,
  // so the Context needs the catalog). Standing() answers from them afterwards.
  Status UseSharesWith(NodeId buyer);
  // The levels the assessments read by the last UseSharesWith confer on `node` today, and what
  // expired ones conferred on their last valid day; none before UseSharesWith.
  SupplierStanding Standing(NodeId node) const;

  // The policy `buyer`'s analyses apply: the default policy plus the `own` rules when given
  // (an error naming the line when they do not parse, or the rule whose id repeats one of the
  // default's), or else plus the buyer's stored rules and overrides (EffectivePolicy).
  Result<RequirementPolicy> Policy(NodeId buyer, const std::optional<OwnRules>& own);

 private:
  friend class OperatorChainService;
  OperatorChainView(Context& context, SupplyGraph graph)
      : context_(context), graph_(std::move(graph)) {}

  Context& context_;
  SupplyGraph graph_;
  TraversalWorkspace workspace_;
  std::unordered_map<NodeId, Organisation> organisations_;
  std::unordered_map<int64_t, SupplierStanding> standings_;  // by organisation id
};

// A disclosure the operator stored, with the organisations it names.
struct OperatorDisclosure {
  Disclosure disclosure;
  Organisation declarer;
  std::optional<Organisation> viewer;  // none: every organisation upstream
};

class OperatorChainService {
 public:
  explicit OperatorChainService(Context& context) : context_(context) {}

  // Operator: the whole stored chain for analysis. kForbidden for anyone else; a storage
  // error when the chain cannot be read.
  Result<OperatorChainView> Open();

  // Operator: lets `viewer` (every organisation upstream when none) see the relationships
  // `declarer` declared, as the declarer does itself with RelationshipService::Disclose.
  // Giving an existing disclosure again changes nothing but the audit trail. kForbidden for
  // anyone else; kNotFound "no organisation with corporate number …" for an unregistered
  // organisation. One transaction; audit: "relationship.disclose" on the declarer.
  Result<OperatorDisclosure> Disclose(const CorporateNumber& declarer,
                                      const std::optional<CorporateNumber>& viewer);

 private:
  Context& context_;
};

}  // namespace hoshitori::service
