#!/usr/bin/env bash
# The command line end to end on a temporary database: what a user types, what they see.
# Usage: end_to_end.sh HOSHITORI_BINARY SOURCE_DIR
# With HOSHITORI_TEST_PG_URL set (scripts/test.sh sets it), every check runs twice: on a
# SQLite file, then on a fresh PostgreSQL database created for the run and dropped after.
set -uo pipefail
bin=$1
src=$2
if [[ -n ${HOSHITORI_TEST_PG_URL:-} && -z ${HOSHITORI_E2E_DB:-} ]]; then
  psql=(/usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -d "$HOSHITORI_TEST_PG_URL")
  database="hoshitori_e2e_$$"
  echo "== SQLite"
  HOSHITORI_E2E_DB=sqlite bash "$0" "$@"
  sqlite_status=$?
  echo "== PostgreSQL"
  "${psql[@]}" -c "CREATE DATABASE $database" || exit 1
  base=${HOSHITORI_TEST_PG_URL%%\?*}
  HOSHITORI_E2E_DB="${base%/*}/$database${HOSHITORI_TEST_PG_URL#"$base"}" bash "$0" "$@"
  pg_status=$?
  "${psql[@]}" -c "DROP DATABASE $database WITH (FORCE)"
  [[ $sqlite_status -eq 0 && $pg_status -eq 0 ]]
  exit
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/e2e.db
if [[ ${HOSHITORI_E2E_DB:-sqlite} != sqlite ]]; then db=$HOSHITORI_E2E_DB; fi
export HOSHITORI_DB="$db" HOSHITORI_CATALOGS="$src/catalogs" HOSHITORI_TODAY=2026-11-21
source "$src/tests/cli/check.sh"

check "catalog validate passes on the shipped catalogs" 0 '^OK: [0-9]+ frameworks' -- "$bin" catalog validate
mkdir -p "$work/broken"
cp "$src/catalogs/security-action.yaml" "$work/broken/"
sed -i '0,/levels: \[star1\]/s//levels: [star7]/' "$work/broken/security-action.yaml"
check "catalog validate names file and line of a bad tag" 1 "security-action.yaml:[0-9]+: unknown level tag 'star7'" -- "$bin" catalog validate "$work/broken"
check "catalog list" 0 'hoshitori-common' -- "$bin" catalog list
check "catalog show json" 0 '"id": "ipa-self-check-25"' -- "$bin" catalog show ipa-self-check-25 --json

check "org add rejects a wrong check digit" 1 'wrong check digit' -- "$bin" org add --corporate-number 1000012050002 --name X --industry E
check "org add" 0 'SME / 中小企業: yes' -- "$bin" org add --corporate-number 7000012050002 --name "テスト製作所" --industry E --employees 50 --capital 30000000
check "org add refuses a duplicate" 1 'already registered' -- "$bin" org add --corporate-number 7000012050002 --name Y --industry E

printf 'ref,status\n' > "$work/ipa.csv"
for i in $(seq -w 1 25); do echo "Q$i,done" >> "$work/ipa.csv"; done
check "assess score gives 100 points" 0 '"points": 100' -- "$bin" assess score --framework ipa-self-check-25 --answers "$work/ipa.csv" --json

cp "$work/ipa.csv" "$work/bad.csv"
echo "Q99,done" >> "$work/bad.csv"
check "assess import rejects a bad row" 1 "row 27: 'Q99' is not a requirement" -- "$bin" assess import --org 7000012050002 --framework ipa-self-check-25 --answers "$work/bad.csv"
check "nothing was stored by the failed import" 0 '^$' -- "$bin" assess list
check "assess import" 0 'assessment 1 stored with 25 answers' -- "$bin" assess import --org 7000012050002 --framework ipa-self-check-25 --answers "$work/ipa.csv" --status submitted
check "assess show" 0 '得点 / score: 100 / 100' -- "$bin" assess show 1
check "assess show json" 0 '"points": 100' -- "$bin" assess show 1 --json

