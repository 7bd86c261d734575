#!/usr/bin/env bash
# `hoshitori sbom import`, `vex import` and `sbom export` end to end on a temporary database:
# real CycloneDX and SPDX examples import with their component counts (the product and version
# are created on the first import, a second import replaces the SBOM), a full-width corporate
# number is accepted, errors name the file and place, a VEX document applies, and the export is
# CycloneDX 1.6 JSON carrying the components and the VEX statements.
# Usage: sbom_import.sh HOSHITORI_BINARY SOURCE_DIR
# With HOSHITORI_TEST_PG_URL set, every check runs on SQLite, then on a fresh PostgreSQL
# database created for the run and dropped after.
set -uo pipefail
bin=$1
src=$2
source "$src/tests/cli/both_backends.sh"
on_both_backends HOSHITORI_SBOM_IMPORT_DB "$0" "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/products.db
if [[ ${HOSHITORI_SBOM_IMPORT_DB:-sqlite} != sqlite ]]; then db=$HOSHITORI_SBOM_IMPORT_DB; fi
export HOSHITORI_DB="$db"
source "$src/tests/cli/check.sh"
laravel=$src/tests/data/cyclonedx/sbom/laravel-7.12.0
maven=$src/tests/data/spdx/example8/examplemaven-0.0.1.spdx.json

check "org add" 0 'registered' -- "$bin" org add --corporate-number 7000012050002 --name "供給者" --industry E
check "sbom import: a supplier that is not registered" 3 '1010001000006' \
  -- "$bin" sbom import "$laravel/bom.1.4.json" --supplier 1010001000006 --product Web --version 7.12.0
check "sbom import creates the product and stores 62 components" 0 \
  '^Web 7\.12\.0: stored 62 components of CycloneDX 1\.4 \(JSON\), 62 with a Package URL, 0 without$' \
  -- "$bin" --lang en sbom import "$laravel/bom.1.4.json" --supplier 7000012050002 --product Web --version 7.12.0
check "sbom import accepts full-width digits and XML (Japanese)" 0 \
  'コンポーネント 62 件を登録しました.*以前の SBOM を置き換えました' \
  -- "$bin" sbom import "$laravel/bom.1.1.xml" --supplier ７０００－０１２０５０００２ --product Web --version 7.12.0
check "sbom import --json: SPDX replaces it" 0 '"components": 6,' \
  -- "$bin" sbom import "$maven" --supplier 7000012050002 --product Web --version 7.12.0 --json
check "sbom import --kind device for a new product" 0 'stored 43 components' \
  -- "$bin" --lang en sbom import "$src/tests/data/cyclonedx/sbom/cern-lhc-vdm-editor-e564943/bom.xml" \
  --supplier 7000012050002 --product Editor --version 1 --kind device
printf '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"type": "library", "name": 7}]}' >"$work/broken.json"
check "sbom import names the place of an error" 2 'broken.json: .*/components/0/name' \
  -- "$bin" sbom import "$work/broken.json" --supplier 7000012050002 --product Web --version 7.12.0
check "sbom import: nothing stored on error (still the SPDX one)" 0 '"components": 6,' \
  -- "$bin" sbom import "$maven" --supplier 7000012050002 --product Web --version 7.12.0 --json

check "vex import needs an existing version" 3 'no version 9' \
  -- "$bin" --lang en vex import "$src/tests/data/openvex/spec-minimal.json" --supplier 7000012050002 --product Web --version 9
check "vex import applies OpenVEX" 0 'applied 1 OpenVEX statements' \
  -- "$bin" --lang en vex import "$src/tests/data/openvex/spec-minimal.json" --supplier 7000012050002 --product Web --version 7.12.0
check "vex import applies CycloneDX VEX" 0 'CycloneDX' \
  -- "$bin" --lang en vex import "$src/tests/data/cyclonedx/vex/vex.json" --supplier 7000012050002 --product Web --version 7.12.0

check "sbom export to a file" 0 '' \
  -- "$bin" sbom export --supplier 7000012050002 --product Web --version 7.12.0 -o "$work/export.json"
check "sbom export: CycloneDX 1.6 with the 6 components and the VEX statement" 0 '^1\.6 6 Web 7\.12\.0 True$' \
  -- python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ids = [v["id"] for v in d.get("vulnerabilities", [])]
print(d["specVersion"], len(d["components"]), d["metadata"]["component"]["name"],
      d["metadata"]["component"]["version"], "CVE-2023-12345" in ids)' "$work/export.json"
check "sbom export to standard output" 0 '"specVersion": "1.6"' \
  -- "$bin" sbom export --supplier 7000012050002 --product Editor --version 1
check "sbom export: an unknown product" 3 'Nothing' \
  -- "$bin" --lang en sbom export --supplier 7000012050002 --product Nothing --version 1

echo "$passes passed, $failures failed"
[[ $failures -eq 0 ]]
