#!/usr/bin/env bash
# API load benchmark (issue: HTTP API server): wrk on loopback against `hoshitori serve`
# and, in the same run, against nginx serving the very same response bytes as static files.
#
#   bench/api/run.sh load [SUPPLIERS]    both backends (SQLite file, private PostgreSQL 15)
#   bench/api/run.sh soak [SECONDS]      fixed-rate mixed reads and writes on SQLite,
#                                        errors counted, RSS sampled every 30 s
#   bench/api/run.sh write-heavy [SUPPLIERS]
#                                        both backends: the buyer's supplier list read-only,
#                                        then with one request in 20 a supplier's share
#                                        revoked or granted again (one board row changes) and
#                                        one in 1,000 a policy change; every row read checked
#                                        against the writes acknowledged before it
#                                        (bench/api/write_load.cc); nginx peer for the list
#   bench/api/run.sh two-nodes [SUPPLIERS]
#                                        PostgreSQL: the write-heavy mix through nginx over two
#                                        one-thread nodes, then on one two-thread node
#
# Environment: DURATION (seconds per wrk run, default 20), CONNECTIONS (default 64),
# BACKENDS (load and write-heavy: which of "sqlite postgresql" to run, default both),
# THREADS (server threads, nginx workers and wrk threads, default 2), SERVER_THREADS (the
# server's alone, default THREADS; not in two-nodes), RATE (soak requests/s, default 500),
# BUILD_DIR (use the binaries already built there instead of running scripts/build.sh).
# Needs wrk and nginx (scripts/setup.sh installs them). Prints the figures recorded in
# docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
mode=${1:-load}
if [[ -n ${BUILD_DIR:-} ]]; then
  build=$(cd "$BUILD_DIR" && pwd)
else
  bash scripts/build.sh >/dev/null
  build=$repo/build
fi
bin=$build/src/hoshitori
data_bin=$build/bench/api_bench_data
load_bin=$build/bench/write_load
work=$(mktemp -d /tmp/hoshitori-api-bench.XXXXXX)
chmod 755 "$work"  # nginx's workers run as www-data
duration=${DURATION:-20}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
server_threads=${SERVER_THREADS:-$threads}
server_pid="" server2_pid="" nginx_pid="" pg_started=""

