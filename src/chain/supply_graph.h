// SupplyGraph: the supply chain as compact adjacency arrays, built for national scale
// (millions of organisations, tens of millions of relationships in a few hundred MB).
//
// Organisations are dense NodeIds (0..node_count-1) mapped from store ids; relationships
// are EdgeIds whose attributes live in parallel arrays (one byte per enum). Edges are kept
// in two compressed sparse row (CSR) indexes, buyer → suppliers and supplier → buyers.
// Incremental updates (AddRelationship, EndRelationship, AddOrganisation, AddDisclosure)
// go to an append-only delta; ConfirmRelationship, RemoveRelationship and RemoveDisclosure
// change flags in place that every traversal reads together with the CSR; Compact()
// merges the delta into the CSR. Compact() renumbers EdgeIds (never NodeIds): keep
// relationship ids, not EdgeIds, across it.
//
// GraphView says what one viewer may see on one day (disclosure consent and the
// relationships' start/end dates). Const methods are safe to call from several threads
// while nobody mutates the graph; mutation needs exclusive access.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "chain/relationship.h"

namespace hoshitori {

using NodeId = uint32_t;
using EdgeId = uint32_t;
inline constexpr uint32_t kNoIndex = std::numeric_limits<uint32_t>::max();

// Days since 1970-01-01; the open ends of validity are the extremes.
using DayNumber = int32_t;
inline constexpr DayNumber kSinceEver = std::numeric_limits<DayNumber>::min();
inline constexpr DayNumber kForever = std::numeric_limits<DayNumber>::max();
DayNumber ToDayNumber(const Date& date);

class SupplyGraph {
 public:
  SupplyGraph() = default;
  SupplyGraph(SupplyGraph&&) = default;
  SupplyGraph& operator=(SupplyGraph&&) = default;
  // Copying a national-scale graph by accident would double the memory.
  SupplyGraph(const SupplyGraph&) = delete;
  SupplyGraph& operator=(const SupplyGraph&) = delete;

  // Builds a compacted graph holding `organisations` (in that order, so NodeId i is
  // organisations[i]) and every relationship (whose organisations are added if missing).
  static SupplyGraph Build(std::span<const int64_t> organisations,
                           std::span<const SupplyRelationship> relationships,
                           std::span<const Disclosure> disclosures = {});

  // Returns the node of `org`, adding it when new.
  NodeId AddOrganisation(int64_t org);
  // Adds a relationship to the delta (its organisations are added when new). Self-loops and
  // duplicates are kept as given: validation belongs to the importer.
  EdgeId AddRelationship(const SupplyRelationship& relationship);
  // Sets the last day of every relationship buyer → supplier of `kind`. Returns how many.
  int EndRelationship(int64_t buyer, int64_t supplier, RelationshipKind kind, const Date& last_day);
  void AddDisclosure(const Disclosure& disclosure);
  // Withdraws a disclosure added before; returns whether there was one.
  bool RemoveDisclosure(const Disclosure& disclosure);
  // The edge of relationship `relationship_id` bought by `buyer_org`, unless it was removed.
  std::optional<EdgeId> FindRelationship(int64_t buyer_org, int64_t relationship_id) const;
  // Marks a relationship confirmed by both parties (no effect on a removed one).
  void ConfirmRelationship(EdgeId e);
  // Removes a relationship from every view (it was ended or rejected). Its slot stays until
  // the graph is rebuilt from the store, which no longer lists it.
  void RemoveRelationship(EdgeId e);
  // Merges the delta into the CSR indexes. O(nodes + edges).
  void Compact();
  // Edges added since the last Compact().
  size_t delta_edge_count() const { return edge_count() - csr_edge_count_; }
  bool has_delta_edges() const { return buyer_.size() != csr_edge_count_; }

  size_t node_count() const { return org_of_node_.size(); }
  size_t edge_count() const { return buyer_.size(); }
  std::optional<NodeId> FindNode(int64_t org) const;
  int64_t org(NodeId node) const { return org_of_node_[node]; }

