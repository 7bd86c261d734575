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
check "a mapping to the wrong framework names every unknown id and its maps" 1 "'ac-1' is not a requirement of mini-hub \(mapping-collection.mappings\[0\].maps\[0\] and 1 more\)" -- \
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
check "a bad answer names the row, the column and the Japanese choices" 1 "bad-answers.csv: row 5, column '回答' \(C\): answer '◎' for 2-2 is not one of .*: ○、△、×、－" -- \
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

# --- Malformed and shrinking inputs: every refused import leaves the catalog as it was.
data=$src/tests/data
before=$(files)
head -c $(( $(stat -c %s "$samples/oscal-catalog-sp800-53-style.json") - 40 )) "$samples/oscal-catalog-sp800-53-style.json" > "$work/truncated.json"
check "a truncated JSON catalog is refused" 1 'truncated.json:[0-9]+: not valid JSON' -- \
  "$bin" import oscal catalog "$work/truncated.json" --id truncated
head -c 120000 "$data/nist-oscal/NIST_CSF_v2.0_catalog.xml" > "$work/truncated.xml"
check "a truncated XML catalog is refused" 1 'truncated.xml:[0-9]+: not valid XML .*truncated' -- \
  "$bin" import oscal catalog "$work/truncated.xml" --id truncated --leaves-only
sed '/implementation_groups: \[IG1, IG2, Lv3\]/,$d' "$samples/ciso-library-sample.yaml" > "$work/truncated.yaml"
echo '        implementation_groups: [IG1, IG2' >> "$work/truncated.yaml"
check "a YAML library cut inside a list is refused" 1 'truncated.yaml:[0-9]+: not valid YAML' -- \
  "$bin" import ciso-assistant "$work/truncated.yaml" --id truncated
sed 's/"id": "GV.OC-02"/"id": "GV.OC-01"/' "$samples/oscal-catalog-csf-style.json" > "$work/duplicate.json"
check "a catalog with a duplicate id is refused" 1 "two controls have the id 'GV.OC-01'" -- \
  "$bin" import oscal catalog "$work/duplicate.json" --id duplicate --leaves-only
[[ "$(files)" == "$before" ]] && passes=$((passes + 1)) || { echo "FAIL: malformed imports changed the catalog"; failures=$((failures + 1)); }

# A YAML file cut at a line break still parses; replacing the installed framework with it
# would shrink it, which shows what goes and needs --allow-node-removal (and the mappings
# that use the removed nodes still stop it).
awk '/ops.1.a$/{exit} {print}' "$samples/ciso-library-sample.yaml" | sed '$d' > "$work/shorter.yaml"
before=$(files)
check "a shrinking replacement is refused and names what it removes" 1 'sample-guideline: 2 of its 7 nodes: ops.1.a, note' -- \
  "$bin" import ciso-assistant "$work/shorter.yaml" --level-map IG1=lv1,IG2=lv2 --replace
check "the refusal says which flag would allow it" 1 'pass --allow-node-removal as well' -- \
  "$bin" import ciso-assistant "$work/shorter.yaml" --level-map IG1=lv1,IG2=lv2 --replace
check "mappings to the removed nodes still stop it" 1 "sample-guideline_to_mini-hub.yaml:[0-9]+: mapping source 'ops.1.a' is not a node of sample-guideline" -- \
  "$bin" import ciso-assistant "$work/shorter.yaml" --level-map IG1=lv1,IG2=lv2 --replace --allow-node-removal
[[ "$(files)" == "$before" ]] && passes=$((passes + 1)) || { echo "FAIL: a refused replacement changed the catalog"; failures=$((failures + 1)); }
sed 's/name: Operations$/name: Operations (renamed)/' "$samples/ciso-library-sample.yaml" > "$work/renamed.yaml"
check "a replacement that keeps every node needs only --replace" 0 'replaces / 置き換え: .*sample-guideline.yaml' -- \
  "$bin" import ciso-assistant "$work/renamed.yaml" --level-map IG1=lv1,IG2=lv2 --replace --dry-run

# Shipped frameworks are protected: a copy of the project's catalog directory.
cp -r "$src/catalogs" "$work/shipped"
shipped_before=$(find "$work/shipped" -type f | sort | xargs md5sum | md5sum)
check "replacing a shipped framework needs --replace-shipped" 1 "holds 'nist-csf-2.0', shipped with Hoshitori" -- \
  "$bin" import ciso-assistant "$data/ciso-assistant/nist-csf-2.0.yaml" --out "$work/shipped" --replace --allow-node-removal
check "importing over a shipped framework without --replace is refused" 1 'already exists; pass --replace' -- \
  "$bin" import ciso-assistant "$data/ciso-assistant/nist-csf-2.0.yaml" --out "$work/shipped"
check "under another id it imports beside the shipped one" 0 'framework ciso-nist-csf-2.0: ' -- \
  "$bin" import ciso-assistant "$data/ciso-assistant/nist-csf-2.0.yaml" --out "$work/shipped" --id ciso-nist-csf-2.0 --dry-run
[[ "$(find "$work/shipped" -type f | sort | xargs md5sum | md5sum)" == "$shipped_before" ]] && passes=$((passes + 1)) || { echo "FAIL: refused imports changed the shipped catalog"; failures=$((failures + 1)); }

