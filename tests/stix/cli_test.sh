#!/usr/bin/env bash
# ctest stix.cli: `hoshitori share stix-check` on OASIS's poisonivy bundle (counts, extracted
# indicators, markings; text in both languages and JSON) and on broken bundles (exit code 2,
# the JSON path and the Japanese text in the message).
#   cli_test.sh HOSHITORI SOURCE_DIR
set -euo pipefail
bin=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect() {  # expect TEXT FILE
  grep -qF -- "$1" "$2" || { cat "$2"; fail "missing '$1'"; }
}

examples=$source_dir/tests/data/stix2/examples
"$bin" --lang en share stix-check "$examples/poisonivy.json" >"$work/en.txt"
expect "STIX 2.1 bundle bundle--" "$work/en.txt"
expect "(155 objects)" "$work/en.txt"
expect "  vulnerability 6" "$work/en.txt"
expect "ip 219.76.208.163" "$work/en.txt"
expect "the value 'domain autuo.xicp.net' for domain-name:value is not a valid domain" "$work/en.txt"
expect "CVE-2012-0158" "$work/en.txt"
expect "markings: unmarked 155" "$work/en.txt"

"$bin" --lang ja share stix-check "$examples/poisonivy.json" >"$work/ja.txt"
expect "オブジェクト 155 件" "$work/ja.txt"
expect "マーキング: なし 155" "$work/ja.txt"

"$bin" share stix-check --json "$examples/apt1.json" >"$work/apt1.json"
expect '"objects": 76,' "$work/apt1.json"
expect '"relationship": 30' "$work/apt1.json"
expect '"patterns_not_extracted": 2,' "$work/apt1.json"
[[ $(grep -c '"kind":' "$work/apt1.json") -eq 10 ]] || { cat "$work/apt1.json"; fail "apt1: 10 indicators"; }

# A bundle whose second object has a malformed id.
cat >"$work/bad.json" <<'JSON'
{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
 {"type":"identity","spec_version":"2.1","id":"identity--311b2d2d-f010-4473-83ec-1edf84858f4c","created":"2015-12-21T19:59:11Z","modified":"2015-12-21T19:59:11Z","name":"x"},
 {"type":"malware","spec_version":"2.1","id":"malware--42","created":"2015-12-21T19:59:11Z","modified":"2015-12-21T19:59:11Z","is_family":false}]}
JSON
set +e
"$bin" share stix-check "$work/bad.json" >"$work/out.txt" 2>"$work/err.txt"
status=$?
set -e
[[ $status -eq 2 ]] || { cat "$work/err.txt"; fail "exit code $status, expected 2"; }
expect "bad.json: \$.objects[1].id: \"malware--42\" is not \"malware--<UUID>\"" "$work/err.txt"
expect "の形式ではありません" "$work/err.txt"

printf 'not json' >"$work/junk.json"
set +e
"$bin" share stix-check "$work/junk.json" 2>"$work/err.txt"
status=$?
set -e
[[ $status -eq 2 ]] || fail "junk: exit code $status, expected 2"
expect "JSON として読めません" "$work/err.txt"
echo "stix.cli: ok"
