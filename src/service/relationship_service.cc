#include "service/relationship_service.h"

#include "service/chain_service.h"
#include "service/chain_views.h"
#include "service/relationship_import.h"

namespace hoshitori::service {

namespace {

RelationshipStatus StatusOf(const SupplyGraph& graph, EdgeId e, NodeId viewer) {
  if (graph.confirmed(e)) return RelationshipStatus::kConfirmed;
  return graph.declarer(e) == viewer ? RelationshipStatus::kAwaitingOtherParty
                                     : RelationshipStatus::kAwaitingYou;
}

std::string Parties(const SupplyRelationship& r) {
  return "buyer organisation/" + std::to_string(r.buyer) + ", supplier organisation/" +
         std::to_string(r.supplier);
}

}  // namespace

std::string_view RelationshipStatusName(RelationshipStatus status) {
  switch (status) {
    case RelationshipStatus::kConfirmed:
      return "confirmed";
    case RelationshipStatus::kAwaitingOtherParty:
      return "awaiting_other_party";
    case RelationshipStatus::kAwaitingYou:
      return "awaiting_you";
  }
  return "";
}

std::optional<RelationshipStatus> ParseRelationshipStatus(std::string_view name) {
  for (RelationshipStatus s :
       {RelationshipStatus::kConfirmed, RelationshipStatus::kAwaitingOtherParty,
        RelationshipStatus::kAwaitingYou}) {
    if (RelationshipStatusName(s) == name) return s;
  }
  return std::nullopt;
}

Status RelationshipService::MayDeclare() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  return Allow(context_, Action::kCreate, ResourceFacts{ResourceKind::kRelationship, p.org_id});
}

Status RelationshipService::MayDisclose() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  return Allow(context_, Action::kShare, ResourceFacts{ResourceKind::kRelationship, p.org_id});
}

Result<std::vector<SupplyRelationship>> RelationshipService::Declare(std::string_view declaration) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(MayDeclare());
  TRY_ASSIGN(const auto organisation, context_.store.GetOrganisation(p.org_id));
  if (!organisation)
    return MakeError(ErrorKind::kInternal, "Storage error", "your organisation is missing");
  std::vector<SupplyRelationship> stored;
  // The declarer's own views change at once (the other party's only on confirmation); every
  // board holding the declarer is dropped.
  context_.Touching(ChangeScope::Of(ChangeScope::kGraph, {p.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    auto staged = StageRelationships(context_.store, declaration,
                                     RelationshipImportOptions{organisation->corporate_number});
    if (!staged) return Invalid("Invalid relationships", staged.error().message);
    stored = std::move(staged).value();
    std::string ids;
    for (const SupplyRelationship& r : stored)
      ids += (ids.empty() ? "" : ",") + std::to_string(r.id);
    return Record(context_, "relationship.declare", "organisation/" + std::to_string(p.org_id),
                  std::to_string(stored.size()) + " relationships, unconfirmed: " + ids);
  }));
  if (context_.chain) context_.chain->Apply(stored, {});
  return stored;
}

Result<std::vector<RelationshipEntry>> RelationshipService::List(
    std::optional<RelationshipStatus> only) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  if (!context_.chain) return MakeError("the supply graph is not loaded in this process");
  std::vector<RelationshipEntry> out;
  Status status = OkStatus();
  context_.chain->WithGraph([&](const SupplyGraph& graph) {
    const auto node = graph.FindNode(p.org_id);
    if (!node) return 0;
    const ChainParties parties(graph, *context_.chain, context_.store);
    const auto add = [&](EdgeId e, bool as_buyer) {
      if (graph.removed(e) || !status) return;
      const RelationshipStatus edge_status = StatusOf(graph, e, *node);
      if (only && edge_status != *only) return;
      const int64_t declarer = graph.org(graph.declarer(e));
      status =
          Allow(context_, Action::kRead,
                ResourceFacts{ResourceKind::kRelationship, declarer, 0, std::nullopt, p.org_id});
      if (!status) return;
      out.push_back(
          RelationshipEntry{parties.Edge(e), as_buyer, edge_status, parties.Of(graph.declarer(e))});
    };
    graph.ForEachSupplierEdge(*node, [&](EdgeId e, NodeId) { add(e, true); });
    graph.ForEachBuyerEdge(*node, [&](EdgeId e, NodeId) { add(e, false); });
    return 0;
  });
  TRY(status);
  return out;
}

Result<SupplyRelationship> RelationshipService::PartyTo(int64_t id, Action action) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto found, context_.store.GetRelationship(id));
  if (!found) return NotFound("no relationship " + std::to_string(id) + " that is not ended");
  // A stranger learns nothing: 404 before the action is authorised.
  const bool party = found->buyer == p.org_id || found->supplier == p.org_id;
  if (!party) return NotFound("no relationship " + std::to_string(id) + " of your organisation");
  TRY(Allow(
      context_, action,
      ResourceFacts{ResourceKind::kRelationship, found->declared_by, 0, std::nullopt, p.org_id}));
  return *found;
}

