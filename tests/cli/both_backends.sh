# Shared by command-line test scripts that run every check on both store backends.
# `on_both_backends VARIABLE SCRIPT ARGS...`: when HOSHITORI_TEST_PG_URL is set and VARIABLE
# is not, runs SCRIPT once with VARIABLE=sqlite and once with VARIABLE set to the URL of a
# fresh PostgreSQL database (dropped afterwards), then exits with success only when both
# passed. Otherwise returns, and the script runs its checks on VARIABLE's backend (SQLite
# when unset).
on_both_backends() {
  local variable=$1 script=$2
  shift 2
  [[ -n ${HOSHITORI_TEST_PG_URL:-} && -z ${!variable:-} ]] || return 0
  local psql=(/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -d "$HOSHITORI_TEST_PG_URL")
  local database="hoshitori_cli_$$" base sqlite_status pg_status
  echo "== SQLite"
  env "$variable=sqlite" bash "$script" "$@"
  sqlite_status=$?
  echo "== PostgreSQL"
  "${psql[@]}" -c "CREATE DATABASE $database" || exit 1
  base=${HOSHITORI_TEST_PG_URL%%\?*}
  env "$variable=${base%/*}/$database${HOSHITORI_TEST_PG_URL#"$base"}" bash "$script" "$@"
  pg_status=$?
  "${psql[@]}" -c "DROP DATABASE $database WITH (FORCE)"
  [[ $sqlite_status -eq 0 && $pg_status -eq 0 ]]
  exit
}
