#!/usr/bin/env bash
# Runs the supply-chain benchmark end to end and prints every number:
#   1. generate a synthetic national supply chain (ORGANISATIONS, EDGES);
#   2. import it into a fresh Hoshitori SQLite store with the CLI (timed);
#   3. Hoshitori: load the graph from the store, tiers, blast radius, incremental, concentration;
#   4. the peers on the same data and queries: igraph C BFS, NetworkX, PostgreSQL 15 recursive CTE.
# Usage: bench/chain/run.sh [ORGANISATIONS EDGES] (default 1000000 10000000)
# Environment: WORK (data directory, default /tmp/hoshitori-chain-bench-N-E), SKIP (space-separated
# peers to skip: networkx postgres igraph), MAX_TIER (10), BLAST_TIERS (3), REPEAT (5),
# PG_REPEAT (3), PG_TIMEOUT_S (600).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
orgs=${1:-1000000}
edges=${2:-10000000}
work=${WORK:-/tmp/hoshitori-chain-bench-$orgs-$edges}
build=${BUILD:-$root/build-bench}
max_tier=${MAX_TIER:-10}
blast_tiers=${BLAST_TIERS:-3}
repeat=${REPEAT:-5}
skip=" ${SKIP:-} "
mkdir -p "$work"

echo "== machine"
date -u +"date %Y-%m-%dT%H:%M:%SZ"
echo "nproc $(nproc)"
free -h | head -2
lscpu | head -15

echo "== build"
cmake -S "$here" -B "$build" -G Ninja >/dev/null
# The CLI (the whole application) only when the store still has to be imported.
ninja -C "$build" chain_generate chain_bench $(pkg-config --exists igraph && echo chain_igraph) \
  $([[ -f $work/imported ]] || echo hoshitori) >/dev/null
hoshitori=$build/hoshitori/src/hoshitori

timed() {  # timed LABEL command... : prints wall seconds and peak RSS of the command
  local label=$1; shift
  /usr/bin/time -f "$label wall_s=%e peak_rss_kb=%M" "$@"
}

echo "== generate $orgs organisations, $edges relationships"
if [[ ! -f $work/queries.tsv ]]; then
  timed "generate" "$build/chain_generate" "$orgs" "$edges" "$work"
fi
cat "$work/queries.tsv" | tr '\n' ' '; echo

echo "== import into the store (hoshitori org import + chain import)"
db=$work/hoshitori.db
if [[ ! -f $work/imported ]]; then
  rm -f "$db" "$db-wal" "$db-shm"
  timed "import-organisations" "$hoshitori" --db "$db" org import "$work/organisations.csv"
  timed "import-relationships" "$hoshitori" --db "$db" chain import "$work/relationships.csv"
  touch "$work/imported"
fi
ls -la "$db" | awk '{print "store_bytes", $5}'

echo "== hoshitori"
timed "hoshitori-process" "$build/chain_bench" "$db" "$work/queries.tsv" --max-tier "$max_tier" --blast-tiers "$blast_tiers" --repeat "$repeat"

if [[ $skip != *" igraph "* && -x $build/chain_igraph ]]; then
  echo "== igraph (C)"
  timed "igraph-process" "$build/chain_igraph" "$work/edges.tsv" "$work/queries.tsv" "$orgs" "$max_tier" "$blast_tiers" "$repeat"
fi
if [[ $skip != *" networkx "* ]]; then
  echo "== networkx $(/usr/bin/python3 -c 'import networkx; print(networkx.__version__)')"
  timed "networkx-process" /usr/bin/python3 "$here/networkx_bench.py" "$work/edges.tsv" "$work/queries.tsv" "$max_tier" "$blast_tiers" "${NX_REPEAT:-3}"
fi
if [[ $skip != *" postgres "* ]]; then
  echo "== postgres $(/usr/lib/postgresql/15/bin/postgres --version)"
  timed "postgres-process" "$here/postgres_bench.sh" "$work/edges.tsv" "$work/queries.tsv" "$max_tier" "$blast_tiers" "${PG_REPEAT:-3}" "${PG_TIMEOUT_S:-600}"
fi
echo "== done"
