#!/usr/bin/env bash
# The case runner refuses a badly laid-out case file in every vocabulary: a line other than a
# blank or a # comment before the first `case`, or a file without any case. Each bad file is
# put alone in a temporary cases root; the same directory with the line removed must pass, so
# the failure is the layout's and not something else.
# Usage: case_runner_test.sh <case_runner binary>
set -euo pipefail
runner=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
failures=0

# expect_layout_error <directory> <file> <text of the bad file> <good file> <message part>
#                     [<text of a well laid-out file read before it>]
expect_layout_error() {
  local directory=$1 file=$2 bad=$3 good=$4 message=$5 before=${6:-}
  rm -rf "${root:?}"/*
  mkdir -p "$root/$directory"
  if [[ -n $before ]]; then printf '%s' "$before" > "$root/$directory/a-first.test"; fi
  printf '%s' "$bad" > "$root/$directory/$file"
  local output status=0
  output=$("$runner" --root "$root" "$directory" 2>&1) || status=$?
  if [[ $status -eq 0 ]]; then
    echo "FAIL: $directory/$file was accepted:"; printf '%s\n' "$bad"; failures=$((failures + 1))
  elif ! grep -qF -- "$message" <<<"$output"; then
    echo "FAIL: $directory/$file failed without saying '$message':"; echo "$output"; failures=$((failures + 1))
  else
    echo "ok: $directory/$file refused ($message)"
  fi
  printf '%s' "$good" > "$root/$directory/$file"
  status=0
  output=$("$runner" --root "$root" "$directory" 2>&1) || status=$?
  if [[ $status -ne 0 ]]; then
    echo "FAIL: the corrected $directory/$file fails too:"; echo "$output"; failures=$((failures + 1))
  fi
}

assessment_case='case the hub with nothing answered
framework hoshitori-common
expect eligible-star 0
'
policy_case='case an ordinary parts supplier needs star3
relationship kind=parts
expect star 3
'

# Assessment vocabulary: in the shipped directories and in a new one.
for directory in scoring levels inference a-new-directory; do
  expect_layout_error "$directory" stray.test "framework hoshitori-common
$assessment_case" "$assessment_case" "stray.test:1: 'framework hoshitori-common' stands before the first 'case'"
done
# The line number counts comments and blank lines.
expect_layout_error scoring commented.test "# a comment

expect eligible-star 0
$assessment_case" "# a comment

$assessment_case" "commented.test:3: 'expect eligible-star 0' stands before"
# Policy vocabulary.
expect_layout_error policy stray.test "relationship kind=parts
$policy_case" "$policy_case" "stray.test:1: 'relationship kind=parts' stands before the first 'case'"
# A stray line in a second file is not taken into the first file's last case.
expect_layout_error policy z-second.test "expect star 4
$policy_case" "$policy_case" "z-second.test:1: 'expect star 4' stands before" "$policy_case"
# A file with no case at all.
expect_layout_error levels empty.test "# only a comment
" "$assessment_case" "empty.test: no 'case' line"

if [[ $failures -ne 0 ]]; then
  echo "$failures layout checks failed"
  exit 1
fi
echo "every layout error was refused"
