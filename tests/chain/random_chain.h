// Random supply chains for property tests: any shape (cycles, self-loops, parallel edges,
// disconnected parts), random attributes, dates and disclosures; plus a deliberately
// straightforward reference of what a viewer may see.
#pragma once

#include <rapidcheck.h>

#include <vector>

#include "chain/supply_graph.h"

namespace hoshitori::testing_chain {

struct RandomChain {
  int organisations = 0;  // store ids 1..organisations; NodeId = id - 1
  std::vector<SupplyRelationship> relationships;
  std::vector<Disclosure> disclosures;
  Date as_of{std::chrono::year{2026}, std::chrono::month{6}, std::chrono::day{1}};
};

inline Date Day(int offset) {
  return Date{std::chrono::sys_days{std::chrono::year{2026} / 6 / 1} + std::chrono::days{offset}};
}

inline RandomChain GenerateChain(int max_nodes, int max_edges) {
  RandomChain chain;
  chain.organisations = *rc::gen::inRange(1, max_nodes + 1);
  const int edges = *rc::gen::inRange(0, max_edges + 1);
  for (int i = 0; i < edges; ++i) {
    SupplyRelationship r;
    r.id = i + 1;
    r.buyer = *rc::gen::inRange(1, chain.organisations + 1);
    // Mostly "downward" edges so that chains get deep, sometimes anything (cycles, loops).
    r.supplier = *rc::gen::inRange(0, 4) == 0 ? *rc::gen::inRange(1, chain.organisations + 1)
                                                : std::min<int64_t>(chain.organisations, r.buyer + *rc::gen::inRange(0, 3));
    r.declared_by = *rc::gen::arbitrary<bool>() ? r.buyer : r.supplier;
    r.kind = static_cast<RelationshipKind>(*rc::gen::inRange(0, kRelationshipKindCount));
    r.data = static_cast<DataHandled>(*rc::gen::inRange(0, 16));
    r.connectivity = static_cast<Connectivity>(*rc::gen::inRange(0, 5));
    r.substitutability = static_cast<Substitutability>(*rc::gen::inRange(0, 3));
    r.production_critical = *rc::gen::inRange(0, 4) == 0;
    r.on_supplier_it = *rc::gen::arbitrary<bool>();
    if (*rc::gen::inRange(0, 6) == 0) r.start = Day(*rc::gen::inRange(-5, 5));
    if (*rc::gen::inRange(0, 6) == 0) r.end = Day(*rc::gen::inRange(-5, 5));
    r.confirmed = *rc::gen::inRange(0, 4) != 0;  // a quarter are one-sided claims
    chain.relationships.push_back(r);
  }
  const int disclosures = *rc::gen::inRange(0, chain.organisations + 1);
  for (int i = 0; i < disclosures; ++i) {
    Disclosure d;
    d.declarer = *rc::gen::inRange(1, chain.organisations + 1);
    if (*rc::gen::arbitrary<bool>()) d.viewer = *rc::gen::inRange(1, chain.organisations + 1);
    chain.disclosures.push_back(d);
  }
  return chain;
}

inline bool ReferenceInForce(const RandomChain& chain, const SupplyRelationship& r, bool check_dates) {
  if (!check_dates) return true;
  if (r.start && chain.as_of < *r.start) return false;
  if (r.end && *r.end < chain.as_of) return false;
  return true;
}

// The visibility rule of GraphView, written out plainly over the input values.
inline bool ReferenceVisible(const RandomChain& chain, const SupplyRelationship& r,
                             std::optional<int64_t> viewer, bool check_dates) {
  if (!ReferenceInForce(chain, r, check_dates)) return false;
  if (!r.confirmed) return viewer && r.declared_by == *viewer;
  if (!viewer) return true;
  if (r.buyer == *viewer || r.supplier == *viewer) return true;
  // A party the viewer has an unconfirmed claim with, and no confirmed relationship in the
  // same direction (in force), opens nothing.
  const auto claimed_only = [&](int64_t org) {
    for (const bool as_buyer : {true, false}) {
      bool claimed = false, confirmed = false;
      for (const SupplyRelationship& mine : chain.relationships) {
        if (!ReferenceInForce(chain, mine, check_dates)) continue;
        const bool with = as_buyer ? mine.buyer == *viewer && mine.supplier == org
                                   : mine.supplier == *viewer && mine.buyer == org;
        if (!with) continue;
        if (mine.confirmed) {
          confirmed = true;
        } else if (mine.declared_by == *viewer) {
          claimed = true;
        }
      }
      if (claimed && !confirmed) return true;
    }
    return false;
  };
  if (claimed_only(r.buyer) || claimed_only(r.supplier)) return false;
  for (const Disclosure& d : chain.disclosures) {
    if ((d.declarer == r.declared_by || d.declarer == r.buyer) && (!d.viewer || *d.viewer == *viewer)) {
      return true;
    }
  }
  return false;
}

inline bool ReferenceCritical(const SupplyRelationship& r) {
  return r.production_critical || r.substitutability == Substitutability::kSingleSource;
}

// All organisations as ids 1..n so that NodeId i is organisation i + 1.
inline SupplyGraph BuildGraph(const RandomChain& chain) {
  std::vector<int64_t> organisations;
  for (int i = 1; i <= chain.organisations; ++i) organisations.push_back(i);
  return SupplyGraph::Build(organisations, chain.relationships, chain.disclosures);
}

}  // namespace hoshitori::testing_chain
