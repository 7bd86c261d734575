#!/usr/bin/env bash
# `hoshitori chain ...` end to end on the demo data: what an operator types, what they see.
# Usage: cli_chain_test.sh HOSHITORI_BINARY SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOSHITORI_DB="$work/chain.db" HOSHITORI_CATALOGS="$src/catalogs" HOSHITORI_TODAY=2026-11-21
source "$src/tests/cli/check.sh"

buyer=4180001234567  # 大和自動車工業 (demo/chain-organisations.csv)
cloud=8010401098765  # あおばクラウド
# The demo with its organisations, assessments and disclosures but no relationships yet:
# this test imports them itself.
cp -r "$src/demo" "$work/demo"
head -1 "$src/demo/relationships.csv" > "$work/demo/relationships.csv"
check "demo database" 0 'demo data written' -- "$bin" demo --demo-dir "$work/demo"
printf 'buyer,supplier,kind\n%s,9999999999999,parts\n%s,%s,spaceship\n' $buyer $buyer $cloud > "$work/bad.csv"
check "a bad file is refused whole" 1 '2 bad rows; nothing was imported' -- "$bin" chain import "$work/bad.csv"
check "naming the row and the reason" 1 "row 3: relationship kind 'spaceship' is not known" -- "$bin" chain import "$work/bad.csv"
check "and stores nothing" 0 '0 suppliers visible' -- "$bin" chain tiers $buyer
check "chain import" 0 '^11 relationships imported' -- "$bin" chain import "$src/demo/relationships.csv"
check "re-importing is refused as duplicates" 1 'already has a relationship of this kind' -- "$bin" chain import "$src/demo/relationships.csv"
check "disclose upstream" 0 'discloses' -- "$bin" chain disclose --by 3500201238765 --upstream
check "disclose to one buyer" 0 'discloses' -- "$bin" chain disclose --by 7101104567890 --to $buyer
check "tiers" 0 'tier 2: 3' -- "$bin" chain tiers $buyer
check "tiers json" 0 '"suppliers": 6' -- "$bin" chain tiers $buyer --json
check "all paths (北斗 also discloses in the demo)" 0 '3 paths' -- "$bin" chain tiers $buyer --paths-to $cloud
# Levels count only where an assessment is shared with the buyer (北斗 and 東和 in the demo):
# さくら's confirmed assessment and みなと's submitted ones are not, so they are unknown.
check "compliance" 0 'meets 2, below 0, unknown 4, expired 0' -- "$bin" chain compliance $buyer
check "an assessment not shared does not count" 0 'さくら電装株式会社: unknown.*held —' -- "$bin" chain compliance $buyer
check "compliance names the rule" 0 'star4-single-source' -- "$bin" chain compliance $buyer
# The buyer's own rule matches the cloud provider (the default rule, first in the policy, names it).
check "compliance with the buyer's rules" 0 '"cloud-near-buyer"' -- "$bin" chain compliance $buyer --policy "$src/tests/cases/policy/daiwa.policy" --json
check "compliance json" 0 '"unknown": 4' -- "$bin" chain compliance $buyer --json
check "exposure" 0 '1\. 株式会社あおばクラウド' -- "$bin" chain exposure $buyer
check "blast radius" 0 '6 buyers affected within 3 tiers, 1 would stop production' -- "$bin" chain blast-radius $cloud
check "blast radius json" 0 '"production_stops": true' -- "$bin" chain blast-radius $cloud --json
check "concentration" 0 'あおばクラウド: 1 chains depend on it' -- "$bin" chain concentration
check "single points of failure" 0 'single points of failure' -- "$bin" chain concentration --buyer $buyer
check "policy errors name the line" 1 'x.policy:1: unknown field' -- bash -c "echo 'rule a: colour = red => star3 \"x\"' > '$work/x.policy' && '$bin' chain policy --policy '$work/x.policy'"

echo "$passes passed, $failures failed"
[[ $failures -eq 0 ]]
