#!/usr/bin/env bash
# import / export / crosswalk coverage end to end: what a user types, what they see, and
# that a failed import changes nothing. Works on a copy of tests/cases/catalogs/mini.
# Usage: cli_interchange.sh HOSHITORI_BINARY SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
samples=$src/tests/interchange/samples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat=$work/catalog
cp -r "$src/tests/cases/catalogs/mini" "$cat"
export HOSHITORI_DB="$work/x.db" HOSHITORI_CATALOGS="$cat" HOSHITORI_TODAY=2026-11-21
source "$src/tests/cli/check.sh"
files() { find "$cat" -type f | sort | md5sum; }

check "import an SP 800-53-style OSCAL catalog" 0 'framework sp-sample: 5 nodes, 4 assessable' -- \
  "$bin" import oscal catalog "$samples/oscal-catalog-sp800-53-style.json" --id sp-sample
check "import a CSF-style OSCAL catalog, leaves only" 0 'framework csf-sample: 5 nodes, 3 assessable' -- \
  "$bin" import oscal catalog "$samples/oscal-catalog-csf-style.json" --id csf-sample --leaves-only
check "the catalog still validates" 0 '^OK: 9 frameworks' -- "$bin" catalog validate
before=$(files)
check "importing the same catalog again is refused" 1 'already exists; pass --replace' -- \
  "$bin" import oscal catalog "$samples/oscal-catalog-csf-style.json" --id csf-sample --leaves-only
check "a mapping to the wrong framework names the map" 1 "maps\[0\]: 'ac-1' is not a requirement of mini-hub" -- \
  "$bin" import oscal mapping "$samples/oscal-mapping-sample.json" --source csf-sample --target mini-hub
check "a dry run writes nothing" 0 'nothing written' -- \
  "$bin" import oscal mapping "$samples/oscal-mapping-sample.json" --source csf-sample --target sp-sample --dry-run
[[ "$(files)" == "$before" ]] && passes=$((passes + 1)) || { echo "FAIL: failed imports changed the catalog"; failures=$((failures + 1)); }
check "import an OSCAL mapping collection" 0 'mapping set csf-sample_to_sp-sample \(csf-sample → sp-sample\): 4 mappings' -- \
  "$bin" import oscal mapping "$samples/oscal-mapping-sample.json" --source csf-sample --target sp-sample
check "crosswalk between imported frameworks" 0 'fully' -- \
  "$bin" crosswalk coverage --from csf-sample --to sp-sample --json

check "import a CISO Assistant framework" 0 'framework sample-guideline: 7 nodes, 5 assessable' -- \
  "$bin" import ciso-assistant "$samples/ciso-library-sample.yaml" --level-map IG1=lv1,IG2=lv2
check "import a CISO Assistant mapping set" 0 'sample-guideline_to_mini-hub .*: 6 mappings' -- \
  "$bin" import ciso-assistant "$samples/ciso-mapping-sample.yaml"
check "CISO levels arrive as tags" 0 '\[GOV.1\] .*\(lv1 lv2 lv3\)' -- "$bin" --lang en catalog show sample-guideline

check "import a guideline sheet (xlsx)" 0 'framework sample-industry-guideline: 7 nodes, 7 assessable, 3 categories' -- \
  "$bin" import sheet framework "$samples/guideline-sample.xlsx" --map "$samples/guideline-map.yaml"
sed 's/Lv2,特権/Lv9,特権/' "$samples/guideline-sample.csv" > "$work/bad-guideline.csv"
check "a bad row in a guideline sheet names row and column" 1 "bad-guideline.csv: row 6, column 'レベル' \(C\): level 'Lv9' is unknown" -- \
  "$bin" import sheet framework "$work/bad-guideline.csv" --map "$samples/guideline-map.yaml" --replace

check "export OSCAL catalog" 0 '"oscal-version": "1.1.2"' -- "$bin" export oscal catalog mini-hub
"$bin" export oscal catalog mini-hub -o "$work/mini-hub.json" 2>/dev/null
mkdir -p "$work/again"
check "exported catalog imports into an empty catalog" 0 'framework mini-hub' -- \
  "$bin" import oscal catalog "$work/mini-hub.json" --out "$work/again"
if diff <("$bin" catalog show mini-hub --json) <("$bin" --catalogs "$work/again" catalog show mini-hub --json) >/dev/null; then
  passes=$((passes + 1))
else
  echo "FAIL: export → import changed mini-hub"; failures=$((failures + 1))
fi
check "export OSCAL mapping collection" 0 '"relationship": "subset-of"' -- "$bin" export oscal mapping mini-a_to_mini-hub

"$bin" org add --corporate-number 7000012050002 --name "テスト製作所" --industry E --employees 50 >/dev/null
check "export a check sheet" 0 'wrote / 書き込み: .*sheet.xlsx \(6 requirements' -- "$bin" export sheet mini-hub -o "$work/sheet.xlsx"
check "an unanswered check sheet is refused" 1 'no answers found' -- \
  "$bin" import sheet answers "$work/sheet.xlsx" --org 7000012050002
sed 's/^2-2,特権アカウントを制限する,×/2-2,特権アカウントを制限する,◎/' "$samples/answers-sample.csv" > "$work/bad-answers.csv"
check "a bad answer names the row" 1 "bad-answers.csv: row 5: status '◎'" -- \
  "$bin" import sheet answers "$work/bad-answers.csv" --framework sample-industry-guideline --map "$samples/answers-map.yaml" --org 7000012050002
check "nothing was stored" 0 '^$' -- "$bin" assess list
check "import an association's answer sheet" 0 'assessment 1 stored with 6 answers' -- \
  "$bin" import sheet answers "$samples/answers-sample.csv" --framework sample-industry-guideline --map "$samples/answers-map.yaml" --org 7000012050002 --status submitted
check "export a pre-filled check sheet" 0 'wrote' -- \
  "$bin" export sheet sample-industry-guideline -o "$work/renewal.xlsx" --assessment 1
check "the returned check sheet names its framework" 0 'assessment 2 stored with 6 answers' -- \
  "$bin" import sheet answers "$work/renewal.xlsx" --org 7000012050002
if diff <("$bin" assess show 1 | tail -n +3) <("$bin" assess show 2 | tail -n +3) >/dev/null; then
  passes=$((passes + 1))
else
  echo "FAIL: the round trip through the check sheet changed the result"; failures=$((failures + 1))
fi
check "export OSCAL assessment results" 0 '"state": "not-satisfied"' -- "$bin" export oscal assessment-results 2

check "crosswalk coverage (text)" 0 '2  33.3%.*計 / total' -- "$bin" crosswalk coverage --from mini-a --to mini-hub
check "crosswalk coverage (json)" 0 '"fully": 2' -- "$bin" crosswalk coverage --from mini-a --to mini-hub --json
check "crosswalk coverage without a route" 1 'no mapping sets connect' -- "$bin" crosswalk coverage --from mini-a --to mini-island

echo "interchange cli: $passes passed, $failures failed"
[[ $failures -eq 0 ]]
