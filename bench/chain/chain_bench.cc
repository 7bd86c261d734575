// Hoshitori's side of the supply-chain benchmark: loads the graph from the store, then
// times tiers and blast radius for the queries of queries.tsv (the same ones the peers
// answer), plus incremental updates and concentration.
//
// Semantics shared with the peers (bench/chain/README.md): tiers = shortest tier of every
// organisation reached from the buyer within --max-tier tiers, the buyer excluded; blast
// radius = every organisation reaching the company within --blast-tiers tiers, with
// whether it reaches it through critical relationships only. Each query reports the count,
// the sum of tiers (and the stop count) so that the peers' answers can be compared.
//
// Usage: chain_bench DB QUERIES [--max-tier 10] [--blast-tiers 3] [--repeat 5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "chain/concentration.h"
#include "chain/traversal.h"
#include "store/supply_graph_loader.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Peak resident memory of this process in MB (VmHWM).
double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hoshitori;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB QUERIES [--max-tier N] [--blast-tiers N] [--repeat N]\n", argv[0]);
    return 2;
  }
  int max_tier = 10, blast_tiers = 3, repeat = 5;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--max-tier")) max_tier = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--blast-tiers")) blast_tiers = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--repeat")) repeat = std::atoi(argv[i + 1]);
  }

  const auto load_start = Clock::now();
  auto store = Store::Open(argv[1]);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  auto loaded = LoadSupplyGraph(**store);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
    return 1;
  }
  SupplyGraph graph = std::move(loaded).value();
  const auto load_end = Clock::now();
  std::printf("hoshitori load organisations=%zu edges=%zu ms=%.0f graph_mb=%.0f peak_rss_mb=%.0f\n",
              graph.node_count(), graph.edge_count(), Ms(load_start, load_end),
              graph.MemoryBytes() / 1048576.0, PeakRssMb());

  std::vector<std::pair<std::string, uint32_t>> queries;
  {
    std::ifstream in(argv[2]);
    std::string kind;
    uint32_t index;
    while (in >> kind >> index) queries.emplace_back(kind, index);
  }

  TraversalWorkspace workspace;
  const GraphView everything(graph, std::nullopt, std::nullopt);
  for (const auto& [kind, index] : queries) {
    const auto node = graph.FindNode(static_cast<int64_t>(index) + 1);  // store ids are index + 1
    if (!node) continue;
    std::vector<double> times;
    if (kind == "tiers") {
      Reach reach;
      for (int r = 0; r < repeat; ++r) {
        const auto start = Clock::now();
        ComputeTiers(everything, *node, max_tier, workspace, reach);
        times.push_back(Ms(start, Clock::now()));
      }
      uint64_t sum = 0;
      for (size_t i = 1; i < reach.size(); ++i) sum += reach.tier[i];
      std::printf("hoshitori tiers query=%u count=%zu sum=%llu ms=%.3f\n", index, reach.size() - 1,
                  static_cast<unsigned long long>(sum), Median(times));
    } else if (kind == "blast") {
      BlastRadius radius;
      for (int r = 0; r < repeat; ++r) {
        const auto start = Clock::now();
        ComputeBlastRadius(everything, *node, blast_tiers, workspace, radius);
        times.push_back(Ms(start, Clock::now()));
      }
      uint64_t sum = 0, stops = 0;
      for (uint32_t i = 1; i < radius.affected.size(); ++i) {
        sum += radius.affected.tier[i];
        stops += radius.production_stops(i);
      }
      std::printf("hoshitori blast query=%u count=%zu sum=%llu stops=%llu ms=%.3f\n", index,
                  radius.affected.size() - 1, static_cast<unsigned long long>(sum),
                  static_cast<unsigned long long>(stops), Median(times));
    }
  }

  // The same queries with every tier expanded top-down (no bottom-up steps), to show what
  // the direction-optimising traversal brings.
  workspace.set_strategy(TraversalWorkspace::Strategy::kTopDown);
  for (const auto& [kind, index] : queries) {
    const auto node = graph.FindNode(static_cast<int64_t>(index) + 1);
    if (!node) continue;
    std::vector<double> times;
    size_t count = 0;
    Reach reach;
    BlastRadius radius;
    for (int r = 0; r < repeat; ++r) {
      const auto start = Clock::now();
      if (kind == "tiers") {
        ComputeTiers(everything, *node, max_tier, workspace, reach);
        count = reach.size() - 1;
      } else {
        ComputeBlastRadius(everything, *node, blast_tiers, workspace, radius);
        count = radius.affected.size() - 1;
      }
      times.push_back(Ms(start, Clock::now()));
    }
    std::printf("hoshitori %s-top-down query=%u count=%zu ms=%.3f\n", kind.c_str(), index, count,
                Median(times));
  }
  workspace.set_strategy(TraversalWorkspace::Strategy::kAuto);

  // The buyer's own view, consent checked on every relationship: every organisation is
  // made to disclose to everyone upstream (in memory), so the answers equal the ones above.
  for (NodeId n = 0; n < graph.node_count(); ++n) graph.AddDisclosure(Disclosure{graph.org(n), std::nullopt});
  for (const auto& [kind, index] : queries) {
    const auto node = graph.FindNode(static_cast<int64_t>(index) + 1);
    if (!node || kind != "tiers") continue;
    std::vector<double> times;
    Reach reach;
    const GraphView own(graph, *node, std::nullopt);
    for (int r = 0; r < repeat; ++r) {
      const auto start = Clock::now();
      ComputeTiers(own, *node, max_tier, workspace, reach);
      times.push_back(Ms(start, Clock::now()));
    }
    std::printf("hoshitori tiers-consent query=%u count=%zu ms=%.3f\n", index, reach.size() - 1, Median(times));
  }

  // Incremental updates: 10,000 new relationships into the delta, a query over CSR + delta,
  // then the merge.
  {
    std::mt19937_64 random(7);
    const auto n = static_cast<int64_t>(graph.node_count());
    const auto start = Clock::now();
    for (int i = 0; i < 10000; ++i) {
      SupplyRelationship r;
      r.buyer = 1 + static_cast<int64_t>(random() % n);
      r.supplier = 1 + static_cast<int64_t>(random() % n);
      r.declared_by = r.buyer;
      graph.AddRelationship(r);
    }
    const auto added = Clock::now();
    std::printf("hoshitori incremental add=10000 us_per_add=%.3f\n", Ms(start, added) * 1000.0 / 10000);
    for (const auto& [kind, index] : queries) {
      if (kind != "tiers") continue;
      Reach reach;
      const auto q = Clock::now();
      ComputeTiers(everything, *graph.FindNode(index + 1), max_tier, workspace, reach);
      std::printf("hoshitori tiers-with-delta query=%u count=%zu ms=%.3f\n", index, reach.size() - 1, Ms(q, Clock::now()));
      break;
    }
    const auto compact = Clock::now();
    graph.Compact();
    std::printf("hoshitori compact ms=%.0f\n", Ms(compact, Clock::now()));
  }

  // Concentration over every chain head.
  {
    const auto start = Clock::now();
    auto heads = ChainHeads(everything);
    const size_t all_heads = heads.size();
    // The 1,024 heads that buy most (a full run over tens of thousands of heads is minutes).
    std::vector<uint32_t> out_degree(graph.node_count(), 0);
    for (NodeId h : heads) graph.ForEachSupplierEdge(h, [&](EdgeId, NodeId) { ++out_degree[h]; });
    std::sort(heads.begin(), heads.end(), [&](NodeId a, NodeId b) { return out_degree[a] > out_degree[b]; });
    if (heads.size() > 1024) heads.resize(1024);
    const auto top = Concentration(everything, heads, 10);
    std::printf("hoshitori concentration all_heads=%zu heads_used=%zu top_weight=%llu ms=%.0f\n", all_heads, heads.size(),
                top.empty() ? 0ULL : static_cast<unsigned long long>(top[0].weight()), Ms(start, Clock::now()));
  }
  std::printf("hoshitori peak_rss_mb=%.0f\n", PeakRssMb());
  return 0;
}
