#include "chain/traversal.h"

#include <algorithm>

namespace hoshitori {

void TraversalWorkspace::Start(size_t nodes) {
  if (mark_.size() < nodes) {
    mark_.resize(nodes, 0);
    slot_.resize(nodes, 0);
  }
  if (++epoch_ == 0) {  // wrapped: forget every old mark
    std::fill(mark_.begin(), mark_.end(), 0);
    epoch_ = 1;
  }
}

std::vector<EdgeId> Reach::PathTo(uint32_t index) const {
  std::vector<EdgeId> path;
  for (uint32_t i = index; i != 0 && i != kNoIndex; i = parent[i]) path.push_back(via[i]);
  std::reverse(path.begin(), path.end());
  return path;
}

void Reach::Clear() {
  node.clear();
  tier.clear();
  parent.clear();
  via.clear();
}

namespace {

// Breadth-first search from `start` in the direction `forward` (buyer → supplier) or
// backwards, over edges accepted by `accept(EdgeId)`, up to `max_tiers` steps.
template <bool kForward, typename Accept>
void BreadthFirst(const GraphView& view, NodeId start, int max_tiers, TraversalWorkspace& workspace,
                  Reach& out, Accept&& accept) {
  const SupplyGraph& graph = view.graph();
  out.Clear();
  workspace.Start(graph.node_count());
  workspace.Visit(start, 0);
  out.node.push_back(start);
  out.tier.push_back(0);
  out.parent.push_back(kNoIndex);
  out.via.push_back(kNoIndex);
  for (uint32_t head = 0; head < out.node.size(); ++head) {
    const uint16_t next_tier = static_cast<uint16_t>(out.tier[head] + 1);
    if (next_tier > max_tiers) break;  // breadth-first: every later entry is as deep
    auto step = [&](EdgeId e, NodeId to) {
      if (workspace.Visited(to) || !view.Allows(e) || !accept(e)) return;
      workspace.Visit(to, static_cast<uint32_t>(out.node.size()));
      out.node.push_back(to);
      out.tier.push_back(next_tier);
      out.parent.push_back(head);
      out.via.push_back(e);
    };
    if constexpr (kForward) {
      graph.ForEachSupplierEdge(out.node[head], step);
    } else {
      graph.ForEachBuyerEdge(out.node[head], step);
    }
  }
}

}  // namespace

void ComputeTiers(const GraphView& view, NodeId buyer, int max_tier, TraversalWorkspace& workspace,
                  Reach& out) {
  BreadthFirst<true>(view, buyer, max_tier, workspace, out, [](EdgeId) { return true; });
}

void ComputeFilteredTiers(const GraphView& view, NodeId buyer, int max_tier,
                          const std::function<bool(EdgeId)>& accept, TraversalWorkspace& workspace,
                          Reach& out) {
  BreadthFirst<true>(view, buyer, max_tier, workspace, out, accept);
}

std::vector<std::vector<EdgeId>> AllPaths(const GraphView& view, NodeId buyer, NodeId supplier,
                                          int max_tier, size_t max_paths) {
  const SupplyGraph& graph = view.graph();
  std::vector<std::vector<EdgeId>> paths;
  if (max_paths == 0) return paths;
  // Iterative deepening keeps the output shortest first without storing partial paths.
  std::vector<EdgeId> path;
  std::vector<uint8_t> on_path(graph.node_count(), 0);
  for (int depth = 1; depth <= max_tier && paths.size() < max_paths; ++depth) {
    bool deeper_exists = false;
    auto dfs = [&](auto&& self, NodeId at) -> void {
      if (paths.size() >= max_paths) return;
      if (static_cast<int>(path.size()) == depth) {
        if (at == supplier) paths.push_back(path);
        else deeper_exists = true;
        return;
      }
      if (at == supplier && !path.empty()) return;  // a simple path ends at the supplier
      on_path[at] = 1;
      graph.ForEachSupplierEdge(at, [&](EdgeId e, NodeId to) {
        if (on_path[to] || !view.Allows(e) || paths.size() >= max_paths) return;
        path.push_back(e);
        self(self, to);
        path.pop_back();
      });
      on_path[at] = 0;
    };
    dfs(dfs, buyer);
    if (!deeper_exists) break;
  }
  return paths;
}

void ComputeBlastRadius(const GraphView& view, NodeId company, int max_tiers,
                        TraversalWorkspace& workspace, BlastRadius& out) {
  const SupplyGraph& graph = view.graph();
  BreadthFirst<false>(view, company, max_tiers, workspace, out.stopped,
                      [&graph](EdgeId e) { return graph.critical(e); });
  // Remember the critical traversal's entries before the workspace is reused.
  out.stop_index.assign(0, 0);
  std::vector<std::pair<NodeId, uint32_t>> stopped_entries(out.stopped.size());
  for (uint32_t i = 0; i < out.stopped.size(); ++i) stopped_entries[i] = {out.stopped.node[i], i};
  BreadthFirst<false>(view, company, max_tiers, workspace, out.affected, [](EdgeId) { return true; });
  out.stop_index.assign(out.affected.size(), kNoIndex);
  // Every organisation stopped is affected (the critical traversal is a sub-traversal).
  for (const auto& [node, index] : stopped_entries) out.stop_index[workspace.slot(node)] = index;
}

}  // namespace hoshitori
