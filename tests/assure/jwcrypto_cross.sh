#!/usr/bin/env bash
# Cross-checks Hoshitori's attestations with an independent JOSE implementation (Debian's
# python3-jwcrypto, through jwcrypto_peer.py):
#   1. Hoshitori issues -> jwcrypto verifies the signature, the script checks claims, dates and
#      decodes the status list itself; Hoshitori agrees.
#   2. jwcrypto issues (its own key, attestation and status list) -> Hoshitori verifies.
#   3. A changed byte, a wrong key (unknown, and a forged kid), an expired and a revoked
#      attestation are each refused by BOTH.
#   4. A running `hoshitori serve` issues an attestation when an assessor confirms (over HTTP,
#      tests/assure/server_flow.py); jwcrypto verifies what the server serves, and after the
#      operator's `attest revoke` both refuse it with the status list fetched again.
# Usage: jwcrypto_cross.sh HOSHITORI_BINARY   (exit 77 = skipped: jwcrypto not installed)
set -euo pipefail
hoshitori=$1
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
if ! $python -c 'import jwcrypto' 2>/dev/null; then
  echo "SKIP: python3-jwcrypto is not installed (scripts/setup.sh installs it)"
  exit 77
fi
peer="$python $here/jwcrypto_peer.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

failures=0
# expect WHO WANT COMMAND...: runs COMMAND, checks it accepted (WANT=valid) or refused.
expect() {
  local who=$1 want=$2; shift 2
  local status=0 output
  output=$("$@" 2>&1) || status=$?
  if [[ $want == valid && $status -ne 0 ]] || [[ $want != valid && $status -eq 0 ]]; then
    echo "FAIL: $who expected $want, got exit $status: $output"
    failures=$((failures + 1))
  elif [[ $want != valid && $output != *"$want"* ]]; then
    echo "FAIL: $who refused, but not for $want: $output"
    failures=$((failures + 1))
  else
    echo "ok: $who $want"
  fi
}
# The moment a --today date stands for in the peer: Hoshitori keeps the time of day running.
now_on() { date -u -d "$1 $(date -u +%H:%M:%S)" +%s; }

issuer=https://hoshitori.example.jp
url=$issuer/status/1
cat > claims.json <<JSON
{"iss":"$issuer","sub":"8700110005901","name":"星取部品株式会社","level":3,"framework":"hub",
 "catalog_digest":"$(printf 'catalog' | sha256sum | cut -c1-64)","scope":"本社および工場",
 "kind":"expert_confirmed","assessor":{"name":"山田 花子","accreditation":"RISS-012345"},
 "iat":1796083200,"nbf":1796083200,"exp":1827619200,
 "evidence_hashes":["$(printf 'a' | sha256sum | cut -c1-64)","$(printf 'b' | sha256sum | cut -c1-64)"],
 "status":{"url":"$url","index":42},"jti":"cross-1"}
JSON
today=2027-01-15   # inside 2026-12-01 .. 2027-12-01
expired=2028-01-15

echo "== 1. Hoshitori issues"
$hoshitori attest keygen --out issuer.jwk >/dev/null
$hoshitori attest keygen --out other.jwk >/dev/null
$hoshitori attest jwks --key issuer.jwk --out jwks.json
$hoshitori attest jwks --key other.jwk --out other-jwks.json
$hoshitori attest issue --key issuer.jwk --claims claims.json --out a.jws
$hoshitori --today $today attest status --key issuer.jwk --url $url --issuer $issuer --out status.jws
$hoshitori --today $today attest status --key issuer.jwk --from status.jws --revoke 42 --out revoked.jws
# One changed character in the payload (the 30th after the first '.').
$python -c 'import sys; t=open("a.jws").read().strip(); i=t.index(".")+30
print(t[:i] + ("B" if t[i] == "A" else "A") + t[i+1:])' > changed.jws

expect "jwcrypto" valid $peer verify --jwks jwks.json --status status.jws --now "$(now_on $today)" a.jws
expect "hoshitori" valid $hoshitori attest verify a.jws --jwks jwks.json --status status.jws --today $today
for who in jwcrypto hoshitori; do
  if [[ $who == jwcrypto ]]; then
    run() { local file=$1 jwks=$2 status=$3 day=$4; $peer verify --jwks "$jwks" --status "$status" --now "$(now_on "$day")" "$file"; }
  else
    run() { local file=$1 jwks=$2 status=$3 day=$4; $hoshitori attest verify "$file" --jwks "$jwks" --status "$status" --today "$day" --lang en; }
  fi
  expect "$who (changed byte)" bad_signature run changed.jws jwks.json status.jws $today
  expect "$who (wrong key)" unknown_key run a.jws other-jwks.json status.jws $today
  expect "$who (expired)" expired run a.jws jwks.json status.jws $expired
  expect "$who (revoked)" revoked run a.jws jwks.json revoked.jws $today
done
# Hoshitori's statements name what was verified.
$hoshitori attest verify a.jws --jwks jwks.json --status status.jws --today $today --json > report.json
$python - <<'PY'
import json
report = json.load(open("report.json"))
assert report["verdict"] == "valid", report
assert report["claims"]["assessor"]["accreditation"] == "RISS-012345"
assert any("★3" in line for line in report["statements"]["ja"])
PY
echo "ok: hoshitori --json report"