  NodeId buyer(EdgeId e) const { return buyer_[e]; }
  NodeId supplier(EdgeId e) const { return supplier_[e]; }
  NodeId declarer(EdgeId e) const { return declarer_[e]; }
  RelationshipKind kind(EdgeId e) const { return static_cast<RelationshipKind>(kind_[e]); }
  DataHandled data(EdgeId e) const { return data_[e]; }
  Connectivity connectivity(EdgeId e) const { return static_cast<Connectivity>(connectivity_[e]); }
  Substitutability substitutability(EdgeId e) const {
    return static_cast<Substitutability>(substitutability_[e]);
  }
  bool production_critical(EdgeId e) const { return flags_[e] & kFlagProductionCritical; }
  bool on_supplier_it(EdgeId e) const { return flags_[e] & kFlagOnSupplierIt; }
  // Single source or production-critical: the buyer's production stops when it stops.
  bool critical(EdgeId e) const { return flags_[e] & kFlagCritical; }
  bool confirmed(EdgeId e) const { return flags_[e] & kFlagConfirmed; }
  bool removed(EdgeId e) const { return flags_[e] & kFlagRemoved; }
  // Relationships not confirmed (one-sided claims) or removed: while there is none, a view
  // without viewer or day allows every edge.
  size_t unconfirmed_edge_count() const { return unconfirmed_edges_; }
  int64_t relationship_id(EdgeId e) const { return relationship_id_[e]; }
  DayNumber start_day(EdgeId e) const { return validity_[e].first; }
  DayNumber end_day(EdgeId e) const { return validity_[e].second; }
  // The relationship as given (with store ids).
  SupplyRelationship relationship(EdgeId e) const;

  bool discloses_to_all(NodeId declarer) const {
    return (discloses_to_all_[declarer >> 6] >> (declarer & 63)) & 1;
  }
  // Declarers that disclosed to `viewer` by name, sorted.
  std::vector<NodeId> DisclosuresTo(NodeId viewer) const;

  // Calls f(EdgeId, NodeId supplier) for every relationship in which `buyer` buys.
  template <typename F>
  void ForEachSupplierEdge(NodeId buyer, F&& f) const {
    AnySupplierEdge(buyer, [&f](EdgeId e, NodeId supplier) {
      f(e, supplier);
      return false;
    });
  }
  // Calls f(EdgeId, NodeId buyer) for every relationship in which `supplier` supplies.
  template <typename F>
  void ForEachBuyerEdge(NodeId supplier, F&& f) const {
    AnyBuyerEdge(supplier, [&f](EdgeId e, NodeId buyer) {
      f(e, buyer);
      return false;
    });
  }
  // Calls f(EdgeId, NodeId supplier) for the relationships in which `buyer` buys until f
  // returns true. Returns whether f returned true.
  template <typename F>
  bool AnySupplierEdge(NodeId buyer, F&& f) const {
    if (buyer < csr_node_count_) {
      for (uint32_t e = out_offsets_[buyer], end = out_offsets_[buyer + 1]; e < end; ++e) {
        if (f(e, supplier_[e])) return true;
      }
    }
    if (!has_delta_edges()) return false;
    for (uint32_t e = delta_out_head_[buyer]; e != kNoIndex;
         e = delta_out_next_[e - csr_edge_count_]) {
      if (f(e, supplier_[e])) return true;
    }
    return false;
  }
  // Calls f(EdgeId, NodeId buyer) for the relationships in which `supplier` supplies until f
  // returns true. Returns whether f returned true.
  template <typename F>
  bool AnyBuyerEdge(NodeId supplier, F&& f) const {
    if (supplier < csr_node_count_) {
      for (uint32_t i = in_offsets_[supplier], end = in_offsets_[supplier + 1]; i < end; ++i) {
        if (f(in_edges_[i], in_buyers_[i])) return true;
      }
    }
    if (!has_delta_edges()) return false;
    for (uint32_t e = delta_in_head_[supplier]; e != kNoIndex;
         e = delta_in_next_[e - csr_edge_count_]) {
      if (f(e, buyer_[e])) return true;
    }
    return false;
  }
  // How many relationships `buyer` buys in / `supplier` supplies in. O(1) without a delta.
  size_t SupplierEdgeCount(NodeId buyer) const {
    size_t count = buyer < csr_node_count_ ? out_offsets_[buyer + 1] - out_offsets_[buyer] : 0;
    if (has_delta_edges()) {
      for (uint32_t e = delta_out_head_[buyer]; e != kNoIndex;
           e = delta_out_next_[e - csr_edge_count_])
        ++count;
    }
    return count;
  }
  size_t BuyerEdgeCount(NodeId supplier) const {
    size_t count =
        supplier < csr_node_count_ ? in_offsets_[supplier + 1] - in_offsets_[supplier] : 0;
    if (has_delta_edges()) {
      for (uint32_t e = delta_in_head_[supplier]; e != kNoIndex;
           e = delta_in_next_[e - csr_edge_count_])
        ++count;
    }
    return count;
  }

  // Bytes held by the arrays (for benchmarks' memory reports).
  size_t MemoryBytes() const;

 private:
  enum : uint8_t {
    kFlagProductionCritical = 1,
    kFlagOnSupplierIt = 2,
    kFlagCritical = 4,
    kFlagConfirmed = 8,  // both parties stand behind it; never set together with kFlagRemoved
    kFlagRemoved = 16,
  };
  size_t unconfirmed_edges_ = 0;

