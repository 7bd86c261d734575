#!/usr/bin/env bash
# The browser journeys (tests/web/*.test.mjs): Playwright drives Debian's Chromium
# headless against a fresh demo server, in Japanese and in English. Needs a built binary
# (HOSHITORI_BIN, default build/src/hoshitori) and scripts/web-setup.sh. Prints a closing
# line "browser: N passed, N failed" and exits non-zero when a journey fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/web-setup.sh >/dev/null
export HOSHITORI_BIN=${HOSHITORI_BIN:-$PWD/build/src/hoshitori}
log=$(mktemp)
status=0
(cd tests/web && node --test --test-concurrency=1 --test-reporter=tap ./*.test.mjs) >"$log" 2>&1 || status=$?
# A failure's error, message and stack are YAML blocks: their text is on the lines indented
# four spaces below the key, so those are printed too (without node's own frames).
grep -E '^(not )?ok |^# Subtest|^ +(error|message|expected|actual|stack):|^    [^ ]|^ +at ' "$log" |
  grep -Ev '^ +at .*node:|^ +(at )?(async )?(Test|Suite|TestContext|process\.|new Promise)' | head -80 || true
passed=$(grep -E '^# pass ' "$log" | awk '{print $3}')
failed=$(grep -E '^# fail ' "$log" | awk '{print $3}')
if [[ $status -ne 0 && -z $failed ]]; then cat "$log"; fi
echo "browser: ${passed:-0} passed, ${failed:-?} failed"
rm -f "$log"
exit "$status"
