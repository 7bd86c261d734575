#!/usr/bin/env bash
# A private PostgreSQL 15 server on loopback for the tests: its own cluster in a state
# directory, trust authentication, listening on 127.0.0.1 only. Never touches a system
# cluster.
#
# Usage: scripts/pg-test-server.sh start|stop|url|status|crash
#   start   create the cluster if needed, start it, create the database, print the URL
#   stop    stop the server and remove the state directory
#   url     print the URL (postgresql://postgres@127.0.0.1:PORT/hoshitori_test)
#   status  exit 0 when the server is running
#   crash   stop the server the way a crash would (pg_ctl stop -m immediate), keeping the
#           data; `start` recovers it
# Every command is idempotent.
#
# Environment:
#   HOSHITORI_PG_STATE  state directory (default: one per checkout under ${TMPDIR:-/tmp})
#   HOSHITORI_PG_PORT   port (default: the first free port from 54329; remembered in the
#                       state directory)
#   HOSHITORI_PG_BIN    PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   HOSHITORI_PG_OPTIONS extra server options for `start`, e.g. "-c fsync=off"
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${HOSHITORI_PG_BIN:-/usr/lib/postgresql/15/bin}
state=${HOSHITORI_PG_STATE:-${TMPDIR:-/tmp}/hoshitori-pg-$(id -u)-$(printf '%s' "$repo" | md5sum | cut -c1-10)}
data=$state/data
database=hoshitori_test

die() { echo "pg-test-server: $*" >&2; exit 1; }

as_owner() {  # runs a PostgreSQL program as the cluster's owner
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port() {
  if [[ -f $state/port ]]; then
    cat "$state/port"
  elif [[ -n ${HOSHITORI_PG_PORT:-} ]]; then
    echo "$HOSHITORI_PG_PORT"
  else
    local p=54329
    while port_in_use "$p"; do
      p=$((p + 1))
      ((p < 54429)) || die "no free port in 54329..54428"
    done
    echo "$p"
  fi
}

url() { echo "postgresql://postgres@127.0.0.1:$(port)/$database"; }

running() { [[ -f $data/postmaster.pid ]] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start() {
  [[ -x $bin/initdb ]] || die "PostgreSQL 15 is not installed ($bin/initdb missing); run scripts/setup.sh"
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "the postgres user is missing; install postgresql-15 (scripts/setup.sh)"
  fi
  mkdir -p "$state"
  chmod 755 "$state"
  local p
  p=$(port)
  echo "$p" >"$state/port"
  if [[ ! -f $data/PG_VERSION ]]; then
    rm -rf "$data"
    install -d -m 700 "$data"
    if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$data" "$state"; fi
    as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$state/initdb.log" 2>&1 ||
      die "initdb failed; see $state/initdb.log"
  fi
  if ! running; then
    port_in_use "$p" && die "port $p is taken by another program; set HOSHITORI_PG_PORT or run stop"
    as_owner "$bin/pg_ctl" -D "$data" -l "$state/server.log" -w -t 60 \
      -o "-p $p -k $state -c listen_addresses=127.0.0.1 ${HOSHITORI_PG_OPTIONS:-}" start >/dev/null ||
      die "the server did not start; see $state/server.log"
  fi
  local exists
  exists=$("$bin/psql" -X -q -t -A -h 127.0.0.1 -p "$p" -U postgres -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = '$database'")
  if [[ $exists != 1 ]]; then
    "$bin/psql" -X -q -h 127.0.0.1 -p "$p" -U postgres -d postgres -c "CREATE DATABASE $database" >/dev/null
  fi
  url
}

stop() {
  if [[ -d $data ]] && running; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
  rm -rf "$state"
}

crash() {
  if [[ -d $data ]] && running; then
    as_owner "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
  fi
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  url) [[ -f $state/port ]] || die "not started (run: $0 start)"; url ;;
  status) running ;;
  crash) crash ;;
  *) echo "usage: $0 start|stop|url|status|crash" >&2; exit 2 ;;
esac
