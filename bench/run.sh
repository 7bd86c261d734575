#!/usr/bin/env bash
# Runs the foundation benchmarks at full size and prints their numbers (see docs/benchmarks.md).
# Usage: bench/run.sh [ASSESSMENTS]   (default 1000000; the database is kept in bench/data/)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(lscpu | sed -n 's/^Model name: *//p')"
echo "sqlite: $(sqlite3 --version | cut -d' ' -f1), compiler: $(c++ --version | head -1)"
echo "== campaign import (4,000 organisations x every hub criterion)"
/usr/bin/time -f "process peak RSS %M KiB" ./build/bench/campaign_import_bench --organisations 4000 --repeat 3
echo "== scoring (${1:-1000000} assessments)"
/usr/bin/time -f "process peak RSS %M KiB" ./build/bench/scoring_bench --assessments "${1:-1000000}" --reuse
