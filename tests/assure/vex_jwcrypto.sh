#!/usr/bin/env bash
# Signed VEX end to end on the command line, cross-checked with an independent JOSE
# implementation (Debian's python3-jwcrypto, through vex_jwcrypto_peer.py):
#   1. an operator stores an SBOM and an OpenVEX for a supplier's version, then exports the VEX
#      signed with a key directory (`vex export --signing-keys`);
#   2. `hoshitori vex verify` accepts it and prints the signer and the statements (ja, en,
#      --json); jwcrypto verifies the signature and finds the payload equal, byte for byte, to
#      the unsigned export;
#   3. one changed byte, another key's set and a forged kid are refused by BOTH, with a clear
#      message and exit code 10 from Hoshitori;
#   4. a signed VEX made by jwcrypto (its own key) is accepted by Hoshitori.
# Usage: vex_jwcrypto.sh HOSHITORI_BINARY   (exit 77 = skipped: jwcrypto not installed)
set -euo pipefail
hoshitori=$1
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$here/../data" && pwd)
python=/usr/bin/python3
if ! $python -c 'import jwcrypto' 2>/dev/null; then
  echo "SKIP: python3-jwcrypto is not installed (scripts/setup.sh installs it)"
  exit 77
fi
peer="$python $here/vex_jwcrypto_peer.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOSHITORI_DB="$work/vex.db"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect WHO WANT COMMAND...: runs COMMAND, checks it accepted (WANT=valid) or refused for WANT.
expect() {
  local who=$1 want=$2; shift 2
  local status=0 output
  output=$("$@" 2>&1) || status=$?
  if [[ $want == valid && $status -ne 0 ]] || [[ $want != valid && $status -eq 0 ]]; then
    fail "$who expected $want, got exit $status: $output"
  elif [[ $want != valid && $output != *"$want"* ]]; then
    fail "$who refused, but not for $want: $output"
  else
    echo "ok: $who $want"
  fi
}

issuer=https://hoshitori.example.jp
supplier=7000012050002
where=(--supplier $supplier --product "顧客ポータル" --version 2.4.0)

echo "== 1. the operator signs a version's VEX"
$hoshitori org add --corporate-number $supplier --name "テスト製作所" --industry E >/dev/null
$hoshitori sbom import "$data/sbom-journey/customer-portal.cdx.json" "${where[@]}" >/dev/null
$hoshitori vex import "$data/sbom-journey/customer-portal.openvex.json" "${where[@]}" >/dev/null
mkdir -m 700 keys
$hoshitori attest keygen --out keys/issuer.jwk >/dev/null
$hoshitori attest keygen --out other.jwk >/dev/null
$hoshitori attest jwks --key keys/issuer.jwk --out jwks.json
$hoshitori attest jwks --key other.jwk --out other-jwks.json
$hoshitori vex export "${where[@]}" -o plain.json
$hoshitori vex export "${where[@]}" --signing-keys keys --issuer $issuer -o signed.jws
expect "hoshitori vex export without --issuer" "together" \
  $hoshitori vex export "${where[@]}" --signing-keys keys

echo "== 2. both accept it"
expect "jwcrypto" valid $peer verify --jwks jwks.json --payload-equals plain.json signed.jws
expect "hoshitori" valid $hoshitori vex verify signed.jws --jwks jwks.json
$hoshitori vex verify signed.jws --jwks jwks.json > report-ja.txt
$hoshitori vex verify signed.jws --key jwks.json --lang en > report-en.txt
$hoshitori vex verify signed.jws --jwks jwks.json --json > report.json
for fact in "有効です" "$supplier" "$issuer" "テスト製作所" "CVE-"; do
  grep -qF "$fact" report-ja.txt || fail "the Japanese report does not show '$fact'"
done
grep -qF "This signed VEX is valid." report-en.txt || fail "the English report does not say valid"
$python - "$supplier" "$issuer" <<'PY'
import json, sys
report = json.load(open("report.json"))
plain = json.load(open("plain.json"))
assert report["verdict"] == "valid", report
assert report["signer"]["corporate_number"] == sys.argv[1], report
assert report["signer"]["issuer"] == sys.argv[2], report
assert len(report["statements"]) == len(plain["statements"]) > 0, report
PY
echo "ok: hoshitori --json names the signer and every statement"

echo "== 3. both refuse changes and wrong keys"
# One changed character in the payload (the 40th after the first '.').
$python -c 'import sys; t=open("signed.jws").read().strip(); i=t.index(".")+40
print(t[:i] + ("B" if t[i] == "A" else "A") + t[i+1:])' > changed.jws
expect "jwcrypto (changed byte)" bad_signature $peer verify --jwks jwks.json changed.jws
expect "hoshitori (changed byte)" bad_signature $hoshitori vex verify changed.jws --jwks jwks.json --lang en
expect "hoshitori (changed byte, ja)" "署名が一致しません" $hoshitori vex verify changed.jws --jwks jwks.json
status=0
$hoshitori vex verify changed.jws --jwks jwks.json >/dev/null 2>&1 || status=$?
[[ $status == 10 ]] || fail "a refused signed VEX exits $status, not 10"
expect "jwcrypto (other key set)" unknown_key $peer verify --jwks other-jwks.json signed.jws
expect "hoshitori (other key set)" unknown_key $hoshitori vex verify signed.jws --jwks other-jwks.json
mkdir forged
$peer sign --dir forged --payload plain.json --forge-kid \
  "$($python -c 'import json; print(json.load(open("jwks.json"))["keys"][0]["kid"])')"
expect "jwcrypto (forged kid)" bad_signature $peer verify --jwks jwks.json forged/signed.jws
expect "hoshitori (forged kid)" bad_signature $hoshitori vex verify forged/signed.jws --jwks jwks.json
# Not a compact JWS at all.
printf 'not.a-signed.vex' > garbage.jws
expect "hoshitori (garbage)" malformed $hoshitori vex verify garbage.jws --jwks jwks.json --lang en

echo "== 4. jwcrypto signs, hoshitori verifies"
mkdir peer
$peer sign --dir peer --payload plain.json
expect "hoshitori (jwcrypto-signed)" valid $hoshitori vex verify peer/signed.jws --jwks peer/jwks.json

if (( failures > 0 )); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all signed VEX cross-checks passed"