# Real files: OSCAL XML, a profile, the example-mapping collections, CISO Assistant libraries.
real=$work/real
mkdir -p "$real"
check "the CSF 2.0 catalog as OSCAL XML" 0 'framework nist-csf-2.0-xml: 219 nodes, 185 assessable, 6 categories' -- \
  "$bin" import oscal catalog "$data/nist-oscal/NIST_CSF_v2.0_catalog.xml" --id nist-csf-2.0-xml --leaves-only --out "$real"
check "a CISO Assistant framework with questions" 0 '321 questions kept in the requirements. descriptions' -- \
  "$bin" import ciso-assistant "$data/ciso-assistant/cmmc-2.0.yaml" --out "$real" --dry-run
check "CMMC 2.0 counts" 0 'framework cmmc-2.0: 124 nodes, 110 assessable, 14 categories' -- \
  "$bin" import ciso-assistant "$data/ciso-assistant/cmmc-2.0.yaml" --out "$real"
"$bin" import ciso-assistant "$data/ciso-assistant/nist-csf-1.1.yaml" --out "$real" >/dev/null
"$bin" import ciso-assistant "$data/ciso-assistant/nist-csf-2.0.yaml" --out "$real" >/dev/null
check "the CISO CSF 1.1 → 2.0 mapping library lists the entries it cannot import" 1 '30 entries cannot be imported .*--skip-unknown' -- \
  "$bin" import ciso-assistant "$data/ciso-assistant/map-nist-csf-1.1-nist-csf-2.0.yaml" --out "$real"
check "with --skip-unknown it imports the rest" 0 'mapping set mapping-nist-csf-1.1-nist-csf-2.0 \(nist-csf-1.1 → nist-csf-2.0\): 155 mappings' -- \
  "$bin" import ciso-assistant "$data/ciso-assistant/map-nist-csf-1.1-nist-csf-2.0.yaml" --out "$real" --skip-unknown
rev5=$src/../shared/data/oscal/v1.0.0_NIST_SP-800-53_rev5_catalog.json
rev4=$src/../shared/data/oscal/NIST_SP-800-53_rev4_catalog-min.json
if [[ -f "$rev5" && -f "$rev4" ]]; then
  "$bin" import oscal catalog "$rev5" --id nist-sp800-53r5 --out "$real" >/dev/null
  "$bin" import oscal catalog "$rev4" --id nist-sp800-53r4 --out "$real" >/dev/null
  "$bin" import oscal catalog "$data/nist-oscal/NIST_CSF_v2.0_catalog.xml" --id nist-csf-2.0-oscal --out "$real" >/dev/null
  before_real=$(find "$real" -type f | sort | xargs md5sum | md5sum)
  check "a mapping collection names every unknown id" 1 '5 ids cannot be mapped \(pass --skip-unknown' -- \
    "$bin" import oscal mapping "$data/oscal-mapping/NIST_CSF_v2.0-to-NIST_SP-800-53_rev5.json" --source nist-csf-2.0-oscal --target nist-sp800-53r5 --out "$real"
  [[ "$(find "$real" -type f | sort | xargs md5sum | md5sum)" == "$before_real" ]] && passes=$((passes + 1)) || { echo "FAIL: a refused mapping changed the catalog"; failures=$((failures + 1)); }
  check "the unknown ids include a withdrawn control and 5.2.0 additions" 1 "'ra-4' is not a requirement of nist-sp800-53r5 .*|'sa-24' is not" -- \
    "$bin" import oscal mapping "$data/oscal-mapping/NIST_CSF_v2.0-to-NIST_SP-800-53_rev5.json" --source nist-csf-2.0-oscal --target nist-sp800-53r5 --out "$real"
  check "--skip-unknown imports the rest and lists what it skipped" 0 'nist-csf-2.0-oscal_to_nist-sp800-53r5 .*: 728 mappings' -- \
    "$bin" import oscal mapping "$data/oscal-mapping/NIST_CSF_v2.0-to-NIST_SP-800-53_rev5.json" --source nist-csf-2.0-oscal --target nist-sp800-53r5 --out "$real" --skip-unknown
  check "the rev5 → rev4 collection with --skip-unknown" 0 'mapping set nist-sp800-53r5_to_nist-sp800-53r4 .*: 739 mappings' -- \
    "$bin" import oscal mapping "$data/oscal-mapping/NIST_SP-800-53_rev5-to-NIST_SP-800-53_rev4.json" --source nist-sp800-53r5 --target nist-sp800-53r4 --out "$real" --skip-unknown
  check "the MODERATE baseline profile resolved against rev5" 0 'framework nist-sp800-53r5-moderate: 287 nodes' -- \
    "$bin" import oscal profile "$data/nist-oscal/NIST_SP-800-53_rev5_MODERATE-baseline_profile.json" --catalog "$rev5" --id nist-sp800-53r5-moderate --out "$real"
else
  echo "interchange cli: SKIPPED the SP 800-53 mapping collections and profile (no ../shared/data/oscal)"
fi

echo "interchange cli: $passes passed, $failures failed"
[[ $failures -eq 0 ]]
