#!/usr/bin/env bash
# PostgreSQL 15 with recursive CTEs — what a user would write — on the same edges and queries.
# Starts a private cluster in a temporary directory on a loopback port (PostgreSQL refuses to
# run as root, so the server runs as the postgres user), loads edges.tsv, indexes it, runs
# the queries and stops the cluster again.
#
# Semantics (bench/chain/README.md): tiers = min depth of every organisation reached from the
# buyer within MAX_TIER (buyer excluded); blast radius = min depth of every organisation
# reaching the company within BLAST_TIERS, and whether one of its paths is all critical.
#
# Usage: postgres_bench.sh EDGES_TSV QUERIES_TSV [MAX_TIER BLAST_TIERS REPEAT TIMEOUT_S]
set -euo pipefail
edges=$(realpath "$1")
queries=$(realpath "$2")
max_tier=${3:-10}
blast_tiers=${4:-3}
repeat=${5:-3}
timeout_s=${6:-600}
# A free loopback port (other test clusters may be running).
port=${PGBENCH_PORT:-}
if [[ -z $port ]]; then
  for candidate in $(seq 55432 55531); do
    if ! ss -ltn | grep -q ":$candidate "; then port=$candidate; break; fi
  done
fi
bin=/usr/lib/postgresql/15/bin

work=$(mktemp -d /tmp/hoshitori-pg.XXXXXX)
chown postgres "$work"
cleanup() {
  runuser -u postgres -- "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

runuser -u postgres -- "$bin/initdb" -D "$work/data" --auth=trust -U postgres >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c work_mem=256MB -c max_wal_size=8GB -c fsync=off" \
  start >/dev/null

psql_run() { psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -X -q "$@"; }

start=$(date +%s.%N)
psql_run -c "CREATE UNLOGGED TABLE relationships (buyer integer NOT NULL, supplier integer NOT NULL, critical boolean NOT NULL)"
psql_run -c "\\copy relationships FROM '$edges' WITH (FORMAT text)"
psql_run -c "CREATE INDEX ON relationships (buyer)" -c "CREATE INDEX ON relationships (supplier)" -c "ANALYZE relationships"
end=$(date +%s.%N)
printf 'postgres load edges=%s ms=%.0f\n' "$(psql_run -At -c 'SELECT count(*) FROM relationships')" \
  "$(awk "BEGIN {print ($end - $start) * 1000}")"

# Runs one query REPEAT times; prints its result row and the median time, or the timeout.
timed() {  # timed LABEL SQL
  local label=$1 sql=$2 times=() row="" out
  for ((r = 0; r < repeat; r++)); do
    if ! out=$(PGOPTIONS="-c statement_timeout=${timeout_s}s" psql_run -At -c '\timing on' -c "$sql" 2>&1); then
      echo "postgres $label timeout_or_error=\"$(tail -1 <<<"$out")\" limit_s=$timeout_s"
      return
    fi
    row=$(head -1 <<<"$out")
    times+=("$(grep -oP 'Time: \K[0-9.]+' <<<"$out")")
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "postgres $label $row ms=$median"
}

while IFS=$'\t' read -r kind index; do
  if [[ $kind == tiers ]]; then
    timed "tiers query=$index" "
      WITH RECURSIVE reached(org, tier) AS (
        SELECT supplier, 1 FROM relationships WHERE buyer = $index
        UNION
        SELECT r.supplier, reached.tier + 1 FROM relationships r JOIN reached ON r.buyer = reached.org
        WHERE reached.tier < $max_tier)
      SELECT 'count=' || count(*) || ' sum=' || COALESCE(sum(tier), 0)
      FROM (SELECT org, min(tier) AS tier FROM reached WHERE org <> $index GROUP BY org) shortest"
  elif [[ $kind == blast ]]; then
    timed "blast query=$index" "
      WITH RECURSIVE upstream(org, depth, stops) AS (
        SELECT $index, 0, true
        UNION
        SELECT r.buyer, upstream.depth + 1, upstream.stops AND r.critical
        FROM relationships r JOIN upstream ON r.supplier = upstream.org
        WHERE upstream.depth < $blast_tiers)
      SELECT 'count=' || count(*) || ' sum=' || COALESCE(sum(depth), 0) || ' stops=' || count(*) FILTER (WHERE stops)
      FROM (SELECT org, min(depth) AS depth, bool_or(stops) AS stops FROM upstream WHERE org <> $index GROUP BY org) affected"
  fi
done < "$queries"