Result<SupplyRelationship> RelationshipService::Confirm(int64_t id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  auto confirmed_relationship = InTransaction(context_, [&]() -> Result<SupplyRelationship> {
    TRY_ASSIGN(const SupplyRelationship found, PartyTo(id, Action::kConfirm));
    context_.Touching(ChangeScope::Of(ChangeScope::kGraph, {found.buyer, found.supplier}));
    if (found.confirmed) {
      return Conflict("Already confirmed",
                      "relationship " + std::to_string(id) + " is already confirmed");
    }
    // The statement that writes checks the state again (not ended, not confirmed, the
    // caller the party that did not declare it): a concurrent end or confirmation
    // wins cleanly.
    TRY_ASSIGN(const bool confirmed,
               context_.store.ConfirmRelationship(id, p.org_id, context_.clock.UtcNow()));
    if (!confirmed) {
      return Conflict("Conflict",
                      "relationship " + std::to_string(id) + " was ended or confirmed meanwhile");
    }
    TRY(Record(context_, "relationship.confirm", "relationship/" + std::to_string(id),
               Parties(found)));
    return found;
  });
  if (!confirmed_relationship) return confirmed_relationship.error();
  const SupplyRelationship& r = *confirmed_relationship;
  if (context_.chain) context_.chain->ConfirmRelationship(r.buyer, r.id);
  return r;
}

Result<EndedRelationship> RelationshipService::End(int64_t id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  auto ended = InTransaction(context_, [&]() -> Result<EndedRelationship> {
    TRY_ASSIGN(const SupplyRelationship found, PartyTo(id, Action::kUpdate));
    context_.Touching(ChangeScope::Of(ChangeScope::kGraph, {found.buyer, found.supplier}));
    TRY_ASSIGN(const bool done,
               context_.store.EndRelationship(id, p.org_id, context_.clock.UtcNow()));
    if (!done)
      return Conflict("Conflict", "relationship " + std::to_string(id) + " was ended meanwhile");
    const bool rejected = !found.confirmed && found.declared_by != p.org_id;
    TRY(Record(context_, rejected ? "relationship.reject" : "relationship.end",
               "relationship/" + std::to_string(id), Parties(found)));
    return EndedRelationship{found, rejected};
  });
  if (!ended) return ended.error();
  if (context_.chain)
    context_.chain->RemoveRelationship(ended->relationship.buyer, ended->relationship.id);
  return ended;
}

Result<std::vector<DisclosureEntry>> RelationshipService::Disclosures() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kRelationship, p.org_id}));
  TRY_ASSIGN(const auto disclosures, context_.store.ListDisclosures());
  std::vector<DisclosureEntry> out;
  for (const Disclosure& d : disclosures) {
    if (d.declarer != p.org_id) continue;
    DisclosureEntry entry;
    if (d.viewer) {
      TRY_ASSIGN(auto viewer, context_.store.GetOrganisation(*d.viewer));
      entry.viewer = Party{*d.viewer, std::move(viewer)};
    }
    out.push_back(std::move(entry));
  }
  return out;
}

Result<Disclosure> RelationshipService::Disclose(const std::optional<std::string>& viewer) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(MayDisclose());
  Disclosure disclosure{p.org_id, std::nullopt};
  if (viewer) {
    const auto number = CorporateNumber::Parse(*viewer);
    if (!number) return Invalid("Invalid corporate number", number.error().message);
    TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(*number));
    if (!organisation) {
      return Invalid("Unknown organisation", "no organisation with corporate number " +
                                                 number->digits() + " uses Hoshitori yet");
    }
    disclosure.viewer = organisation->id;
  }
  context_.Touching(ChangeScope::Of(ChangeScope::kGraph, {disclosure.declarer}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY(context_.store.AddDisclosure(disclosure));
    return Record(context_, "relationship.disclose", "organisation/" + std::to_string(p.org_id),
                  disclosure.viewer ? "to organisation/" + std::to_string(*disclosure.viewer)
                                    : "to every buyer upstream");
  }));
  if (context_.chain) context_.chain->Apply({}, {disclosure});
  return disclosure;
}

Result<Disclosure> RelationshipService::Withdraw(const std::string& viewer) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRevoke, ResourceFacts{ResourceKind::kRelationship, p.org_id}));
  Disclosure disclosure{p.org_id, std::nullopt};
  if (viewer != "upstream") {
    const auto number = CorporateNumber::Parse(viewer);
    if (!number)
      return NotFound("give a corporate number or \"upstream\": " + number.error().message);
    TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(*number));
    if (!organisation) return NotFound("no disclosure to " + number->digits());
    disclosure.viewer = organisation->id;
  }
  context_.Touching(ChangeScope::Of(ChangeScope::kGraph, {disclosure.declarer}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const bool removed, context_.store.RemoveDisclosure(disclosure));
    if (!removed) {
      return NotFound(viewer == "upstream" ? "no disclosure to everyone upstream"
                                           : "no disclosure to " + viewer);
    }
    return Record(context_, "relationship.withdraw_disclosure",
                  "organisation/" + std::to_string(p.org_id),
                  disclosure.viewer ? "from organisation/" + std::to_string(*disclosure.viewer)
                                    : "from every buyer upstream");
  }));
  if (context_.chain) context_.chain->RemoveDisclosure(disclosure);
  return disclosure;
}

}  // namespace hoshitori::service
