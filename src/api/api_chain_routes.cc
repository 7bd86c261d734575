// Routes of the buyer's side: declared relationships (confirmed by the other party, ended by
// either) and disclosures, the buyer's own requirement rules, the supplier list (paged,
// filtered, sorted server-side) and analyses of the buyer's visible chain. Every analysis
// runs on the chain as the signed-in user's organisation sees it (GraphView with it as
// viewer): its own claims, confirmed relationships, and tier N behind confirmed ones only
// where the organisations there disclosed their relationships to it.
#include <chrono>

#include "api/api_app.h"
#include "api/chain_service.h"
#include "api/handler_support.h"
#include "api/results.h"
#include "api/views.h"
#include "chain/concentration.h"
#include "chain/traversal.h"
#include "store/relationship_import.h"

namespace hoshitori::api {

namespace {

std::string StartOfTomorrow() {
  const auto tomorrow = std::chrono::sys_days(Today()) + std::chrono::days(1);
  return FormatDate(std::chrono::year_month_day(tomorrow)) + "T00:00:00Z";
}

int IntQuery(const Call& call, const char* name, int low, int high, int fallback) {
  const auto value = IntQueryParameter(call.request.query, name, low, high, fallback);
  if (!value) Fail(400, "Invalid query", value.error().message);
  return *value;
}

json StandingJson(const SupplierStanding& s) {
  json out{{"star", s.held_star}, {"attestation", s.has_assessment ? json(AttestationKindName(s.held_attestation)) : json(nullptr)}};
  out["valid_until"] = s.held_until ? json(FormatDate(*s.held_until)) : json(nullptr);
  if (s.expired_on) {
    out["expired"] = json{{"star", s.expired_star}, {"attestation", AttestationKindName(s.expired_attestation)},
                          {"on", FormatDate(*s.expired_on)}};
  }
  return out;
}

json RequirementJson(const Requirement& r) {
  return json{{"star", r.star}, {"attestation", AttestationKindName(r.attestation)}, {"rule", r.rule}, {"reason", r.reason}};
}

json PartyJson(const Organisation* o, int64_t org_id) {
  if (!o) return json{{"id", org_id}};
  return json{{"id", o->id}, {"corporate_number", o->corporate_number.digits()}, {"name", o->name}};
}

json SupplierRowJson(const SupplierRow& row) {
  json out{{"supplier", OrganisationJson(row.supplier)},
           {"in_chain", row.in_chain},
           {"held", StandingJson(row.standing)},
           {"eligible_star", row.eligible_star},
           {"reason", row.reason}};
  out["tier"] = row.in_chain ? json(row.tier) : json(nullptr);
  // false: only the buyer's own claim puts the supplier there, not yet confirmed by it.
  out["confirmed"] = row.in_chain ? json(!row.unconfirmed) : json(nullptr);
  out["assessment_id"] = row.assessment_id ? json(row.assessment_id) : json(nullptr);
  out["share_id"] = row.share_id ? json(row.share_id) : json(nullptr);
  out["detail"] = row.detail ? json(*row.detail == ShareDetail::kDetails ? "details" : "level") : json(nullptr);
  out["requirement"] = row.in_chain ? RequirementJson(row.requirement) : json(nullptr);
  out["compliance"] = row.status ? json(ComplianceStatusName(*row.status)) : json(nullptr);
  return out;
}

// A relationship as the API shows it in lists and paths: its id and whether it is confirmed.
json EdgeJson(const SupplyGraph& graph, EdgeId e, const std::function<json(NodeId)>& party) {
  json out = RelationshipJson(graph, e, party);
  out["id"] = graph.relationship_id(e);
  out["confirmed"] = graph.confirmed(e);
  return out;
}

// confirmed, awaiting_other_party (`viewer` declared it) or awaiting_you.
std::string RelationshipStatus(const SupplyGraph& graph, EdgeId e, NodeId viewer) {
  if (graph.confirmed(e)) return "confirmed";
  return graph.declarer(e) == viewer ? "awaiting_other_party" : "awaiting_you";
}

TraversalWorkspace& ThreadWorkspace() {
  thread_local TraversalWorkspace workspace;
  return workspace;
}

}  // namespace

void ApiApp::AddChainRoutes() {
  ChainService& chain = *chain_;
  const Catalog& catalog = catalog_;

  // The buyer's own rules on top of the default decision flow.
  const auto buyer_policy = [](Call& call, int64_t org) {
    const auto own = Must(call.store.GetBuyerPolicy(org));
    if (!own || own->rules.empty()) return RequirementPolicy::Default();
    const auto parsed = Must(RequirementPolicy::Parse(own->rules, "policy"), 500, "Stored policy unreadable");
    return Must(RequirementPolicy::Default().With(parsed), 500, "Stored policy unreadable");
  };

  // The buyer's board, cached by the ChainService until something changes.
  const auto board_of = [&chain, &catalog, buyer_policy](Call& call, int64_t org) {
    const std::string now = UtcNow();
    return chain.Board(org, now, [&](std::string& valid_until) {
      auto shared = Must(call.store.ListActiveSharedAssessments(org, now));
      valid_until = StartOfTomorrow();
      for (SharedAssessment& s : shared) {
        if (!s.result) s.result = Must(StoredResult(call.store, catalog, s.record));
        if (s.share.expires_at && *s.share.expires_at < valid_until) valid_until = *s.share.expires_at;
      }
      const RequirementPolicy policy = buyer_policy(call, org);
      return chain.WithGraph([&](const SupplyGraph& graph) {
        return BuildSupplierBoard(
            graph, org, policy, shared, [&](int64_t id) { return chain.FindOrganisation(call.store, id); }, Today(),
            ThreadWorkspace());
      });
    });
  };

  // --- the supplier list --------------------------------------------------------------------
  router_.Add("GET", "/api/v1/suppliers", [board_of](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kChainAnalysis, p.org_id});
    const auto query = ParseSupplierQuery(call.request.query);
    if (!query) Fail(400, "Invalid query", query.error().message);
    const auto board = board_of(call, p.org_id);
    const auto rendered = board->Rendered(*query, [&](const SupplierBoard::Page& page) {
      SupplierBoard::RenderedPage out;
      json list = json::array();
      for (const SupplierRow* row : page.rows) {
        out.authorise.emplace_back(row->supplier.id, row->detail);
        list.push_back(SupplierRowJson(*row));
      }
      const auto& t = board->totals();
      out.body = json{{"total", page.total},
                      {"page", query->page},
                      {"per_page", query->per_page},
                      {"pages", (page.total + query->per_page - 1) / query->per_page},
                      {"counts", json{{"meets", t[0]}, {"below", t[1]}, {"unknown", t[2]}, {"expired", t[3]},
                                      {"outside_chain", board->outside_chain()}}},
                      {"suppliers", list}}
                     .dump();
      return out;
    });
    // Rows that show a shared assessment are authorised one by one, on every request.
    for (const auto& [supplier, detail] : rendered->authorise) {
      if (detail) Check(call, Action::kRead, ResourceFacts{ResourceKind::kAssessment, supplier, 0, detail});
    }
    HttpResponse response;
    response.body = rendered->body;
    return response;
  });

  // --- the buyer's policy ---------------------------------------------------------------------
  router_.Add("GET", "/api/v1/policy", [](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kBuyerPolicy, p.org_id});
    const auto own = Must(call.store.GetBuyerPolicy(p.org_id));
    json out{{"default_rules", std::string(RequirementPolicy::DefaultText())}, {"rules", own ? own->rules : ""}};
    out["updated_at"] = own ? json(own->updated_at) : json(nullptr);
    return JsonResponse(200, out);
  });

  router_.Add("PUT", "/api/v1/policy", [](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kUpdate, ResourceFacts{ResourceKind::kBuyerPolicy, p.org_id});
    Body body(call.request, {"rules"});
    const std::string rules = body.Text("rules");
    if (rules.size() > 64 * 1024) Fail(413, "Policy too long", "a policy is at most 64 KiB of rules");
    const auto parsed = RequirementPolicy::Parse(rules, "policy");
    if (!parsed) Fail(422, "Invalid policy", parsed.error().message);
    if (auto combined = RequirementPolicy::Default().With(*parsed); !combined) {
      Fail(422, "Invalid policy", combined.error().message);
    }
    Transaction transaction(call.store);
    Must(transaction.begun());
    Must(call.store.PutBuyerPolicy(BuyerPolicy{p.org_id, rules, p.user_id, UtcNow()}));
    Audit(call, "policy.update", "organisation/" + std::to_string(p.org_id), std::to_string(rules.size()) + " bytes");
    Must(transaction.Commit());
    const auto own = Must(call.store.GetBuyerPolicy(p.org_id));
    return JsonResponse(200, json{{"default_rules", std::string(RequirementPolicy::DefaultText())},
                                  {"rules", own->rules},
                                  {"updated_at", own->updated_at}});
  });

  // --- relationships and disclosures ------------------------------------------------------------
  // A declaration is a one-sided claim until the other party's admin confirms it; either
  // party ends it (the other party's admin rejects an unconfirmed claim the same way).
  router_.Add("POST", "/api/v1/relationships", [&chain](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kCreate, ResourceFacts{ResourceKind::kRelationship, p.org_id});
    Body body(call.request, {"relationships"});
    if (!body.raw()["relationships"].is_array()) Fail(400, "Wrong type", "field \"relationships\" must be an array");
    if (body.raw()["relationships"].empty()) Fail(422, "Nothing to declare", "\"relationships\" is empty");
    const auto organisation = Must(call.store.GetOrganisation(p.org_id));
    if (!organisation) Fail(500, "Storage error", "your organisation is missing");
    Transaction transaction(call.store);
    Must(transaction.begun());
    const auto stored = StageRelationships(call.store, body.raw().dump(),
                                           RelationshipImportOptions{organisation->corporate_number});
    if (!stored) Fail(422, "Invalid relationships", stored.error().message);
    std::string ids;
    json declared = json::array();
    for (const SupplyRelationship& r : *stored) {
      ids += (ids.empty() ? "" : ",") + std::to_string(r.id);
      declared.push_back(json{{"id", r.id}, {"status", "awaiting_other_party"}});
    }
    Audit(call, "relationship.declare", "organisation/" + std::to_string(p.org_id),
          std::to_string(stored->size()) + " relationships, unconfirmed: " + ids);
    Must(transaction.Commit());
    chain.Apply(*stored, {});
    return JsonResponse(201, json{{"declared", stored->size()}, {"relationships", declared}});
  });

  // The relationships the caller's organisation is a party to (not ended), with their
  // status: confirmed, awaiting_other_party (declared by the caller) or awaiting_you
  // (declared by the other party: confirm or reject it). ?status= filters by status.
  router_.Add("GET", "/api/v1/relationships", [&chain](Call& call) {
    const Principal p = Require(call);
    std::optional<std::string> only;
    if (const auto it = call.request.query.find("status"); it != call.request.query.end()) {
      if (it->second != "confirmed" && it->second != "awaiting_other_party" && it->second != "awaiting_you") {
        Fail(400, "Invalid query", "status is confirmed, awaiting_other_party or awaiting_you");
      }
      only = it->second;
    }
    json list = json::array();
    chain.WithGraph([&](const SupplyGraph& graph) {
      const auto node = graph.FindNode(p.org_id);
      if (!node) return 0;
      const auto party = [&](NodeId n) {
        return PartyJson(chain.FindOrganisation(call.store, graph.org(n)), graph.org(n));
      };
      const auto add = [&](EdgeId e, const char* role) {
        if (graph.removed(e)) return;
        const std::string status = RelationshipStatus(graph, e, *node);
        if (only && status != *only) return;
        const int64_t declarer = graph.org(graph.declarer(e));
        Check(call, Action::kRead, ResourceFacts{ResourceKind::kRelationship, declarer, 0, std::nullopt, p.org_id});
        json item = EdgeJson(graph, e, party);
        item["role"] = role;
        item["status"] = status;
        item["declared_by"] = party(graph.declarer(e));
        list.push_back(item);
      };
      graph.ForEachSupplierEdge(*node, [&](EdgeId e, NodeId) { add(e, "buyer"); });
      graph.ForEachBuyerEdge(*node, [&](EdgeId e, NodeId) { add(e, "supplier"); });
      return 0;
    });
    return JsonResponse(200, json{{"relationships", list}});
  });

  // Relationship `id` for a change by the caller: 404 unless the caller's organisation is a
  // party to it (a stranger learns nothing), then `action` is authorised.
  const auto relationship_for = [](Call& call, const Principal& p, Action action) {
    const int64_t id = IdParam(call.params, "id");
    const auto found = Must(call.store.GetRelationship(id));
    if (!found) Fail(404, "Not found", "no relationship " + std::to_string(id) + " that is not ended");
    const bool party = found->buyer == p.org_id || found->supplier == p.org_id;
    const ResourceFacts facts{ResourceKind::kRelationship, found->declared_by, 0, std::nullopt, party ? p.org_id : 0};
    if (!party) Fail(404, "Not found", "no relationship " + std::to_string(id) + " of your organisation");
    Check(call, action, facts);
    return *found;
  };

  router_.Add("POST", "/api/v1/relationships/{id}/confirm", [&chain, relationship_for](Call& call) {
    const Principal p = Require(call);
    Transaction transaction(call.store);
    Must(transaction.begun());
    const SupplyRelationship r = relationship_for(call, p, Action::kConfirm);
    if (r.confirmed) Fail(409, "Already confirmed", "relationship " + std::to_string(r.id) + " is already confirmed");
    // The statement that writes checks the state again (not ended, not confirmed, the caller
    // the party that did not declare it): a concurrent end or confirmation wins cleanly.
    if (!Must(call.store.ConfirmRelationship(r.id, p.org_id, UtcNow()))) {
      Fail(409, "Conflict", "relationship " + std::to_string(r.id) + " was ended or confirmed meanwhile");
    }
    Audit(call, "relationship.confirm", "relationship/" + std::to_string(r.id),
          "buyer organisation/" + std::to_string(r.buyer) + ", supplier organisation/" + std::to_string(r.supplier));
    Must(transaction.Commit());
    chain.ConfirmRelationship(r.buyer, r.id);
    return JsonResponse(200, json{{"id", r.id}, {"status", "confirmed"}});
  });

  router_.Add("DELETE", "/api/v1/relationships/{id}", [&chain, relationship_for](Call& call) {
    const Principal p = Require(call);
    Transaction transaction(call.store);
    Must(transaction.begun());
    const SupplyRelationship r = relationship_for(call, p, Action::kUpdate);
    if (!Must(call.store.EndRelationship(r.id, p.org_id, UtcNow()))) {
      Fail(409, "Conflict", "relationship " + std::to_string(r.id) + " was ended meanwhile");
    }
    const bool rejected = !r.confirmed && r.declared_by != p.org_id;
    Audit(call, rejected ? "relationship.reject" : "relationship.end", "relationship/" + std::to_string(r.id),
          "buyer organisation/" + std::to_string(r.buyer) + ", supplier organisation/" + std::to_string(r.supplier));
    Must(transaction.Commit());
    chain.RemoveRelationship(r.buyer, r.id);
    return JsonResponse(200, json{{"id", r.id}, {"status", rejected ? "rejected" : "ended"}});
  });

  // Disclosures: an organisation's admin shows its confirmed relationships (its own
  // suppliers and those it declared) to one organisation or to everyone upstream, and
  // withdraws that again.
  router_.Add("GET", "/api/v1/disclosures", [](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kRelationship, p.org_id});
    json list = json::array();
    for (const Disclosure& d : Must(call.store.ListDisclosures())) {
      if (d.declarer != p.org_id) continue;
      json item{{"upstream", !d.viewer.has_value()}};
      item["viewer"] = nullptr;
      if (d.viewer) {
        const auto viewer = Must(call.store.GetOrganisation(*d.viewer));
        item["viewer"] = viewer ? json{{"id", viewer->id},
                                       {"corporate_number", viewer->corporate_number.digits()},
                                       {"name", viewer->name}}
                                : json{{"id", *d.viewer}};
      }
      list.push_back(item);
    }
    return JsonResponse(200, json{{"disclosures", list}});
  });

  router_.Add("POST", "/api/v1/disclosures", [&chain](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kShare, ResourceFacts{ResourceKind::kRelationship, p.org_id});
    Body body(call.request, {"viewer_corporate_number"});
    Disclosure disclosure{p.org_id, std::nullopt};
    if (const auto viewer = body.OptText("viewer_corporate_number")) {
      const auto number = CorporateNumber::Parse(*viewer);
      if (!number) Fail(422, "Invalid corporate number", number.error().message);
      const auto organisation = Must(call.store.FindOrganisation(*number));
      if (!organisation) Fail(422, "Unknown organisation", "no organisation with corporate number " + number->digits() + " uses Hoshitori yet");
      disclosure.viewer = organisation->id;
    }
    Transaction transaction(call.store);
    Must(transaction.begun());
    Must(call.store.AddDisclosure(disclosure));
    Audit(call, "relationship.disclose", "organisation/" + std::to_string(p.org_id),
          disclosure.viewer ? "to organisation/" + std::to_string(*disclosure.viewer) : "to every buyer upstream");
    Must(transaction.Commit());
    chain.Apply({}, {disclosure});
    return JsonResponse(201, json{{"declarer_org_id", p.org_id},
                                  {"viewer_org_id", disclosure.viewer ? json(*disclosure.viewer) : json(nullptr)}});
  });

  // {viewer} is the corporate number disclosed to, or "upstream" for everyone upstream.
  router_.Add("DELETE", "/api/v1/disclosures/{viewer}", [&chain](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRevoke, ResourceFacts{ResourceKind::kRelationship, p.org_id});
    const std::string& viewer = call.params.at("viewer");
    Disclosure disclosure{p.org_id, std::nullopt};
    if (viewer != "upstream") {
      const auto number = CorporateNumber::Parse(viewer);
      if (!number) Fail(404, "Not found", "give a corporate number or \"upstream\": " + number.error().message);
      const auto organisation = Must(call.store.FindOrganisation(*number));
      if (!organisation) Fail(404, "Not found", "no disclosure to " + number->digits());
      disclosure.viewer = organisation->id;
    }
    Transaction transaction(call.store);
    Must(transaction.begun());
    if (!Must(call.store.RemoveDisclosure(disclosure))) {
      Fail(404, "Not found", viewer == "upstream" ? "no disclosure to everyone upstream" : "no disclosure to " + viewer);
    }
    Audit(call, "relationship.withdraw_disclosure", "organisation/" + std::to_string(p.org_id),
          disclosure.viewer ? "from organisation/" + std::to_string(*disclosure.viewer) : "from every buyer upstream");
    Must(transaction.Commit());
    chain.RemoveDisclosure(disclosure);
    return JsonResponse(200, json{{"withdrawn", true}});
  });

  // --- analyses of the buyer's chain -------------------------------------------------------------
  router_.Add("GET", "/api/v1/chain/compliance", [board_of](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kChainAnalysis, p.org_id});
    const auto board = board_of(call, p.org_id);
    json tiers = json::array();
    json totals{{"meets", 0}, {"below", 0}, {"unknown", 0}, {"expired", 0}};
    if (const auto& report = board->report()) {
      for (size_t t = 1; t < report->counts_by_tier.size(); ++t) {
        const auto& c = report->counts_by_tier[t];
        tiers.push_back(json{{"tier", t}, {"meets", c[0]}, {"below", c[1]}, {"unknown", c[2]}, {"expired", c[3]}});
      }
      totals = json{{"meets", report->totals[0]}, {"below", report->totals[1]}, {"unknown", report->totals[2]},
                    {"expired", report->totals[3]}};
    }
    return JsonResponse(200, json{{"suppliers", board->report() ? board->report()->entries.size() : 0},
                                  {"totals", totals},
                                  {"by_tier", tiers}});
  });

  router_.Add("GET", "/api/v1/chain/tiers", [&chain](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kChainAnalysis, p.org_id});
    const int max_tier = IntQuery(call, "max_tier", 1, 100, 100);
    const int limit = IntQuery(call, "limit", 1, 1000, 100);
    const int offset = IntQuery(call, "offset", 0, 100'000'000, 0);
    json list = json::array();
    size_t total = 0;
    chain.WithGraph([&](const SupplyGraph& graph) {
      const auto buyer = graph.FindNode(p.org_id);
      if (!buyer) return 0;
      const GraphView view(graph, *buyer, Today());
      Reach reach;
      ComputeTiers(view, *buyer, max_tier, ThreadWorkspace(), reach);
      total = reach.size() - 1;
      const auto party = [&](NodeId n) { return PartyJson(chain.FindOrganisation(call.store, graph.org(n)), graph.org(n)); };
      for (size_t i = 1 + static_cast<size_t>(offset); i < reach.size() && list.size() < static_cast<size_t>(limit); ++i) {
        json path = json::array();
        for (EdgeId e : reach.PathTo(static_cast<uint32_t>(i))) path.push_back(EdgeJson(graph, e, party));
        list.push_back(json{{"supplier", party(reach.node[i])}, {"tier", reach.tier[i]}, {"path", path}});
      }
      return 0;
    });
    return JsonResponse(200, json{{"total", total}, {"offset", offset}, {"suppliers", list}});
  });

  router_.Add("GET", "/api/v1/chain/exposure", [&chain, board_of](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kChainAnalysis, p.org_id});
    const int limit = IntQuery(call, "limit", 1, 1000, 20);
    const auto board = board_of(call, p.org_id);
    json list = json::array();
    size_t total = 0;
    if (board->report()) {
      chain.WithGraph([&](const SupplyGraph& graph) {
        const GraphView view(graph, *graph.FindNode(p.org_id), Today());
        const auto paths = ExposurePaths(view, *board->report(), ThreadWorkspace());
        total = paths.size();
        const auto party = [&](NodeId n) { return PartyJson(chain.FindOrganisation(call.store, graph.org(n)), graph.org(n)); };
        for (size_t i = 0; i < paths.size() && i < static_cast<size_t>(limit); ++i) {
          const ExposurePath& e = paths[i];
          json path = json::array();
          for (EdgeId edge : e.path) path.push_back(EdgeJson(graph, edge, party));
          list.push_back(json{{"rank", i + 1}, {"supplier", party(e.supplier)}, {"status", ComplianceStatusName(e.status)},
                              {"required_star", e.required_star}, {"held_star", e.held_star}, {"severity", e.severity},
                              {"rule", e.rule}, {"path", path}});
        }
        return 0;
      });
    }
    return JsonResponse(200, json{{"total", total}, {"exposures", list}});
  });

  // Who in the buyer's own chain is hit if `supplier` is compromised, and whose production stops.
  router_.Add("GET", "/api/v1/chain/blast-radius", [&chain](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kChainAnalysis, p.org_id});
    const auto it = call.request.query.find("supplier");
    if (it == call.request.query.end()) Fail(400, "Invalid query", "give the supplier's corporate number as ?supplier=");
    const auto number = CorporateNumber::Parse(it->second);
    if (!number) Fail(400, "Invalid corporate number", number.error().message);
    const int tiers = IntQuery(call, "tiers", 1, 20, 3);
    const auto supplier = Must(call.store.FindOrganisation(*number));
    const std::string not_in_chain = number->digits() + " is not in your visible supply chain";
    if (!supplier) Fail(404, "Not found", not_in_chain);
    json affected = json::array();
    int stops = 0;
    chain.WithGraph([&](const SupplyGraph& graph) {
      const auto buyer = graph.FindNode(p.org_id);
      const auto company = graph.FindNode(supplier->id);
      if (!buyer || !company) Fail(404, "Not found", not_in_chain);
      const GraphView view(graph, *buyer, Today());
      TraversalWorkspace& workspace = ThreadWorkspace();
      // Only the buyer's own chain is shown: other buyers of the supplier stay private.
      Reach mine;
      ComputeTiers(view, *buyer, kUnlimitedTiers, workspace, mine);
      std::unordered_map<NodeId, int> in_chain;
      for (size_t i = 0; i < mine.size(); ++i) in_chain.emplace(mine.node[i], mine.tier[i]);
      if (!in_chain.count(*company) || *company == *buyer) Fail(404, "Not found", not_in_chain);
      BlastRadius radius;
      ComputeBlastRadius(view, *company, tiers, workspace, radius);
      const auto party = [&](NodeId n) { return PartyJson(chain.FindOrganisation(call.store, graph.org(n)), graph.org(n)); };
      for (uint32_t i = 1; i < radius.affected.size(); ++i) {
        const NodeId n = radius.affected.node[i];
        const auto found = in_chain.find(n);
        if (found == in_chain.end()) continue;
        json path = json::array();
        for (EdgeId e : radius.affected.PathTo(i)) path.push_back(EdgeJson(graph, e, party));
        const bool stop = radius.production_stops(i);
        stops += stop;
        affected.push_back(json{{"organisation", party(n)}, {"distance", radius.affected.tier[i]},
                                {"tier_from_you", found->second}, {"production_stops", stop}, {"path", path}});
      }
      return 0;
    });
    return JsonResponse(200, json{{"supplier", OrganisationJson(*supplier)}, {"tiers", tiers}, {"affected", affected.size()},
                                  {"production_stops", stops}, {"organisations", affected}});
  });

  router_.Add("GET", "/api/v1/chain/concentration", [&chain](Call& call) {
    const Principal p = Require(call);
    Check(call, Action::kRead, ResourceFacts{ResourceKind::kChainAnalysis, p.org_id});
    const int limit = IntQuery(call, "limit", 1, 1000, 20);
    json list = json::array();
    chain.WithGraph([&](const SupplyGraph& graph) {
      const auto buyer = graph.FindNode(p.org_id);
      if (!buyer) return 0;
      const GraphView view(graph, *buyer, Today());
      const auto points = SinglePointsOfFailure(view, *buyer);
      const auto party = [&](NodeId n) { return PartyJson(chain.FindOrganisation(call.store, graph.org(n)), graph.org(n)); };
      for (size_t i = 0; i < points.size() && i < static_cast<size_t>(limit); ++i) {
        // Only the buyers the caller may see count.
        int direct_buyers = 0;
        graph.ForEachBuyerEdge(points[i].supplier, [&](EdgeId e, NodeId from) {
          direct_buyers += from != points[i].supplier && view.Allows(e);
        });
        list.push_back(json{{"supplier", party(points[i].supplier)}, {"cut_off", points[i].cut_off},
                            {"direct_buyers", direct_buyers}});
      }
      return 0;
    });
    return JsonResponse(200, json{{"single_points_of_failure", list}});
  });
}

}  // namespace hoshitori::api