cleanup() {
  [[ -n $server_pid ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n $server2_pid ]] && kill -TERM "$server2_pid" 2>/dev/null && wait "$server2_pid" 2>/dev/null
  [[ -n $nginx_pid ]] && kill -QUIT "$nginx_pid" 2>/dev/null
  [[ -n $pg_started ]] && bash scripts/pg-test-server.sh stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(lscpu | sed -n 's/^Model name: *//p')"
echo "wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), nginx: $(nginx -v 2>&1 | cut -d/ -f2)"
echo "server threads: $server_threads, wrk: -t$threads -c$connections -d${duration}s --latency"

# Starts the server on database $1 (with $2 threads, default $server_threads); sets server_pid and
# port.
start_server() {
  port=$(free_port)
  # With the access log on, as in production (one JSON line per request to a file).
  # SERVE_ARGS: further options for every server started (e.g. "--write-threads 4").
  # shellcheck disable=SC2086
  "$bin" --db "$1" serve --port "$port" --threads "${2:-$server_threads}" ${SERVE_ARGS:-} >>"$work/server.log" 2>&1 &
  server_pid=$!
  # The first start on a fresh database scores every stored assessment (minutes on a busy
  # machine with 10,000 suppliers).
  for _ in $(seq 1 3000); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start:"; cat "$work/server.log"; exit 1
}
stop_server() { kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""; }

# Creates an empty benchmark database on backend $1 (sqlite, postgresql); sets db.
bench_db() {
  if [[ $1 == sqlite ]]; then
    db=$work/bench.db
    rm -f "$db"
  else
    bash scripts/pg-test-server.sh status >/dev/null 2>&1 || pg_started=1
    server_url=$(bash scripts/pg-test-server.sh start | tail -1)
    psql=(/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -d "$server_url")
    "${psql[@]}" -c "DROP DATABASE IF EXISTS hoshitori_api_bench WITH (FORCE)" -c "CREATE DATABASE hoshitori_api_bench" >/dev/null
    db=${server_url%/*}/hoshitori_api_bench
  fi
}

# Starts nginx on nginx_port with the server block body $1 (default: the static files of
# $work/www) and the http-level lines $2; sets nginx_pid.
start_nginx() {
  mkdir -p "$work/www" "$work/nginx"
  chmod 755 "$work/www"
  nginx_port=$(free_port)
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes $threads;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  types { application/json json; }
  ${2:-}
  server { listen 127.0.0.1:$nginx_port; ${1:-root $work/www;} }
}
CONF
  nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  sleep 0.5
}
stop_nginx() { kill -QUIT "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; }

# Writes the benchmark data ($1 suppliers, two writing suppliers per connection) into $db;
# sets token and buyer_number.
write_data() {
  "$data_bin" --db "$db" --suppliers "$1" --token-file "$work/token" --writers $((connections * 2)) \
    --writers-file "$work/writers" >/dev/null
  token=$(cat "$work/token")
  buyer_number=8900000000001  # Number(900000000001) in bench/api_bench_data.cc
}

# Runs write_load against 127.0.0.1:$1 for $duration s, a write every $2 requests and a
# policy change every $3 (0: none); prints its figures.
run_load() {
  "$load_bin" --port "$1" --buyer-token "$token" --buyer-number "$buyer_number" --writers "$work/writers" \
    --seconds "$duration" --connections "$connections" --write-every "$2" --policy-every "$3"
}
load_format="%-32s %10s %7s %7s %9s %8s %7s %9s %6s %8s %10s\n"
load_header() {
  # shellcheck disable=SC2059
  printf "$load_format" run requests/s p50_ms p99_ms reads/s read_p99 writes write_p99 errors checked violations
}
print_load() {  # name figures...
  # shellcheck disable=SC2059
  printf "$load_format" "$@"
}

# Resident memory in KiB: total, and its anonymous part (heap; the rest is the SQLite file
# mapped into memory, which the kernel may drop and read back at will).
rss_kib() { awk '/VmRSS/ {t=$2} /RssAnon/ {a=$2} END {printf "%s (anonymous %s)", t, a}' "/proc/$1/status"; }

# Prints "requests/s p50 p99 errors" from wrk's --latency output in $1.
wrk_figures() {
  awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {non2xx=$NF}
    /Socket errors/ {split($0,a,/[ ,]+/); for(i in a) if (a[i] ~ /^[0-9]+$/) sock+=a[i]}
    END {printf "%s %s %s %d\n", rps, p50, p99, non2xx+sock}' "$1"
}

run_wrk() {  # name url [header]
  local name=$1 url=$2 header=${3:-}
  local args=(-t"$threads" -c"$connections" -d"${duration}s" --latency)
  [[ -n $header ]] && args+=(-H "$header")
  wrk "${args[@]}" "$url" >"$work/$name.wrk" 2>&1
  wrk_figures "$work/$name.wrk"
}

if [[ $mode == load ]]; then
  suppliers=${2:-10000}
  # nginx: the same bytes as static files, keep-alive, one worker per core.
  start_nginx

  for backend in ${BACKENDS:-sqlite postgresql}; do
    bench_db "$backend"
    echo "== $backend: $suppliers suppliers"
    start=$(date +%s.%N)
    sample=$("$data_bin" --db "$db" --suppliers "$suppliers" --token-file "$work/token")
    echo "data written in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
    token=$(cat "$work/token")
    start=$(date +%s.%N)
    start_server "$db"
    echo "server ready in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s (scores imported assessments once), RSS $(rss_kib "$server_pid") KiB"
    auth="Authorization: Bearer $token"
    list_url="http://127.0.0.1:$port/api/v1/suppliers"
    one_url="http://127.0.0.1:$port/api/v1/assessments/$sample"
    curl -sf -H "$auth" "$list_url" -o "$work/www/suppliers.json"
    curl -sf -H "$auth" "$one_url" -o "$work/www/assessment.json"
    total=$(python3 -c "import json,sys; d=json.load(open('$work/www/suppliers.json')); print(d['total'], len(d['suppliers']), d['counts'])")
    echo "supplier list: total, rows on page 1, counts = $total; bytes $(stat -c %s "$work/www/suppliers.json"); assessment bytes $(stat -c %s "$work/www/assessment.json")"
    printf "%-28s %12s %10s %10s %7s\n" endpoint requests/s p50 p99 errors
    read -r rps p50 p99 errors < <(run_wrk "$backend-list" "$list_url" "$auth")
    printf "%-28s %12s %10s %10s %7s\n" "hoshitori supplier list" "$rps" "$p50" "$p99" "$errors"
    read -r nrps np50 np99 nerrors < <(run_wrk "$backend-nginx-list" "http://127.0.0.1:$nginx_port/suppliers.json")
    printf "%-28s %12s %10s %10s %7s\n" "nginx same bytes" "$nrps" "$np50" "$np99" "$nerrors"
    echo "ratio supplier list: $(echo "scale=3; $rps / $nrps" | bc)"
    read -r rps p50 p99 errors < <(run_wrk "$backend-one" "$one_url" "$auth")
    printf "%-28s %12s %10s %10s %7s\n" "hoshitori one assessment" "$rps" "$p50" "$p99" "$errors"
    read -r nrps np50 np99 nerrors < <(run_wrk "$backend-nginx-one" "http://127.0.0.1:$nginx_port/assessment.json")
    printf "%-28s %12s %10s %10s %7s\n" "nginx same bytes" "$nrps" "$np50" "$np99" "$nerrors"
    echo "ratio one assessment: $(echo "scale=3; $rps / $nrps" | bc)"
    echo "server RSS after the runs: $(rss_kib "$server_pid") KiB"
    stop_server
  done
elif [[ $mode == soak ]]; then
  seconds=${2:-600}
  rate=${RATE:-500}
  db=$work/soak.db
  sample=$("$data_bin" --db "$db" --suppliers 10000 --token-file "$work/token")
  token=$(cat "$work/token")
  start_server "$db"
  # A fixed rate: each of C connections waits C*1000/rate ms between its requests. The mix:
  # supplier-list pages with different sorts and filters, one assessment, and every 500th
  # request a policy update (a write that invalidates the buyer's cached board).
  soak_connections=16
  cat >"$work/soak.lua" <<EOF
local paths = {"/api/v1/suppliers", "/api/v1/suppliers?page=7&sort=name", "/api/v1/suppliers?status=below&per_page=100",
  "/api/v1/suppliers?q=12&sort=-held_star", "/api/v1/assessments/$sample", "/api/v1/chain/compliance",
  "/api/v1/suppliers?tier=2&sort=expiry"}
local n = 0
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  n = n + 1
  if n % 500 == 0 then
    local body = '{"rules": "rule t2: tier >= 2, data has personal => star3 \\\\"soak\\\\"\\\\n"}'
    -- wrk.format uses the headers given instead of wrk.headers: repeat the token.
    return wrk.format("PUT", "/api/v1/policy",
                      {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $token"}, body)
  end
  return wrk.format("GET", paths[(n % #paths) + 1])
end
delay = function() return $((soak_connections * 1000 / rate)) end
EOF
  echo "== soak: $seconds s at about $rate requests/s on SQLite, 10000 suppliers"
  echo "RSS at start: $(rss_kib "$server_pid") KiB"
  (for ((t = 30; t <= seconds; t += 30)); do sleep 30; echo "RSS at ${t}s: $(rss_kib "$server_pid") KiB"; done) &
  sampler=$!
  wrk -t1 -c"$soak_connections" -d"${seconds}s" --latency -s "$work/soak.lua" "http://127.0.0.1:$port" >"$work/soak.wrk" 2>&1
  wait "$sampler" 2>/dev/null || true
  cat "$work/soak.wrk"
  read -r rps p50 p99 errors < <(wrk_figures "$work/soak.wrk")
  echo "soak: $rps requests/s, p50 $p50, p99 $p99, errors (non-2xx + socket) $errors"
  echo "RSS at end: $(rss_kib "$server_pid") KiB"
  echo "server log lines with status >= 400: $(grep -c '"status":[45]' "$work/server.log" || true)"
  stop_server
elif [[ $mode == write-heavy ]]; then
  suppliers=${2:-10000}
  echo "mix: reads of the buyer's supplier list (half page 1, half one supplier's row by q=); write-heavy adds"
  echo "one request in 20 a supplier revoking its share to the buyer or sharing again, one in 1000 PUT /api/v1/policy"
  start_nginx
  for backend in ${BACKENDS:-sqlite postgresql}; do
    bench_db "$backend"
    echo "== $backend: $suppliers suppliers, $connections connections, server threads $server_threads"
    write_data "$suppliers"
    start_server "$db"
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/suppliers" -o "$work/www/suppliers.json"
    load_header
    # shellcheck disable=SC2046
    print_load "hoshitori read-only" $(run_load "$port" 0 0)
    # shellcheck disable=SC2046
    print_load "hoshitori write-heavy" $(run_load "$port" 20 1000)
    read -r nrps np50 np99 nerrors < <(run_wrk "$backend-nginx-list" "http://127.0.0.1:$nginx_port/suppliers.json")
    echo "nginx, the same bytes as page 1 (wrk): $nrps requests/s, p50 $np50, p99 $np99, errors $nerrors"
    echo "server RSS after the runs: $(rss_kib "$server_pid") KiB"
    stop_server
  done
elif [[ $mode == two-nodes ]]; then
  suppliers=${2:-10000}
  proxy='proxy_pass http://hoshitori; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host;'
  bench_db postgresql
  echo "== postgresql: $suppliers suppliers, $connections connections, the write-heavy mix"
  write_data "$suppliers"
  start_server "$db" 1
  first_pid=$server_pid first_port=$port
  start_server "$db" 1
  server2_pid=$first_pid
  start_nginx "location / { $proxy proxy_next_upstream error timeout; }" \
    "upstream hoshitori { server 127.0.0.1:$first_port; server 127.0.0.1:$port; keepalive 64; }"
  load_header
  # shellcheck disable=SC2046
  print_load "two 1-thread nodes behind nginx" $(run_load "$nginx_port" 20 1000)
  stop_nginx
  stop_server
  server_pid=$server2_pid server2_pid=""
  stop_server
  start_server "$db" 2
  # shellcheck disable=SC2046
  print_load "one 2-thread node" $(run_load "$port" 20 1000)
  start_nginx "location / { $proxy }" "upstream hoshitori { server 127.0.0.1:$port; keepalive 64; }"
  # shellcheck disable=SC2046
  print_load "one 2-thread node behind nginx" $(run_load "$nginx_port" 20 1000)
  stop_nginx
  stop_server
else
  echo "usage: bench/api/run.sh load [SUPPLIERS] | soak [SECONDS] | write-heavy [SUPPLIERS] | two-nodes [SUPPLIERS]"
  exit 2
fi
