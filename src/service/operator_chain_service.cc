#include "service/operator_chain_service.h"

#include <string>
#include <vector>

#include "service/chain_analysis_service.h"
#include "service/chain_service.h"
#include "service/policy_service.h"
#include "store/supply_graph_loader.h"

namespace hoshitori::service {

namespace {

// The organisation registered with corporate number `number`; kNotFound otherwise.
Result<Organisation> Registered(Store& store, const CorporateNumber& number) {
  TRY_ASSIGN(auto organisation, store.FindOrganisation(number));
  if (!organisation) return NotFound("no organisation with corporate number " + number.digits());
  return *std::move(organisation);
}

}  // namespace

Result<NodeId> OperatorChainView::Node(const CorporateNumber& number) {
  TRY_ASSIGN(const Organisation organisation, Registered(context_.store, number));
  const auto node = graph_.FindNode(organisation.id);
  if (!node) return NotFound(organisation.name + " is not in the supply chain");
  return *node;
}

Result<const Organisation*> OperatorChainView::Org(NodeId node) {
  auto it = organisations_.find(node);
  if (it == organisations_.end()) {
    TRY_ASSIGN(auto organisation, context_.store.GetOrganisation(graph_.org(node)));
    if (!organisation) {
      return MakeError("organisation " + std::to_string(graph_.org(node)) + " vanished");
    }
    it = organisations_.emplace(node, *std::move(organisation)).first;
  }
  return &it->second;
}

Status OperatorChainView::UseSharesWith(NodeId buyer) {
  standings_.clear();
  TRY_ASSIGN(const std::vector<SharedAssessment> shared,
             SharedWithBuyer(context_.store, context_.catalog, context_.clock, graph_.org(buyer)));
  const Date today = context_.clock.Today();
  for (const SharedAssessment& s : shared) {
    AddToStanding(standings_[s.record.org_id], s.result->eligible_star, s.result->present_stars,
                  s.record.attestation, today);
  }
  return OkStatus();
}

SupplierStanding OperatorChainView::Standing(NodeId node) const {
  const auto it = standings_.find(graph_.org(node));
  return it == standings_.end() ? SupplierStanding{} : it->second;
}

Result<RequirementPolicy> OperatorChainView::Policy(NodeId buyer,
                                                    const std::optional<OwnRules>& own) {
  if (!own) return EffectivePolicy(context_.store, graph_.org(buyer));
  TRY_ASSIGN(const RequirementPolicy rules, RequirementPolicy::Parse(own->text, own->source));
  return RequirementPolicy::Default().With(rules);
}

Result<OperatorChainView> OperatorChainService::Open() {
  TRY(AllowOperator(context_));
  TRY_ASSIGN(SupplyGraph graph, LoadSupplyGraph(context_.store));
  return OperatorChainView(context_, std::move(graph));
}

Result<OperatorDisclosure> OperatorChainService::Disclose(
    const CorporateNumber& declarer, const std::optional<CorporateNumber>& viewer) {
  TRY(AllowOperator(context_));
  TRY_ASSIGN(Organisation by, Registered(context_.store, declarer));
  OperatorDisclosure out{Disclosure{by.id, std::nullopt}, std::move(by), std::nullopt};
  if (viewer) {
    TRY_ASSIGN(Organisation to, Registered(context_.store, *viewer));
    out.disclosure.viewer = to.id;
    out.viewer = std::move(to);
  }
  // As RelationshipService::Disclose: the declarer's disclosures change what buyers see.
  context_.Touching(ChangeScope::Of(ChangeScope::kGraph, {out.disclosure.declarer}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY(context_.store.AddDisclosure(out.disclosure));
    return Record(
        context_, "relationship.disclose",
        "organisation/" + std::to_string(out.disclosure.declarer),
        (out.disclosure.viewer ? "to organisation/" + std::to_string(*out.disclosure.viewer)
                               : std::string("to every buyer upstream")) +
            ", by the operator");
  }));
  if (context_.chain) context_.chain->Apply({}, {out.disclosure});
  return out;
}

}  // namespace hoshitori::service
