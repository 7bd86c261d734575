#include "chain/concentration.h"

#include <algorithm>
#include <bit>

namespace hoshitori {

std::vector<NodeId> ChainHeads(const GraphView& view) {
  const SupplyGraph& graph = view.graph();
  std::vector<NodeId> heads;
  for (NodeId n = 0; n < graph.node_count(); ++n) {
    bool buys = false, supplies = false;
    graph.ForEachSupplierEdge(n, [&](EdgeId e, NodeId to) { buys = buys || (to != n && view.Allows(e)); });
    if (!buys) continue;
    graph.ForEachBuyerEdge(n, [&](EdgeId e, NodeId from) { supplies = supplies || (from != n && view.Allows(e)); });
    if (!supplies) heads.push_back(n);
  }
  return heads;
}

std::vector<ConcentrationEntry> Concentration(const GraphView& view, const std::vector<NodeId>& heads,
                                              size_t top) {
  const SupplyGraph& graph = view.graph();
  const size_t nodes = graph.node_count();
  std::vector<uint32_t> dependent(nodes, 0), critical(nodes, 0);
  std::vector<uint64_t> reach(nodes), critical_reach(nodes), own(nodes);
  std::vector<uint8_t> queued(nodes, 0);
  std::vector<NodeId> frontier, next, touched;

  for (size_t first = 0; first < heads.size(); first += 64) {
    const size_t batch = std::min<size_t>(64, heads.size() - first);
    for (NodeId n : touched) reach[n] = critical_reach[n] = own[n] = 0;
    touched.clear();
    frontier.clear();
    for (size_t j = 0; j < batch; ++j) {
      const NodeId head = heads[first + j];
      const uint64_t bit = uint64_t{1} << j;
      if (!reach[head] && !own[head]) touched.push_back(head);
      reach[head] |= bit;
      critical_reach[head] |= bit;
      own[head] |= bit;
      if (!queued[head]) {
        queued[head] = 1;
        frontier.push_back(head);
      }
    }
    // Bits only ever get added, so the propagation reaches a fixed point even on cycles.
    while (!frontier.empty()) {
      next.clear();
      for (NodeId v : frontier) {
        queued[v] = 0;
        const uint64_t from_all = reach[v], from_critical = critical_reach[v];
        graph.ForEachSupplierEdge(v, [&](EdgeId e, NodeId w) {
          const uint64_t add = from_all & ~reach[w];
          const uint64_t add_critical = graph.critical(e) ? from_critical & ~critical_reach[w] : 0;
          if (!(add | add_critical) || !view.Allows(e)) return;
          if (!reach[w] && !own[w]) touched.push_back(w);
          reach[w] |= add;
          critical_reach[w] |= add_critical;
          if (!queued[w]) {
            queued[w] = 1;
            next.push_back(w);
          }
        });
      }
      frontier.swap(next);
    }
    for (NodeId n : touched) {
      dependent[n] += static_cast<uint32_t>(std::popcount(reach[n] & ~own[n]));
      critical[n] += static_cast<uint32_t>(std::popcount(critical_reach[n] & ~own[n]));
    }
  }

  std::vector<ConcentrationEntry> entries;
  for (NodeId n = 0; n < nodes; ++n) {
    if (dependent[n] == 0) continue;
    ConcentrationEntry entry{n, dependent[n], critical[n], 0};
    graph.ForEachBuyerEdge(n, [&](EdgeId e, NodeId from) {
      if (from != n && view.Allows(e)) ++entry.direct_buyers;
    });
    entries.push_back(entry);
  }
  auto better = [](const ConcentrationEntry& a, const ConcentrationEntry& b) {
    if (a.weight() != b.weight()) return a.weight() > b.weight();
    if (a.direct_buyers != b.direct_buyers) return a.direct_buyers > b.direct_buyers;
    return a.supplier < b.supplier;
  };
  if (entries.size() > top) {
    std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(top), entries.end(), better);
    entries.resize(top);
  } else {
    std::sort(entries.begin(), entries.end(), better);
  }
  return entries;
}

std::vector<SinglePointOfFailure> SinglePointsOfFailure(const GraphView& view, NodeId buyer) {
  const SupplyGraph& graph = view.graph();
  // Reverse postorder of the chain by an iterative depth-first search.
  std::vector<uint32_t> number(graph.node_count(), kNoIndex);  // node → reverse postorder index
  std::vector<NodeId> postorder;
  {
    std::vector<uint8_t> seen(graph.node_count(), 0);
    std::vector<std::pair<NodeId, std::vector<NodeId>>> stack;
    auto children = [&](NodeId n) {
      std::vector<NodeId> out;
      graph.ForEachSupplierEdge(n, [&](EdgeId e, NodeId to) {
        if (!seen[to] && view.Allows(e)) out.push_back(to);
      });
      std::reverse(out.begin(), out.end());
      return out;
    };
    seen[buyer] = 1;
    stack.emplace_back(buyer, children(buyer));
    while (!stack.empty()) {
      auto& [node, pending] = stack.back();
      while (!pending.empty() && seen[pending.back()]) pending.pop_back();
      if (pending.empty()) {
        postorder.push_back(node);
        stack.pop_back();
        continue;
      }
      const NodeId child = pending.back();
      pending.pop_back();
      seen[child] = 1;
      stack.emplace_back(child, children(child));
    }
  }
  const uint32_t count = static_cast<uint32_t>(postorder.size());
  std::vector<NodeId> order(postorder.rbegin(), postorder.rend());  // reverse postorder
  for (uint32_t i = 0; i < count; ++i) number[order[i]] = i;

  std::vector<std::vector<uint32_t>> predecessors(count);
  for (uint32_t i = 0; i < count; ++i) {
    graph.ForEachBuyerEdge(order[i], [&](EdgeId e, NodeId from) {
      if (number[from] != kNoIndex && view.Allows(e)) predecessors[i].push_back(number[from]);
    });
  }
  std::vector<uint32_t> idom(count, kNoIndex);
  if (count > 0) idom[0] = 0;
  auto intersect = [&idom](uint32_t a, uint32_t b) {
    while (a != b) {
      while (a > b) a = idom[a];
      while (b > a) b = idom[b];
    }
    return a;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t b = 1; b < count; ++b) {
      uint32_t candidate = kNoIndex;
      for (uint32_t p : predecessors[b]) {
        if (idom[p] == kNoIndex) continue;
        candidate = candidate == kNoIndex ? p : intersect(p, candidate);
      }
      if (candidate != idom[b]) {
        idom[b] = candidate;
        changed = true;
      }
    }
  }
  std::vector<uint32_t> size(count, 1);
  for (uint32_t b = count; b-- > 1;) size[idom[b]] += size[b];

  std::vector<SinglePointOfFailure> out;
  for (uint32_t b = 1; b < count; ++b) {
    if (size[b] > 1) out.push_back({order[b], size[b] - 1, order[idom[b]]});
  }
  std::sort(out.begin(), out.end(), [](const SinglePointOfFailure& a, const SinglePointOfFailure& b) {
    return a.cut_off != b.cut_off ? a.cut_off > b.cut_off : a.supplier < b.supplier;
  });
  return out;
}

}  // namespace hoshitori
