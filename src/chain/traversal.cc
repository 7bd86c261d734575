#include "chain/traversal.h"

#include <algorithm>
#include <bit>

namespace hoshitori {

void TraversalWorkspace::Start(size_t nodes) {
  const size_t words = (nodes + 63) / 64;
  if (slot_.size() < nodes) slot_.resize(nodes);
  visited_.assign(words, 0);
  frontier_.resize(words);
  nodes_ = nodes;
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

// The relationships leaving `n` in the direction of a traversal (kForward: buyer → supplier)
// and those arriving at it.
template <bool kForward, typename F>
void ForEachOutward(const SupplyGraph& graph, NodeId n, F&& f) {
  if constexpr (kForward) {
    graph.ForEachSupplierEdge(n, f);
  } else {
    graph.ForEachBuyerEdge(n, f);
  }
}

template <bool kForward, typename F>
bool AnyInward(const SupplyGraph& graph, NodeId n, F&& f) {
  if constexpr (kForward) {
    return graph.AnyBuyerEdge(n, f);
  } else {
    return graph.AnySupplierEdge(n, f);
  }
}

template <bool kForward>
size_t OutwardCount(const SupplyGraph& graph, NodeId n) {
  if constexpr (kForward) {
    return graph.SupplierEdgeCount(n);
  } else {
    return graph.BuyerEdgeCount(n);
  }
}

// Direction switches of Beamer et al. (the constants of their paper and of the GAP
// benchmark suite): bottom-up once the tier's relationships exceed 1/kTopDownShare of those
// not examined yet; top-down again once the tier shrinks and holds less than
// 1/kBottomUpShare of the nodes.
constexpr uint64_t kTopDownShare = 15;
constexpr size_t kBottomUpShare = 18;
// Counting a tier's relationships costs a random read per organisation; a tier that would
// not switch to bottom-up even at kDegreeMargin times the average degree is not counted.
constexpr uint64_t kDegreeMargin = 4;
// Smaller graphs are traversed top-down only: every step is cheap there, and a tier's entries
// keep their discovery order, which callers display and which decides the relationship that
// names a supplier's compliance rule.
constexpr size_t kMinNodesForBottomUp = size_t{1} << 16;
// A bottom-up step visits every unreached organisation; when the tier holds few organisations
// (however many relationships they have), few of those find a parent and most read all their
// relationships, so the step costs more than expanding the tier. Switch only from a tier of
// at least 1/kMinFrontierShare of the organisations.
constexpr size_t kMinFrontierShare = 64;

}  // namespace

// One breadth-first search; a friend of TraversalWorkspace for its bit sets.
class BreadthFirstSearch {
 public:
  // Breadth-first search from `start` in the direction kForward (buyer → supplier) or
  // backwards, over the relationships `allow(EdgeId)` accepts, up to `max_tiers` steps.
  template <bool kForward, typename Allow>
  static void Run(const SupplyGraph& graph, NodeId start, int max_tiers,
                  TraversalWorkspace& workspace, Reach& out, Allow&& allow) {
    const size_t nodes = graph.node_count();
    out.Clear();
    workspace.Start(nodes);
    workspace.Visit(start, 0);
    Append(out, start, 0, kNoIndex, kNoIndex);
    // Relationships leaving the tier (what a top-down step examines; kUnknown until counted)
    // and those leaving unreached organisations, as Beamer et al. estimate the steps' costs.
    uint64_t tier_edges = OutwardCount<kForward>(graph, start);
    uint64_t unexamined = graph.edge_count();
    const uint64_t average_degree = nodes == 0 ? 1 : unexamined / nodes + 1;
    bool bottom_up = false;
    size_t previous_tier_size = 0;
    uint32_t begin = 0;
    for (int tier = 0; tier < max_tiers && begin < out.size(); ++tier) {
      const auto end = static_cast<uint32_t>(out.size());
      const size_t tier_size = end - begin;
      if (workspace.strategy_ != TraversalWorkspace::Strategy::kAuto) {
        bottom_up = workspace.strategy_ == TraversalWorkspace::Strategy::kBottomUp;
      } else if (nodes < kMinNodesForBottomUp) {
        bottom_up = false;
      } else if (bottom_up) {
        bottom_up = tier_size >= previous_tier_size || tier_size > nodes / kBottomUpShare;
      } else if (tier_size <= nodes / kMinFrontierShare) {
        bottom_up = false;  // not even worth counting the tier's relationships
      } else {
        if (tier_edges == kUnknown &&
            tier_size * average_degree * kDegreeMargin > unexamined / kTopDownShare) {
          tier_edges = CountOutward<kForward>(graph, out, begin, end);
        }
        bottom_up = tier_edges != kUnknown && tier_edges > unexamined / kTopDownShare;
      }
      const auto next_tier = static_cast<uint16_t>(tier + 1);
      if (bottom_up) {
        if (tier_edges == kUnknown) tier_edges = CountOutward<kForward>(graph, out, begin, end);
        unexamined -= std::min(unexamined, tier_edges);
        tier_edges = BottomUp<kForward>(graph, begin, end, next_tier, workspace, out, allow);
      } else {
        unexamined -= std::min(
            unexamined, TopDown<kForward>(graph, begin, end, next_tier, workspace, out, allow));
        tier_edges = kUnknown;
      }
      previous_tier_size = tier_size;
      begin = end;
    }
  }

