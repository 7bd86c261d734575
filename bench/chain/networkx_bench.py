#!/usr/bin/python3
"""NetworkX on the same edges and queries (Debian's python3-networkx).

Semantics as bench/chain/README.md: tiers = shortest path lengths from the buyer within
MAX_TIER (buyer excluded); blast radius = shortest lengths to the company over reversed
edges within BLAST_TIERS, and the organisations that reach it over critical edges only.
What a Python user would write: single_source_shortest_path_length with a cutoff.

Usage: networkx_bench.py EDGES_TSV QUERIES_TSV [MAX_TIER BLAST_TIERS REPEAT]
"""
import resource
import statistics
import sys
import time

import networkx as nx


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    edges_path, queries_path = sys.argv[1], sys.argv[2]
    max_tier = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    blast_tiers = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    repeat = int(sys.argv[5]) if len(sys.argv) > 5 else 3

    start = time.perf_counter()
    graph = nx.DiGraph()
    critical = nx.DiGraph()
    with open(edges_path) as f:
        pairs = []
        critical_pairs = []
        for line in f:
            b, s, c = line.split("\t")
            pair = (int(b), int(s))
            pairs.append(pair)
            if c.strip() == "1":
                critical_pairs.append(pair)
    graph.add_edges_from(pairs)
    critical.add_edges_from(critical_pairs)
    del pairs, critical_pairs
    reverse = graph.reverse(copy=False)
    critical_reverse = critical.reverse(copy=False)
    print("networkx load edges=%d ms=%.0f peak_rss_mb=%.0f"
          % (graph.number_of_edges(), (time.perf_counter() - start) * 1e3, peak_rss_mb()), flush=True)

    with open(queries_path) as f:
        queries = [(k, int(i)) for k, i in (line.split() for line in f if line.strip())]
    for kind, index in queries:
        times = []
        if kind == "tiers":
            for _ in range(repeat):
                t0 = time.perf_counter()
                lengths = nx.single_source_shortest_path_length(graph, index, cutoff=max_tier) \
                    if graph.has_node(index) else {index: 0}
                times.append((time.perf_counter() - t0) * 1e3)
            lengths.pop(index, None)
            print("networkx tiers query=%d count=%d sum=%d ms=%.3f"
                  % (index, len(lengths), sum(lengths.values()), statistics.median(times)), flush=True)
        elif kind == "blast":
            for _ in range(repeat):
                t0 = time.perf_counter()
                lengths = nx.single_source_shortest_path_length(reverse, index, cutoff=blast_tiers) \
                    if graph.has_node(index) else {index: 0}
                stops = nx.single_source_shortest_path_length(critical_reverse, index, cutoff=blast_tiers) \
                    if critical.has_node(index) else {index: 0}
                times.append((time.perf_counter() - t0) * 1e3)
            lengths.pop(index, None)
            stops.pop(index, None)
            print("networkx blast query=%d count=%d sum=%d stops=%d ms=%.3f"
                  % (index, len(lengths), sum(lengths.values()), len(stops), statistics.median(times)),
                  flush=True)
    print("networkx peak_rss_mb=%.0f" % peak_rss_mb())


if __name__ == "__main__":
    main()