# Stored results name the catalog they were computed against: a catalog change is caught.
check "assess rescore finds nothing stale after an import" 0 '^0 results computed again' -- "$bin" assess rescore
cp -r "$src/catalogs" "$work/catalogs2"
sed -i 's/en: "IPA 25-question information security self-check"/en: "IPA self-check, renamed"/' "$work/catalogs2/ipa-self-check-25.yaml"
check "assess rescore computes again what another catalog scored" 0 '^1 results computed again' -- "$bin" --catalogs "$work/catalogs2" assess rescore
check "assess rescore is then up to date" 0 '^0 results computed again' -- "$bin" --catalogs "$work/catalogs2" assess rescore
check "assess rescore --all computes every result" 0 '^1 results computed again' -- "$bin" assess rescore --all

printf 'corporate_number,ref,status\n7000012050002,SA1-1,implemented\n7000012050002,SA1-9,implemented\n' > "$work/campaign.csv"
check "campaign import names the bad row" 1 "row 3: 'SA1-9'" -- "$bin" assess import-campaign --framework security-action --file "$work/campaign.csv"
check "assess list still shows one assessment" 0 '^1  org 1  ipa-self-check-25' -- "$bin" assess list

check "crosswalk infer" 0 '"route": \[' -- "$bin" crosswalk infer --from ipa-self-check-25 --to hoshitori-common --answers "$work/ipa.csv" --json
check "unknown framework is named" 1 "framework 'nope' is not in the catalog" -- "$bin" assess score --framework nope --answers "$work/ipa.csv"

check "demo builds and scores" 0 '保有する星 / level held' -- "$bin" --db "$work/demo.db" demo --reset

# The operator's account commands: only here can the assessor role be granted.
check "user list names the demo admin" 0 'admin@towa.example  org_admin' -- "$bin" --db "$work/demo.db" user list 7101104567890
check "user grant gives the assessor role" 0 'admin@towa.example: assessor' -- "$bin" --db "$work/demo.db" user grant ADMIN@towa.example --role assessor
check "user grant refuses an unknown role" 1 'unknown role' -- "$bin" --db "$work/demo.db" user grant admin@towa.example --role owner
check "user sign-out ends sign-ins" 0 'sessions and tokens ended' -- "$bin" --db "$work/demo.db" user sign-out admin@towa.example
check "user remove" 0 'removed' -- "$bin" --db "$work/demo.db" user remove admin@towa.example
check "a removed user is listed as removed" 0 'admin@towa.example  assessor .* removed' -- "$bin" --db "$work/demo.db" user list 7101104567890
check "an unknown user is named" 1 'no user with e-mail nobody@x.example' -- "$bin" --db "$work/demo.db" user remove nobody@x.example

# The operator's registry of accredited assessors (issue 14): the demo holds an expert and a body.
check "the demo lists its accredited expert" 0 'expert  RISS-026789' -- "$bin" --db "$work/demo.db" assessor list
check "a body is accredited by corporate number" 0 'accreditation 3: body TOWA-1 ' -- "$bin" --db "$work/demo.db" assessor accredit body 7101104567890 --number ＴＯＷＡ－１ --scope "★4 評価" --until 2099-12-31 --region 神奈川 --industries "ｇ" --fee-min "５００，０００円"
check "a second accreditation of the body is refused" 4 'already' -- "$bin" --db "$work/demo.db" assessor accredit body 7101104567890 --number TOWA-2 --scope x --until 2099-12-31
check "an unknown expert is named" 3 'nobody@x.example' -- "$bin" --db "$work/demo.db" assessor accredit expert nobody@x.example --number R-1 --qualification q --until 2099-12-31
check "a bad fee is refused" 2 'fee_min_yen' -- "$bin" --db "$work/demo.db" assessor accredit body 8010401098765 --number AOBA-1 --scope x --until 2099-12-31 --fee-min 十万
check "assessor suspend" 0 'accreditation 3: suspended' -- "$bin" --db "$work/demo.db" assessor suspend 3 --reason "更新審査中"
check "assessor reinstate" 0 'accreditation 3: active' -- "$bin" --db "$work/demo.db" assessor reinstate 3
check "assessor withdraw" 0 'accreditation 3: withdrawn' -- "$bin" --db "$work/demo.db" assessor withdraw 3 --reason "資格の失効"
check "a withdrawn accreditation cannot be reinstated" 4 'suspended' -- "$bin" --db "$work/demo.db" assessor reinstate 3
check "the list shows the withdrawal and its reason" 0 'withdrawn .*資格の失効' -- "$bin" --db "$work/demo.db" assessor list

echo "$passes passed, $failures failed"
[[ $failures -eq 0 ]]
