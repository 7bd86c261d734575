#!/usr/bin/env bash
# ctest stix.schema: the STIX bundles Hoshitori writes (report exports under every TLP marking)
# and OASIS's examples as read and written back, each validated with ajv against the OASIS
# STIX 2.1 schemas (bundle.json and every object's own schema; tests/stix/validate.mjs).
#   schema_test.sh INTERCHANGE_TESTS SOURCE_DIR
# Exit 77 (skip) when node or ajv is missing: run scripts/web-setup.sh.
set -euo pipefail
tests_binary=$1
source_dir=$2
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node is not installed (run scripts/web-setup.sh)"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
HOSHITORI_STIX_OUT=$out "$tests_binary" --gtest_filter='StixWriter.*:StixOasisExamples.*' \
  --gtest_brief=1 >"$out/gtest.log" 2>&1 || { cat "$out/gtest.log"; exit 1; }
shopt -s nullglob
files=("$out"/*.json)
# 7 exports (GREEN and RED with everything, one small report per marking) + 8 OASIS examples.
if (( ${#files[@]} < 15 )); then
  echo "expected at least 15 bundles written, found ${#files[@]}"
  exit 1
fi
node "$source_dir/tests/stix/validate.mjs" "${files[@]}"
