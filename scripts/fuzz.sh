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
# The libraries up to the API and the pages are built too (for http_fuzz), not the tests: as
# one unity build, with line tables only for debug information (all a sanitizer report needs
# to name file and line; with full debug information one file measured took a third longer
# to compile, 89 s against 67 s).
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" \
  -DCMAKE_CXX_COMPILER=clang++ -DHOSHITORI_FUZZ=ON -DHOSHITORI_FUZZ_ONLY=OFF \
  -DHOSHITORI_TESTS=OFF -DHOSHITORI_BENCH=OFF -DHOSHITORI_WERROR=ON -DCMAKE_UNITY_BUILD=ON \
  >/dev/null
# Every parser's target: tests/fuzz/<name>_fuzz.cc with its seeds in tests/fuzz/corpus/<name>/.
targets=()
for source in tests/fuzz/*_fuzz.cc; do
  target=$(basename "$source" .cc)
  [[ $target == http_fuzz ]] || targets+=("$target")
done
ninja -C "$build" "${targets[@]}"
# One run per target, two at a time (each run is one thread; the machines this runs on have
# two cores or more). A target's report is printed when it ends.
run_target() {
  local target=$1 corpus=tests/fuzz/corpus/${1%_fuzz} work limit
  work=$(mktemp -d)
  cp "$corpus"/* "$work"/
  if [[ $seconds -gt 0 ]]; then limit=(-max_total_time="$seconds"); else limit=(-runs="$runs" -seed=1); fi
  if "$build/tests/fuzz/$target" "${limit[@]}" -max_len=65536 -timeout=10 \
      -print_final_stats=1 "$work" >"$build/$target.log" 2>&1; then
    echo "fuzz: $target ${limit[*]}: $(grep -E 'stat::number_of_executed_units' "$build/$target.log" || true)"
    rm -rf "$work"
    return 0
  fi
  echo "fuzz: $target FAILED; see $build/$target.log"
  tail -40 "$build/$target.log"
  rm -rf "$work"
  return 1
}
export -f run_target
export build runs seconds
passed=0
failed=0
while read -r status; do
  if [[ $status == 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done < <(printf '%s\n' "${targets[@]}" |
         xargs -P 2 -I{} bash -c 'run_target {} >"$build/{}.out" 2>&1; status=$?; cat "$build/{}.out" >&2; echo $status')
# Whole HTTP requests (tests/fuzz/http_fuzz.cc): server boundary, router, API handlers and
# pages as a signed-in user over SQLite. Each input costs a database round trip or more, so
# it gets fewer runs (HTTP_FUZZ_RUNS, default RUNS/2: about 30 s) and room for the deep-JSON seeds.
ninja -C "$build" http_fuzz
http_runs=${HTTP_FUZZ_RUNS:-$((runs / 2))}
work=$(mktemp -d)
cp tests/fuzz/corpus/http/* "$work"/
if [[ $seconds -gt 0 ]]; then limit=(-max_total_time="$seconds"); else limit=(-runs="$http_runs" -seed=1); fi
echo "fuzz: http_fuzz ${limit[*]}"
started=$SECONDS
if "$build/tests/fuzz/http_fuzz" "${limit[@]}" -max_len=262144 -timeout=10 \
    -print_final_stats=1 "$work" >"$build/http_fuzz.log" 2>&1; then
  grep -E 'stat::number_of_executed_units' "$build/http_fuzz.log" || true
  echo "fuzz: http_fuzz took $((SECONDS - started)) s"
  passed=$((passed + 1))
else
  echo "fuzz: http_fuzz FAILED; see $build/http_fuzz.log"
  tail -40 "$build/http_fuzz.log"
  failed=$((failed + 1))
fi
rm -rf "$work"

echo "fuzz: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