echo "== 2. jwcrypto issues"
$python - <<'PY'
import json, hashlib
claims = json.load(open("claims.json"))
hashes = sorted(set(claims.pop("evidence_hashes")))
claims["evidence_digest"] = hashlib.sha256("".join(h + "\n" for h in hashes).encode()).hexdigest()
json.dump(claims, open("peer-claims.json", "w"), ensure_ascii=False)
PY
mkdir peer peer-revoked peer-forged
$peer issue --dir peer --claims peer-claims.json
$peer issue --dir peer-revoked --claims peer-claims.json --revoke 42
$peer issue --dir peer-forged --claims peer-claims.json --forge-kid "$($python -c 'import json; print(json.load(open("jwks.json"))["keys"][0]["kid"])')"
expect "hoshitori (jwcrypto-issued)" valid \
  $hoshitori attest verify peer/attestation.jws --jwks peer/jwks.json --status peer/status.jws --today $today
expect "hoshitori (jwcrypto-issued, expired)" expired \
  $hoshitori attest verify peer/attestation.jws --jwks peer/jwks.json --status peer/status.jws --today $expired --lang en
expect "hoshitori (jwcrypto-issued, revoked)" revoked \
  $hoshitori attest verify peer-revoked/attestation.jws --jwks peer-revoked/jwks.json --status peer-revoked/status.jws --today $today
expect "jwcrypto (jwcrypto-issued, revoked)" revoked \
  $peer verify --jwks peer-revoked/jwks.json --status peer-revoked/status.jws --now "$(now_on $today)" peer-revoked/attestation.jws
# Signed by another key but claiming the Hoshitori issuer's kid.
expect "hoshitori (forged kid)" bad_signature \
  $hoshitori attest verify peer-forged/attestation.jws --jwks jwks.json --status status.jws --today $today
expect "jwcrypto (forged kid)" bad_signature \
  $peer verify --jwks jwks.json --status status.jws --now "$(now_on $today)" peer-forged/attestation.jws
# jwcrypto's private key file is read by Hoshitori too (one JWK format).
$hoshitori attest jwks --key peer/key.jwk --out peer-jwks-by-hoshitori.json
expect "hoshitori (jwcrypto key, hoshitori jwks)" valid \
  $hoshitori attest verify peer/attestation.jws --jwks peer-jwks-by-hoshitori.json --status peer/status.jws --today $today

echo "== 3. the server issues"
flow="$python $here/server_flow.py"
mkdir served
# The log exists before the server starts: the background job opens it only once it runs,
# and reading it earlier would end this script (set -e).
: >serve.log
$hoshitori --db served.db serve --port 0 --quiet --insecure-fast-password-hashing \
  --signing-keys served-keys >> serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
base=
for _ in $(seq 1 100); do
  base=$(sed -n 's|^listening on \(http://[^ ]*\)/ .*|\1|p' serve.log)
  [[ -n $base ]] && break
  sleep 0.1
done
if [[ -z $base ]]; then
  echo "FAIL: hoshitori serve did not start: $(cat serve.log)"
  exit 1
fi
[[ $(stat -c %a served-keys) == 700 && $(stat -c %a served-keys/*.jwk) == 600 ]] ||
  { echo "FAIL: the key directory is not 0700 or its key not 0600"; failures=$((failures + 1)); }
$flow issue "$base" "$hoshitori" served.db served
id=$(cat served/id)
expect "jwcrypto (server-issued)" valid \
  $peer verify --jwks served/jwks.json --status served/status.jws --now "$(date -u +%s)" served/a.jws
expect "hoshitori (server-issued)" valid \
  $hoshitori attest verify served/a.jws --jwks served/jwks.json --status served/status.jws
# The certificate PDF names the company, the level and the accreditation, and its QR code
# opens the public verification page, which says the attestation is valid.
pdftotext -q served/certificate.pdf served/certificate.txt
for fact in "組織 7000012050002" "7000012050002" "RISS-000123" "$id"; do
  grep -qF "$fact" served/certificate.txt ||
    { echo "FAIL: the certificate does not show '$fact'"; failures=$((failures + 1)); }
done
if command -v zbarimg >/dev/null && command -v pdftoppm >/dev/null; then
  pdftoppm -r 150 -png -singlefile served/certificate.pdf served/certificate
  qr=$(zbarimg --quiet --raw served/certificate.png 2>/dev/null | head -1)
  [[ $qr == "$(cat served/verify_url)" && $qr == */verify/$id ]] ||
    { echo "FAIL: the QR code holds '$qr', not the verification page $(cat served/verify_url)"; failures=$((failures + 1)); }
else
  echo "note: zbarimg or pdftoppm missing (scripts/setup.sh installs them): QR code not read back"
fi
grep -qF '有効' served/verify.html || { echo "FAIL: the verification page does not say 有効"; failures=$((failures + 1)); }
# "--" ends the options: an id may begin with "-" (base64url).
$hoshitori --db served.db attest revoke --reason "cross-check" -- "$id" >/dev/null
$flow get "$base/verify/$id?lang=ja" served/verify-after.html
grep -qF '失効' served/verify-after.html ||
  { echo "FAIL: after revocation the verification page does not say 失効"; failures=$((failures + 1)); }
code=$($flow code "$base/api/v1/attestations/$id/certificate")
[[ $code == 409 ]] || { echo "FAIL: a revoked attestation's certificate answered $code, not 409"; failures=$((failures + 1)); }
$flow get "$base/status/$(cat served/list)" served/status-after.jws
expect "jwcrypto (server-issued, revoked)" revoked \
  $peer verify --jwks served/jwks.json --status served/status-after.jws --now "$(date -u +%s)" served/a.jws
expect "hoshitori (server-issued, revoked)" revoked \
  $hoshitori attest verify served/a.jws --jwks served/jwks.json --status served/status-after.jws --lang en
kill $server
wait $server 2>/dev/null || true

if (( failures > 0 )); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all cross-checks passed"
