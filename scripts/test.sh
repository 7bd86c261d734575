#!/usr/bin/env bash
# The whole test suite: set up, build, run every test (unit, behaviour cases, storage,
# command line, benchmark smoke runs), then the fuzz targets for a fixed number of runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2
bash scripts/fuzz.sh 20000
