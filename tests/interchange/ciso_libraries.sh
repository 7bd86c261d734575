#!/usr/bin/env bash
# Imports every CISO Assistant library of a folder (intuitem/ciso-assistant-community,
# backend/library/libraries): first every framework library into one empty catalog, then
# every mapping library into it, and reports how many import and why the others do not.
# Mapping libraries are tried as they are, then with --skip-unknown. Passes when every
# framework library imports and every mapping library imports with --skip-unknown, except
# those naming a framework that is not in the folder (reported as such).
# Usage: ciso_libraries.sh HOSHITORI_BINARY LIBRARY_FOLDER [REPORT_FILE]
# Exits 77 (skipped) when the folder is absent: the libraries are not part of this repository.
set -uo pipefail
bin=$1
folder=$2
report=${3:-/dev/null}
if [[ ! -d "$folder" ]]; then
  echo "ciso libraries: SKIPPED — no CISO Assistant library folder at $folder"
  echo "  (fetch intuitem/ciso-assistant-community and set HOSHITORI_CISO_LIBRARIES to its backend/library/libraries)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat=$work/catalog
mkdir -p "$cat"
export HOSHITORI_DB="$work/x.db" HOSHITORI_CATALOGS="$cat"
: >"$report"
frameworks=0 framework_ok=0 mappings=0 mapping_ok=0 mapping_unedited=0 skipped_entries=0 missing_framework=0
first_error() { grep -m1 '^error' <<<"$1" || head -1 <<<"$1"; }
is_mapping() { grep -q '^  requirement_mapping_set' "$1"; }
is_framework() { grep -qE '^  (framework|frameworks):' "$1"; }
for file in "$folder"/*.yaml; do
  is_mapping "$file" && continue
  is_framework "$file" || continue
  frameworks=$((frameworks + 1))
  if out=$("$bin" import ciso-assistant "$file" 2>&1); then
    framework_ok=$((framework_ok + 1))
  else
    echo "framework FAILED $(basename "$file"): $(first_error "$out")" | tee -a "$report"
  fi
done
for file in "$folder"/*.yaml; do
  is_mapping "$file" || continue
  mappings=$((mappings + 1))
  if "$bin" import ciso-assistant "$file" --dry-run >/dev/null 2>&1; then
    mapping_unedited=$((mapping_unedited + 1))
  fi
  if out=$("$bin" import ciso-assistant "$file" --skip-unknown 2>&1); then
    mapping_ok=$((mapping_ok + 1))
    n=$(echo "$out" | sed -n 's/^skipped .* (\([0-9]*\)):$/\1/p')
    if [[ -n "$n" ]]; then
      skipped_entries=$((skipped_entries + n))
      echo "mapping imported with $n entries skipped: $(basename "$file")" >>"$report"
      echo "$out" | sed -n '/^skipped/,/^[^ ]/p' | grep '^  ' | sed 's/^/  /' >>"$report"
    fi
  elif grep -q "framework '.*' does not exist" <<<"$out"; then
    missing_framework=$((missing_framework + 1))
    echo "mapping NOT IMPORTED $(basename "$file"): a framework it maps is not in the folder:" \
      "$(grep -o "[a-z]* framework '[^']*' does not exist" <<<"$out" | sort -u | tr '\n' ' ')" | tee -a "$report"
  else
    echo "mapping FAILED $(basename "$file"): $(first_error "$out")" | tee -a "$report"
  fi
done
echo "ciso libraries: frameworks $framework_ok/$frameworks imported; mappings $mapping_ok/$mappings imported" \
  "($mapping_unedited without --skip-unknown; $skipped_entries entries skipped in all;" \
  "$missing_framework name a framework not in the folder)" | tee -a "$report"
[[ $framework_ok -eq $frameworks && $((mapping_ok + missing_framework)) -eq $mappings ]]