 private:
  static void Append(Reach& out, NodeId node, uint16_t tier, uint32_t parent, EdgeId via) {
    out.node.push_back(node);
    out.tier.push_back(tier);
    out.parent.push_back(parent);
    out.via.push_back(via);
  }

  static constexpr uint64_t kUnknown = UINT64_MAX;

  template <bool kForward>
  static uint64_t CountOutward(const SupplyGraph& graph, const Reach& out, uint32_t begin,
                               uint32_t end) {
    uint64_t count = 0;
    for (uint32_t i = begin; i < end; ++i) count += OutwardCount<kForward>(graph, out.node[i]);
    return count;
  }

  // Expands entries [begin, end) of `out` into the next tier. Returns the relationships
  // examined.
  template <bool kForward, typename Allow>
  static uint64_t TopDown(const SupplyGraph& graph, uint32_t begin, uint32_t end,
                          uint16_t next_tier, TraversalWorkspace& workspace, Reach& out,
                          Allow& allow) {
    uint64_t examined = 0;
    for (uint32_t head = begin; head < end; ++head) {
      ForEachOutward<kForward>(graph, out.node[head], [&](EdgeId e, NodeId to) {
        ++examined;
        if (workspace.Visited(to) || !allow(e)) return;
        workspace.Visit(to, static_cast<uint32_t>(out.node.size()));
        Append(out, to, next_tier, head, e);
      });
    }
    return examined;
  }

  // Every unvisited node looks for a relationship from entries [begin, end) of `out` and
  // stops at the first. Same result as TopDown but for the order within the tier and which
  // shortest path is kept. Returns the relationships leaving the new tier.
  template <bool kForward, typename Allow>
  static uint64_t BottomUp(const SupplyGraph& graph, uint32_t begin, uint32_t end,
                           uint16_t next_tier, TraversalWorkspace& workspace, Reach& out,
                           Allow& allow) {
    std::vector<uint64_t>& frontier = workspace.frontier_;
    std::fill(frontier.begin(), frontier.end(), 0);
    for (uint32_t i = begin; i < end; ++i)
      frontier[out.node[i] >> 6] |= uint64_t{1} << (out.node[i] & 63);
    const size_t nodes = workspace.nodes_;
    const std::vector<uint64_t>& visited = workspace.visited_;
    const auto first_found = static_cast<uint32_t>(out.node.size());
    uint64_t next_edges = 0;
    for (size_t word = 0; word < visited.size(); ++word) {
      uint64_t unvisited = ~visited[word];
      if ((word + 1) * 64 > nodes) unvisited &= (uint64_t{1} << (nodes & 63)) - 1;
      for (; unvisited != 0; unvisited &= unvisited - 1) {
        const auto node = static_cast<NodeId>(word * 64 + std::countr_zero(unvisited));
        AnyInward<kForward>(graph, node, [&](EdgeId e, NodeId from) {
          if (!((frontier[from >> 6] >> (from & 63)) & 1) || !allow(e)) return false;
          workspace.Visit(node, static_cast<uint32_t>(out.node.size()));
          Append(out, node, next_tier, from, e);  // the parent's entry is looked up below
          next_edges += OutwardCount<kForward>(graph, node);
          return true;
        });
      }
    }
    // Random reads, independent of each other: faster in a loop of their own.
    for (uint32_t i = first_found; i < out.node.size(); ++i)
      out.parent[i] = workspace.slot(out.parent[i]);
    return next_edges;
  }
};

void ComputeTiers(const GraphView& view, NodeId buyer, int max_tier, TraversalWorkspace& workspace,
                  Reach& out) {
  if (view.AllowsAll()) {
    BreadthFirstSearch::Run<true>(view.graph(), buyer, max_tier, workspace, out,
                                  [](EdgeId) { return true; });
  } else {
    BreadthFirstSearch::Run<true>(view.graph(), buyer, max_tier, workspace, out,
                                  [&view](EdgeId e) { return view.Allows(e); });
  }
}

void ComputeFilteredTiers(const GraphView& view, NodeId buyer, int max_tier,
                          const std::function<bool(EdgeId)>& accept, TraversalWorkspace& workspace,
                          Reach& out) {
  BreadthFirstSearch::Run<true>(view.graph(), buyer, max_tier, workspace, out,
                                [&view, &accept](EdgeId e) { return view.Allows(e) && accept(e); });
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
        if (at == supplier)
          paths.push_back(path);
        else
          deeper_exists = true;
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
  BreadthFirstSearch::Run<false>(
      graph, company, max_tiers, workspace, out.stopped,
      [&view, &graph](EdgeId e) { return graph.critical(e) && view.Allows(e); });
  if (view.AllowsAll()) {
    BreadthFirstSearch::Run<false>(graph, company, max_tiers, workspace, out.affected,
                                   [](EdgeId) { return true; });
  } else {
    BreadthFirstSearch::Run<false>(graph, company, max_tiers, workspace, out.affected,
                                   [&view](EdgeId e) { return view.Allows(e); });
  }
  // Every organisation stopped is affected (the critical traversal is a sub-traversal), and
  // the workspace now maps nodes to their entries in `affected`.
  out.stop_index.assign(out.affected.size(), kNoIndex);
  for (uint32_t i = 0; i < out.stopped.size(); ++i)
    out.stop_index[workspace.slot(out.stopped.node[i])] = i;
}

}  // namespace hoshitori
