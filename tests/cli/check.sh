# Shared by the command-line test scripts: `check NAME EXPECTED_EXIT PATTERN -- command...`
# runs the command, and counts a pass when it exits as expected and prints PATTERN (ERE).
failures=0
passes=0

check() {
  local name=$1 expected=$2 pattern=$3
  shift 4
  local out code
  out=$("$@" 2>&1)
  code=$?
  if [[ $code -ne $expected ]] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $name (exit $code, expected $expected; wanted /$pattern/)"
    echo "$out" | head -20
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}
