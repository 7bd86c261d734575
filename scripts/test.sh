#!/usr/bin/env bash
# The whole test suite: set up, build (RelWithDebInfo, and Release as packagers build it),
# run every test (unit, behaviour cases, storage on SQLite and on PostgreSQL, crash safety,
# command line, benchmark smoke runs), the browser journeys in Chromium, then the fuzz
# targets for a fixed number of runs (the HTTP one included).
#
# The PostgreSQL tests run against a private PostgreSQL 15 server on loopback that this
# script starts (scripts/pg-test-server.sh) and always stops again. To use a server of your
# own instead, set HOSHITORI_TEST_PG_URL to a database whose user may create databases.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
# A Release build as packagers make it (-O3, where GCC warns differently), warnings still
# errors here: the program and the pure unit tests.
echo "test: Release build (build-release)"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOSHITORI_WERROR=ON >/dev/null
ninja -C build-release hoshitori unit_tests
build-release/tests/unit_tests --gtest_brief=1
if [[ -z ${HOSHITORI_TEST_PG_URL:-} ]]; then
  trap 'bash scripts/pg-test-server.sh stop' EXIT
  # A throw-away server: durability against power loss is not what these tests check.
  HOSHITORI_TEST_PG_URL=$(HOSHITORI_PG_OPTIONS="-c fsync=off" bash scripts/pg-test-server.sh start)
  export HOSHITORI_TEST_PG_URL
fi
echo "test: PostgreSQL at $HOSHITORI_TEST_PG_URL"
ctest --test-dir build --output-on-failure -j2
# The browser journeys: Playwright (tests/web) driving Debian's Chromium headless, ja and en.
echo "test: browser journeys (tests/web/journeys.test.mjs)"
bash scripts/web-test.sh
bash scripts/fuzz.sh 20000