  std::unordered_map<int64_t, NodeId> node_of_org_;
  std::vector<int64_t> org_of_node_;
  std::vector<uint64_t> discloses_to_all_;  // a bit per node (small enough to stay cached)
  std::vector<std::pair<NodeId, NodeId>> named_disclosures_;  // (viewer, declarer), sorted lazily
  bool named_sorted_ = true;

  // Per edge, parallel arrays. Edges [0, csr_edge_count_) are sorted by buyer.
  std::vector<NodeId> buyer_, supplier_, declarer_;
  std::vector<uint8_t> kind_, data_, connectivity_, substitutability_, flags_;
  std::vector<std::pair<DayNumber, DayNumber>> validity_;  // first and last day, together
  std::vector<int64_t> relationship_id_;

  // CSR over the first csr_node_count_ nodes and csr_edge_count_ edges.
  uint32_t csr_node_count_ = 0;
  uint32_t csr_edge_count_ = 0;
  std::vector<uint32_t> out_offsets_;  // edges of buyer n: [out_offsets_[n], out_offsets_[n+1])
  std::vector<uint32_t> in_offsets_;
  std::vector<EdgeId> in_edges_;
  std::vector<NodeId> in_buyers_;

  // Delta: singly linked lists per node through edges >= csr_edge_count_.
  std::vector<uint32_t> delta_out_head_, delta_in_head_;  // per node
  std::vector<uint32_t> delta_out_next_, delta_in_next_;  // per delta edge

  friend class GraphView;
};

// What one viewer may see on one day. A relationship is visible when it is in force on
// that day and either
// - it is unconfirmed (a one-sided claim) and the viewer declared it: the declarer sees its
//   own claims at once, nobody else does; or
// - it is confirmed and the viewer is one of its parties, or its declarer or buyer disclosed
//   it to the viewer (by name or to everyone upstream) — unless one of its parties is a
//   "claimed-only" party of the viewer: an organisation the viewer has an unconfirmed claim
//   with and no confirmed relationship in the same direction (the viewer buying from it, or
//   supplying it). Such a claim opens nothing behind it: declaring oneself a
//   supplier's buyer does not show that supplier's disclosed tier-N, and a supplier that
//   claims to supply a buyer sees nothing of that buyer's relationships.
// Without a viewer (the platform operator's or an information-sharing hub's view) every
// confirmed relationship in force is visible. Without a day, dates are not checked. Cheap to
// build (reads the viewer's own relationships); holds a reference to the graph.
class GraphView {
 public:
  GraphView(const SupplyGraph& graph, std::optional<NodeId> viewer, std::optional<Date> as_of);

  const SupplyGraph& graph() const { return graph_; }
  std::optional<NodeId> viewer() const { return viewer_; }
  // True when Allows(e) holds for every relationship (no viewer, no day, nothing unconfirmed).
  bool AllowsAll() const { return !check_dates_ && !viewer_ && graph_.unconfirmed_edges_ == 0; }

  bool Allows(EdgeId e) const {
    if (check_dates_) {
      const auto [first, last] = graph_.validity_[e];
      if (day_ < first || day_ > last) return false;
    }
    const uint8_t flags = graph_.flags_[e];
    if (!(flags & SupplyGraph::kFlagConfirmed)) {
      return viewer_ && !(flags & SupplyGraph::kFlagRemoved) && graph_.declarer_[e] == *viewer_;
    }
    if (!viewer_) return true;
    const NodeId buyer = graph_.buyer_[e];
    const NodeId supplier = graph_.supplier_[e];
    if (buyer == *viewer_ || supplier == *viewer_) return true;
    if (!claimed_only_.empty() && (ClaimedOnly(buyer) || ClaimedOnly(supplier))) return false;
    const NodeId declarer = graph_.declarer_[e];
    if (graph_.discloses_to_all(declarer) || graph_.discloses_to_all(buyer)) return true;
    for (NodeId d : named_) {
      if (d == declarer || d == buyer) return true;
    }
    return false;
  }

  // Organisations with which the viewer has only unconfirmed claims in force, sorted.
  const std::vector<NodeId>& claimed_only() const { return claimed_only_; }

 private:
  bool ClaimedOnly(NodeId n) const {
    return std::binary_search(claimed_only_.begin(), claimed_only_.end(), n);
  }
  bool InForce(EdgeId e) const {
    if (!check_dates_) return true;
    const auto [first, last] = graph_.validity_[e];
    return day_ >= first && day_ <= last;
  }

  const SupplyGraph& graph_;
  std::optional<NodeId> viewer_;
  bool check_dates_ = false;
  DayNumber day_ = 0;
  std::vector<NodeId> named_;         // declarers that disclosed to the viewer by name
  std::vector<NodeId> claimed_only_;  // see Allows
};

}  // namespace hoshitori
