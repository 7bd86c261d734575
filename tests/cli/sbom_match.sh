#!/usr/bin/env bash
# `hoshitori osv import` and `hoshitori sbom match` end to end on a temporary database:
# tests/data/osv imports completely, again as all unchanged (also from a zip), and a small
# list of Package URLs, CycloneDX and SPDX files get the advisories known to affect them.
# Usage: sbom_match.sh HOSHITORI_BINARY SOURCE_DIR
# With HOSHITORI_TEST_PG_URL set, every check runs on SQLite, then on a fresh PostgreSQL
# database created for the run and dropped after.
set -uo pipefail
bin=$1
src=$2
source "$src/tests/cli/both_backends.sh"
on_both_backends HOSHITORI_SBOM_MATCH_DB "$0" "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/advisories.db
if [[ ${HOSHITORI_SBOM_MATCH_DB:-sqlite} != sqlite ]]; then db=$HOSHITORI_SBOM_MATCH_DB; fi
export HOSHITORI_DB="$db"
source "$src/tests/cli/check.sh"
data=$src/tests/data/osv
advisories=$(find "$data" -name '*.json' -o -name '*.yaml' | wc -l)

check "osv import stores every advisory" 0 \
  "^new $advisories, updated 0, unchanged 0, skipped 0$" -- "$bin" --lang en osv import "$data"
check "osv import reads every file" 0 \
  "read $advisories advisories from $advisories files \([0-9]+ other files ignored\)$" \
  -- "$bin" --lang en osv import "$data"
check "osv import again: all unchanged (Japanese)" 0 \
  "新規 0、更新 0、変更なし $advisories、読み飛ばし 0" -- "$bin" osv import "$data"
check "osv import --json" 0 "\"unchanged\": $advisories" -- "$bin" osv import "$data" --json
python3 - "$data/go" "$work/go.zip" <<'PY'
import pathlib, sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w") as archive:
    for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
        archive.write(path, "osv/" + path.name)
PY
go_count=$(find "$data/go" -name '*.json' | wc -l)
check "osv import from a zip: all unchanged" 0 "new 0, updated 0, unchanged $go_count, skipped 0" \
  -- "$bin" --lang en osv import "$work/go.zip"
check "osv import names a missing source" 3 "no-such-dir: no such directory or file" \
  -- "$bin" osv import "$work/no-such-dir"
printf 'not a zip' >"$work/broken.zip"
check "osv import refuses a broken zip" 2 "broken.zip" -- "$bin" osv import "$work/broken.zip"

cat >"$work/components.txt" <<'LIST'
# A small SBOM as Package URLs, with known answers from tests/data/osv
pkg:pypi/Werkzeug@2.2.2
pkg:pypi/werkzeug@2.2.3
pkg:golang/github.com/gin-gonic/gin@v1.5.0
pkg:golang/github.com/gin-gonic/gin@v1.6.0
pkg:pypi/py@1.11.0
pkg:golang/k8s.io/kubernetes@v1.20.0
pkg:npm/lodash
LIST
matched=$("$bin" --lang en sbom match "$work/components.txt")
# The line after a component's purl names an advisory that affects it.
after() { grep -A1 -F -x -- "$1" <<<"$matched"; }
check "sbom match: werkzeug 2.2.2 is affected by PYSEC-2023-57" 0 \
  '^  PYSEC-2023-57  affected: ' -- after pkg:pypi/werkzeug@2.2.2
check "sbom match: gin v1.5.0 by GO-2020-0001, fixed in 1.6.0" 0 \
  '^  GO-2020-0001  affected: .*fixed 1\.6\.0' -- after pkg:golang/github.com/gin-gonic/gin@v1.5.0
check "sbom match: py 1.11.0 by PYSEC-2022-42969 (last_affected)" 0 \
  '^  PYSEC-2022-42969  affected: ' -- after pkg:pypi/py@1.11.0
