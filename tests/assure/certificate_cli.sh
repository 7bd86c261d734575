#!/usr/bin/env bash
# `hoshitori attest certificate`: a valid attestation gets a PDF whose text has its facts and
# whose QR code is the verification URL; a revoked or expired one gets no file and exit 10.
# Usage: certificate_cli.sh HOSHITORI_BINARY
set -euo pipefail
hoshitori=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

issuer=https://hoshitori.example.jp
cat > claims.json <<JSON
{"iss":"$issuer","sub":"8700110005901","name":"星取部品株式会社","level":3,"framework":"hub",
 "catalog_digest":"$(printf 'catalog' | sha256sum | cut -c1-64)","scope":"本社および工場",
 "kind":"expert_confirmed","assessor":{"name":"山田 花子","accreditation":"RISS-012345"},
 "iat":1796083200,"nbf":1796083200,"exp":1827619200,"evidence_hashes":[],
 "status":{"url":"$issuer/status/1","index":42},"jti":"cli-7"}
JSON
$hoshitori attest keygen --out issuer.jwk >/dev/null
$hoshitori attest jwks --key issuer.jwk --out jwks.json
$hoshitori attest issue --key issuer.jwk --claims claims.json --out a.jws
$hoshitori --today 2027-01-15 attest status --key issuer.jwk --url $issuer/status/1 --issuer $issuer --out status.jws
$hoshitori --today 2027-01-15 attest status --key issuer.jwk --from status.jws --revoke 42 --out revoked.jws

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

$hoshitori attest certificate a.jws --jwks jwks.json --status status.jws --today 2027-01-15 \
  --verify-url "$issuer/verify/{id}" --issuer-name "星取 運営事務局" --out a.pdf
text=$(pdftotext -enc UTF-8 a.pdf -)
for word in 星取部品株式会社 8700110005901 ★3 専門家による確認 "Confirmed by a qualified expert" \
  RISS-012345 "2026年12月1日" "2027-12-01 00:00 UTC" cli-7 "星取 運営事務局" "$issuer/verify/cli-7"; do
  [[ $text == *"$word"* ]] || fail "certificate text lacks '$word'"
done
if command -v zbarimg >/dev/null; then
  pdftoppm -r 150 -png -singlefile a.pdf page
  [[ $(zbarimg --raw -q page.png 2>/dev/null) == "$issuer/verify/cli-7" ]] || fail "QR code is not the URL"
fi

for case in "revoked.jws 2027-01-15 revoked" "status.jws 2028-01-15 expired"; do
  read -r status day verdict <<<"$case"
  code=0
  output=$($hoshitori attest certificate a.jws --jwks jwks.json --status "$status" --today "$day" \
    --verify-url "$issuer/verify/{id}" --out refused.pdf 2>&1) || code=$?
  [[ $code -eq 10 ]] || fail "$verdict: exit $code, wanted 10"
  [[ $output == *"attestation refused: $verdict"* ]] || fail "$verdict: message: $output"
  [[ ! -e refused.pdf ]] || fail "$verdict: a certificate was written"
done
[[ $failures -eq 0 ]] && echo "certificate CLI: all checks passed"
exit $((failures > 0))
