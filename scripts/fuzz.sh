#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each one for a while over
# its seed corpus (tests/fuzz/corpus/<target>). Exits non-zero on any crash or report.
# Usage: scripts/fuzz.sh [RUNS_PER_TARGET]   (default 20000)
# The runs are seeded, so a given build explores the same inputs every time (CI is
# repeatable); longer exploratory runs: FUZZ_SECONDS=600 scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20000}
seconds=${FUZZ_SECONDS:-0}
build=build-fuzz
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DHOSHITORI_FUZZ=ON -DHOSHITORI_FUZZ_ONLY=ON >/dev/null
ninja -C "$build" catalog_fuzz answers_fuzz oscal_fuzz oscal_xml_fuzz ciso_assistant_fuzz sheet_fuzz
passed=0
failed=0
for target in catalog_fuzz answers_fuzz oscal_fuzz oscal_xml_fuzz ciso_assistant_fuzz sheet_fuzz; do
  corpus=tests/fuzz/corpus/${target%_fuzz}
  work=$(mktemp -d)
  cp "$corpus"/* "$work"/
  if [[ $seconds -gt 0 ]]; then limit=(-max_total_time="$seconds"); else limit=(-runs="$runs" -seed=1); fi
  echo "fuzz: $target ${limit[*]}"
  if "$build/tests/fuzz/$target" "${limit[@]}" -max_len=65536 -timeout=10 \
      -print_final_stats=1 "$work" >"$build/$target.log" 2>&1; then
    grep -E 'stat::number_of_executed_units' "$build/$target.log" || true
    passed=$((passed + 1))
  else
    echo "fuzz: $target FAILED; see $build/$target.log"
    tail -40 "$build/$target.log"
    failed=$((failed + 1))
  fi
  rm -rf "$work"
done
echo "fuzz: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