check "sbom match: fixed versions are not listed" 1 '^$' -- grep -E 'werkzeug@2\.2\.3|gin@v1\.6\.0' <<<"$matched"
check "sbom match: the withdrawn GO-2022-0617 is not listed" 1 '^$' -- grep GO-2022-0617 <<<"$matched"
check "sbom match: a purl without version is not checkable" 0 '^  pkg:npm/lodash: no version' \
  -- grep -A1 -x 'components that cannot be checked:' <<<"$matched"
check "sbom match: counts" 0 \
  "7 components \(6 checked, 3 affected, 0 cannot tell, 1 not checkable\) against $advisories advisories" \
  -- echo "$matched"
check "sbom match --json" 0 '"id": "GO-2020-0001"' -- "$bin" sbom match "$work/components.txt" --json
check "sbom match --json counts" 0 '"affected": 3' -- "$bin" sbom match "$work/components.txt" --json
check "sbom match in Japanese" 0 'PYSEC-2023-57  該当' -- "$bin" sbom match "$work/components.txt"
# SBOM files: CycloneDX JSON (a purl without version takes the component's version; a
# component without purl is not checkable), SPDX tag-value, and a real CycloneDX example.
cat >"$work/bom.json" <<'BOM'
{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
 "components": [
  {"type": "library", "bom-ref": "a", "name": "Werkzeug", "version": "2.2.2", "purl": "pkg:pypi/Werkzeug@2.2.2"},
  {"type": "library", "bom-ref": "b", "name": "gin", "version": "v1.5.0", "purl": "pkg:golang/github.com/gin-gonic/gin"},
  {"type": "library", "bom-ref": "c", "name": "in-house-lib", "version": "1.0"}
 ]}
BOM
matched=$("$bin" --lang en sbom match "$work/bom.json")
check "sbom match CycloneDX: gin takes the component's version" 0 \
  '^  GO-2020-0001  affected: ' -- after pkg:golang/github.com/gin-gonic/gin@v1.5.0
check "sbom match CycloneDX: werkzeug" 0 '^  PYSEC-2023-57  affected: ' -- after pkg:pypi/werkzeug@2.2.2
check "sbom match CycloneDX: a component without purl" 0 '^  in-house-lib@1\.0: no Package URL' \
  -- grep -A1 -x 'components that cannot be checked:' <<<"$matched"
check "sbom match CycloneDX: counts" 0 \
  '^3 components \(2 checked, 2 affected, 0 cannot tell, 1 not checkable\)' -- echo "$matched"
cat >"$work/bom.spdx" <<'BOM'
SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: sbom-match-test
DocumentNamespace: https://example.org/sbom-match-test
Creator: Tool: hand
Created: 2026-12-06T00:00:00Z

PackageName: py
SPDXID: SPDXRef-py
PackageVersion: 1.11.0
PackageDownloadLocation: NOASSERTION
ExternalRef: PACKAGE-MANAGER purl pkg:pypi/py@1.11.0
BOM
check "sbom match SPDX tag-value" 0 'PYSEC-2022-42969  affected: ' -- "$bin" --lang en sbom match "$work/bom.spdx"
laravel=$src/tests/data/cyclonedx/sbom/laravel-7.12.0
check "sbom match reads a real CycloneDX JSON example" 0 '^62 components \(62 checked, 0 affected' \
  -- "$bin" --lang en sbom match "$laravel/bom.1.4.json"
check "sbom match reads a real CycloneDX XML example" 0 '^62 components \(62 checked, 0 affected' \
  -- "$bin" --lang en sbom match "$laravel/bom.1.1.xml"
printf '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": 7}' >"$work/broken.json"
check "sbom match names the place of an SBOM error" 2 'broken.json: .*components' \
  -- "$bin" sbom match "$work/broken.json"
printf 'pkg:pypi/a@1\nnot a purl\n' >"$work/bad.txt"
check "sbom match names the bad line" 2 'bad.txt:2: ' -- "$bin" sbom match "$work/bad.txt"
check "sbom match names a missing file" 1 "cannot read file" -- "$bin" sbom match "$work/none.txt"

echo "$passes passed, $failures failed"
[[ $failures -eq 0 ]]
