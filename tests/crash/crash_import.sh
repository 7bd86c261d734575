#!/usr/bin/env bash
# Crash safety: a campaign import killed half-way leaves no assessment and no answer behind.
#
# Usage: crash_import.sh sqlite|postgresql HOSHITORI_BINARY DATA_GENERATOR SOURCE_DIR [ORGANISATIONS]
#
# sqlite:      SIGKILL the CLI while its transaction is writing; reopen; nothing is visible.
# postgresql:  the same, then kill the PostgreSQL server itself (pg_ctl stop -m immediate)
#              during an import, restart it (crash recovery) and check again. Runs on a
#              private server of its own (scripts/pg-test-server.sh) so that killing it does
#              not disturb other tests; skipped (exit 77) when HOSHITORI_TEST_PG_URL is unset.
# Both end with a full import on the same database, which must succeed.
set -uo pipefail
backend=$1 bin=$2 generate=$3 src=$4 organisations=${5:-4000}
framework=hoshitori-common

work=$(mktemp -d)
chmod 755 "$work"  # the PostgreSQL server runs as the postgres user
server=(env HOSHITORI_PG_STATE="$work/pg" bash "$src/scripts/pg-test-server.sh")
cli_pid=
cleanup() {
  if [[ -n $cli_pid ]]; then kill -9 "$cli_pid" 2>/dev/null; wait "$cli_pid" 2>/dev/null; fi
  if [[ $backend == postgresql ]]; then "${server[@]}" stop >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
# Only the framework the campaign answers: the test does not depend on the rest of the catalog.
mkdir "$work/catalogs"
cp "$src/catalogs/$framework.yaml" "$work/catalogs/"
export HOSHITORI_CATALOGS="$work/catalogs"

fail() { echo "FAIL: $*"; exit 1; }
say() { echo "crash[$backend]: $*"; }

case $backend in
  sqlite)
    db="$work/crash.db"
    count() { sqlite3 "$db" "SELECT count(*) FROM $1"; }
    # Uncommitted pages reach the write-ahead log once the page cache overflows.
    written() { stat -c %s "$db-wal" 2>/dev/null || echo 0; }
    ;;
  postgresql)
    if [[ -z ${HOSHITORI_TEST_PG_URL:-} ]]; then
      echo "HOSHITORI_TEST_PG_URL is not set: PostgreSQL crash test skipped (scripts/test.sh sets it)"
      exit 77
    fi
    psql=${HOSHITORI_PG_BIN:-/usr/lib/postgresql/15/bin}/psql
    db=$("${server[@]}" start) || fail "cannot start a private PostgreSQL server"
    say "private server at $db"
    count() { "$psql" -X -q -t -A -d "$db" -c "SELECT count(*) FROM $1"; }
    # Uncommitted rows already extend the table on disk.
    written() { "$psql" -X -q -t -A -d "$db" -c "SELECT pg_relation_size('answers')" 2>/dev/null || echo 0; }
    ;;
  *) fail "unknown backend '$backend'" ;;
esac
hoshitori() { "$bin" --db "$db" "$@"; }

read -r _ answers < <("$generate" "$work/catalogs" "$framework" "$organisations" "$work") ||
  fail "cannot generate the campaign"
hoshitori org import "$work/organisations.csv" >/dev/null || fail "cannot register the organisations"
say "campaign of $organisations organisations, $answers answers"

# Starts the import in the background and waits until its transaction has written 4 MB.
start_import() {
  local before
  before=$(written)
  "$bin" --db "$db" assess import-campaign --framework "$framework" --file "$work/campaign.csv" \
    >"$work/import.out" 2>&1 &
  cli_pid=$!
  for _ in $(seq 1 3000); do
    if ! kill -0 "$cli_pid" 2>/dev/null; then
      cat "$work/import.out"
      fail "the import ended before it could be interrupted; use more organisations"
    fi
    (($(written) > before + 4 * 1024 * 1024)) && return 0
    sleep 0.02
  done
  fail "the import did not start writing within 60 s"
}

nothing_visible() {  # nothing_visible WHEN
  local assessments answers_left
  assessments=$(count assessments) || fail "$1: cannot read the database"
  answers_left=$(count answers) || fail "$1: cannot read the database"
  [[ $assessments == 0 && $answers_left == 0 ]] ||
    fail "$1: a partial import is visible ($assessments assessments, $answers_left answers)"
  [[ $(count organisations) == "$organisations" ]] || fail "$1: the organisations registered before were lost"
  [[ -z $(hoshitori assess list) ]] || fail "$1: hoshitori assess list shows assessments"
  say "$1: no assessment and no answer visible"
}

# 1. The client dies mid-import.
start_import
kill -9 "$cli_pid"
wait "$cli_pid" 2>/dev/null
status=$?
cli_pid=
[[ $status -eq 137 ]] || fail "the import was not killed (exit $status)"
if [[ $backend == sqlite ]]; then
  [[ $(sqlite3 "$db" "PRAGMA integrity_check") == ok ]] || fail "the database is damaged after the kill"
fi
nothing_visible "CLI killed with SIGKILL"

# 2. The server dies mid-import and recovers.
if [[ $backend == postgresql ]]; then
  start_import
  "${server[@]}" crash || fail "cannot stop the server"
  wait "$cli_pid"
  status=$?
  cli_pid=
  [[ $status -ne 0 ]] || fail "the import reported success although the server died"
  grep -q "PostgreSQL" "$work/import.out" || fail "the import's error does not say what happened: $(cat "$work/import.out")"
  say "the import failed with: $(head -c 300 "$work/import.out")"
  "${server[@]}" start >/dev/null || fail "the server did not recover"
  nothing_visible "server killed (pg_ctl stop -m immediate) and restarted"
fi

# 3. The same import, uninterrupted, stores everything.
hoshitori assess import-campaign --framework "$framework" --file "$work/campaign.csv" >"$work/import.out" 2>&1 ||
  fail "the import after the crash failed: $(cat "$work/import.out")"
[[ $(count assessments) == "$organisations" && $(count answers) == "$answers" ]] ||
  fail "the complete import stored $(count assessments) assessments and $(count answers) answers"
say "complete import afterwards: $organisations assessments, $answers answers"
echo "PASS"
