#!/usr/bin/env bash
# The whole test suite: set up, build once as Debian builds packages (-O2, no assertions,
# warnings as errors), run every test (unit, behaviour cases, storage on SQLite and on PostgreSQL, crash
# safety, command line, benchmark smoke runs), the browser journeys in Chromium, then the fuzz
# targets (clang, ASan + UBSan) for a fixed number of runs (the HTTP one included).
#
# One optimised build serves every test: a second, RelWithDebInfo build of the same sources
# cost CI about a third of its time and found nothing this build does not (both define
# NDEBUG). `scripts/build.sh` still builds build/ with debug information for development and
# the demo. It is a unity build (several sources per compiler run; cmake/unity_exclusions.py
# keeps apart the files whose local names clash), the tests' own code is compiled at -O1
# (tests/CMakeLists.txt), and the rest at -O2 as Debian's packages are (dpkg-buildflags), not
# CMake's Release default -O3, which costs a fifth more compile time: together these cut
# the build from 26 to under 12 minutes on two cores (docs/benchmarks.md §15). The stress
# test of concurrent edits runs 15 s here (HOSHITORI_STRESS_SECONDS; 60 s by default).
#
# The PostgreSQL tests run against a private PostgreSQL 15 server on loopback that this
# script starts (scripts/pg-test-server.sh) and always stops again. To use a server of your
# own instead, set HOSHITORI_TEST_PG_URL to a database whose user may create databases.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=build-release
echo "test: Release build ($build)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DHOSHITORI_WERROR=ON -DCMAKE_UNITY_BUILD=ON >/dev/null
ninja -C "$build"
if [[ -z ${HOSHITORI_TEST_PG_URL:-} ]]; then
  trap 'bash scripts/pg-test-server.sh stop' EXIT
  # A throw-away server: durability against power loss is not what these tests check.
  HOSHITORI_TEST_PG_URL=$(HOSHITORI_PG_OPTIONS="-c fsync=off" bash scripts/pg-test-server.sh start)
  export HOSHITORI_TEST_PG_URL
fi
echo "test: PostgreSQL at $HOSHITORI_TEST_PG_URL"
HOSHITORI_STRESS_SECONDS=${HOSHITORI_STRESS_SECONDS:-15} ctest --test-dir "$build" --output-on-failure -j2
# The browser journeys: Playwright (tests/web) driving Debian's Chromium headless, ja and en.
echo "test: browser journeys (tests/web/journeys.test.mjs)"
HOSHITORI_BIN=$PWD/$build/src/hoshitori bash scripts/web-test.sh
bash scripts/fuzz.sh 20000
