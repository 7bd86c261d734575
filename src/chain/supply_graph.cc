#include "chain/supply_graph.h"

#include <algorithm>
#include <iterator>

namespace hoshitori {

DayNumber ToDayNumber(const Date& date) {
  return static_cast<DayNumber>(std::chrono::sys_days(date).time_since_epoch().count());
}

SupplyGraph SupplyGraph::Build(std::span<const int64_t> organisations,
                               std::span<const SupplyRelationship> relationships,
                               std::span<const Disclosure> disclosures) {
  SupplyGraph graph;
  graph.node_of_org_.reserve(organisations.size());
  for (int64_t org : organisations) graph.AddOrganisation(org);
  for (const SupplyRelationship& r : relationships) graph.AddRelationship(r);
  for (const Disclosure& d : disclosures) graph.AddDisclosure(d);
  graph.Compact();
  return graph;
}

std::optional<NodeId> SupplyGraph::FindNode(int64_t org) const {
  const auto it = node_of_org_.find(org);
  if (it == node_of_org_.end()) return std::nullopt;
  return it->second;
}

NodeId SupplyGraph::AddOrganisation(int64_t org) {
  const auto [it, added] = node_of_org_.try_emplace(org, static_cast<NodeId>(org_of_node_.size()));
  if (added) {
    org_of_node_.push_back(org);
    if (org_of_node_.size() > discloses_to_all_.size() * 64) discloses_to_all_.push_back(0);
    delta_out_head_.push_back(kNoIndex);
    delta_in_head_.push_back(kNoIndex);
  }
  return it->second;
}

EdgeId SupplyGraph::AddRelationship(const SupplyRelationship& r) {
  const NodeId b = AddOrganisation(r.buyer);
  const NodeId s = AddOrganisation(r.supplier);
  const NodeId d = AddOrganisation(r.declared_by ? r.declared_by : r.buyer);
  const auto e = static_cast<EdgeId>(buyer_.size());
  buyer_.push_back(b);
  supplier_.push_back(s);
  declarer_.push_back(d);
  kind_.push_back(static_cast<uint8_t>(r.kind));
  data_.push_back(r.data);
  connectivity_.push_back(static_cast<uint8_t>(r.connectivity));
  substitutability_.push_back(static_cast<uint8_t>(r.substitutability));
  uint8_t flags = 0;
  if (r.production_critical) flags |= kFlagProductionCritical;
  if (r.on_supplier_it) flags |= kFlagOnSupplierIt;
  if (r.production_critical || r.substitutability == Substitutability::kSingleSource) flags |= kFlagCritical;
  if (r.confirmed) {
    flags |= kFlagConfirmed;
  } else {
    ++unconfirmed_edges_;
  }
  flags_.push_back(flags);
  validity_.emplace_back(r.start ? ToDayNumber(*r.start) : kSinceEver,
                         r.end ? ToDayNumber(*r.end) : kForever);
  relationship_id_.push_back(r.id);
  delta_out_next_.push_back(delta_out_head_[b]);
  delta_out_head_[b] = e;
  delta_in_next_.push_back(delta_in_head_[s]);
  delta_in_head_[s] = e;
  return e;
}

int SupplyGraph::EndRelationship(int64_t buyer, int64_t supplier, RelationshipKind kind,
                                 const Date& last_day) {
  const auto b = FindNode(buyer);
  const auto s = FindNode(supplier);
  if (!b || !s) return 0;
  int ended = 0;
  const DayNumber day = ToDayNumber(last_day);
  ForEachSupplierEdge(*b, [&](EdgeId e, NodeId to) {
    if (to == *s && kind_[e] == static_cast<uint8_t>(kind)) {
      validity_[e].second = day;
      ++ended;
    }
  });
  return ended;
}

void SupplyGraph::AddDisclosure(const Disclosure& disclosure) {
  const NodeId declarer = AddOrganisation(disclosure.declarer);
  if (!disclosure.viewer) {
    discloses_to_all_[declarer >> 6] |= uint64_t{1} << (declarer & 63);
    return;
  }
  named_disclosures_.emplace_back(AddOrganisation(*disclosure.viewer), declarer);
  named_sorted_ = false;
}

bool SupplyGraph::RemoveDisclosure(const Disclosure& disclosure) {
  const auto declarer = FindNode(disclosure.declarer);
  if (!declarer) return false;
  if (!disclosure.viewer) {
    const bool had = discloses_to_all(*declarer);
    discloses_to_all_[*declarer >> 6] &= ~(uint64_t{1} << (*declarer & 63));
    return had;
  }
  const auto viewer = FindNode(*disclosure.viewer);
  if (!viewer) return false;
  const auto pair = std::make_pair(*viewer, *declarer);
  const size_t before = named_disclosures_.size();
  named_disclosures_.erase(std::remove(named_disclosures_.begin(), named_disclosures_.end(), pair),
                           named_disclosures_.end());
  return named_disclosures_.size() != before;
}

std::optional<EdgeId> SupplyGraph::FindRelationship(int64_t buyer_org, int64_t relationship_id) const {
  const auto buyer = FindNode(buyer_org);
  if (!buyer) return std::nullopt;
  std::optional<EdgeId> found;
  AnySupplierEdge(*buyer, [&](EdgeId e, NodeId) {
    if (relationship_id_[e] != relationship_id || removed(e)) return false;
    found = e;
    return true;
  });
  return found;
}

void SupplyGraph::ConfirmRelationship(EdgeId e) {
  if (flags_[e] & (kFlagConfirmed | kFlagRemoved)) return;
  flags_[e] |= kFlagConfirmed;
  --unconfirmed_edges_;
}

void SupplyGraph::RemoveRelationship(EdgeId e) {
  if (flags_[e] & kFlagRemoved) return;
  if (flags_[e] & kFlagConfirmed) ++unconfirmed_edges_;
  flags_[e] = static_cast<uint8_t>((flags_[e] & ~kFlagConfirmed) | kFlagRemoved);
}

std::vector<NodeId> SupplyGraph::DisclosuresTo(NodeId viewer) const {
  std::vector<NodeId> out;
  if (named_sorted_) {
    auto it = std::lower_bound(named_disclosures_.begin(), named_disclosures_.end(),
                               std::make_pair(viewer, NodeId{0}));
    for (; it != named_disclosures_.end() && it->first == viewer; ++it) out.push_back(it->second);
  } else {
    for (const auto& [v, d] : named_disclosures_) {
      if (v == viewer) out.push_back(d);
    }
    std::sort(out.begin(), out.end());
  }
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void SupplyGraph::Compact() {
  const size_t nodes = node_count();
  const size_t edges = edge_count();
  // Counting sort of all edges by buyer; stable, so the CSR part keeps its order.
  std::vector<uint32_t> offsets(nodes + 1, 0);
  for (NodeId b : buyer_) ++offsets[b + 1];
  for (size_t n = 0; n < nodes; ++n) offsets[n + 1] += offsets[n];
  std::vector<uint32_t> position(offsets.begin(), offsets.end() - 1);
  std::vector<EdgeId> order(edges);  // order[new] = old
  for (EdgeId e = 0; e < edges; ++e) order[position[buyer_[e]]++] = e;

  auto permute = [&order](auto& values) {
    using Vector = std::remove_reference_t<decltype(values)>;
    Vector sorted(values.size());
    for (size_t i = 0; i < order.size(); ++i) sorted[i] = values[order[i]];
    values.swap(sorted);
  };
  permute(buyer_);
  permute(supplier_);
  permute(declarer_);
  permute(kind_);
  permute(data_);
  permute(connectivity_);
  permute(substitutability_);
  permute(flags_);
  permute(validity_);
  permute(relationship_id_);
  out_offsets_ = std::move(offsets);

  in_offsets_.assign(nodes + 1, 0);
  for (NodeId s : supplier_) ++in_offsets_[s + 1];
  for (size_t n = 0; n < nodes; ++n) in_offsets_[n + 1] += in_offsets_[n];
  in_edges_.resize(edges);
  in_buyers_.resize(edges);
  std::vector<uint32_t> fill(in_offsets_.begin(), in_offsets_.end() - 1);
  for (EdgeId e = 0; e < edges; ++e) {
    const uint32_t at = fill[supplier_[e]]++;
    in_edges_[at] = e;
    in_buyers_[at] = buyer_[e];
  }

  csr_node_count_ = static_cast<uint32_t>(nodes);
  csr_edge_count_ = static_cast<uint32_t>(edges);
  std::fill(delta_out_head_.begin(), delta_out_head_.end(), kNoIndex);
  std::fill(delta_in_head_.begin(), delta_in_head_.end(), kNoIndex);
  delta_out_next_.clear();
  delta_out_next_.shrink_to_fit();
  delta_in_next_.clear();
  delta_in_next_.shrink_to_fit();
  std::sort(named_disclosures_.begin(), named_disclosures_.end());
  named_sorted_ = true;
}

SupplyRelationship SupplyGraph::relationship(EdgeId e) const {
  SupplyRelationship r;
  r.id = relationship_id_[e];
  r.buyer = org_of_node_[buyer_[e]];
  r.supplier = org_of_node_[supplier_[e]];
  r.declared_by = org_of_node_[declarer_[e]];
  r.kind = kind(e);
  r.data = data_[e];
  r.connectivity = connectivity(e);
  r.substitutability = substitutability(e);
  r.production_critical = production_critical(e);
  r.on_supplier_it = on_supplier_it(e);
  r.confirmed = confirmed(e);
  const auto date = [](DayNumber day) {
    return Date{std::chrono::sys_days{std::chrono::days{day}}};
  };
  if (start_day(e) != kSinceEver) r.start = date(start_day(e));
  if (end_day(e) != kForever) r.end = date(end_day(e));
  return r;
}

size_t SupplyGraph::MemoryBytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return bytes(org_of_node_) + bytes(discloses_to_all_) + bytes(named_disclosures_) + bytes(buyer_) +
         bytes(supplier_) + bytes(declarer_) + bytes(kind_) + bytes(data_) + bytes(connectivity_) +
         bytes(substitutability_) + bytes(flags_) + bytes(validity_) +
         bytes(relationship_id_) + bytes(out_offsets_) + bytes(in_offsets_) + bytes(in_edges_) +
         bytes(in_buyers_) + bytes(delta_out_head_) + bytes(delta_in_head_) + bytes(delta_out_next_) +
         bytes(delta_in_next_) +
         node_of_org_.size() * (sizeof(std::pair<int64_t, NodeId>) + 2 * sizeof(void*));
}

GraphView::GraphView(const SupplyGraph& graph, std::optional<NodeId> viewer, std::optional<Date> as_of)
    : graph_(graph), viewer_(viewer), check_dates_(as_of.has_value()),
      day_(as_of ? ToDayNumber(*as_of) : 0) {
  if (!viewer_) return;
  named_ = graph.DisclosuresTo(*viewer_);
  // The viewer's claimed-only parties: those of its unconfirmed claims in force, unless a
  // confirmed relationship in force joins them to the viewer in the same direction as well.
  std::vector<NodeId> only;
  for (const bool as_buyer : {true, false}) {
    std::vector<NodeId> claimed, confirmed;
    const auto look = [&](EdgeId e, NodeId other) {
      if (!InForce(e)) return;
      if (graph.confirmed(e)) {
        confirmed.push_back(other);
      } else if (!graph.removed(e) && graph.declarer(e) == *viewer_) {
        claimed.push_back(other);
      }
    };
    if (as_buyer) {
      graph.ForEachSupplierEdge(*viewer_, look);
    } else {
      graph.ForEachBuyerEdge(*viewer_, look);
    }
    if (claimed.empty()) continue;
    for (auto* list : {&claimed, &confirmed}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    std::set_difference(claimed.begin(), claimed.end(), confirmed.begin(), confirmed.end(),
                        std::back_inserter(only));
  }
  std::sort(only.begin(), only.end());
  only.erase(std::unique(only.begin(), only.end()), only.end());
  claimed_only_.swap(only);
}

}  // namespace hoshitori
