#!/usr/bin/env bash
# `hoshitori serve --smtp-url` end to end (issue 15): a buyer's request, made through the API
# of a running server, reaches the supplier as an e-mail in a real SMTP server on loopback
# (smtp_sink.py, Debian's python3-aiosmtpd), with its Japanese subject decoded by Python's
# email package and an absolute link built from --public-url.
# Usage: serve_smtp.sh HOSHITORI_BINARY SOURCE_DIR. Skips (exit 77) without python3-aiosmtpd.
set -euo pipefail
bin=$1
src=$2
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "SKIP: python3-aiosmtpd is not installed (scripts/setup.sh)"
  exit 77
fi
work=$(mktemp -d)
sink_pid=""
serve_pid=""
cleanup() {
  if [[ -n $serve_pid ]]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  exec 3>&- 2>/dev/null || true  # the sink stops when its input closes
  if [[ -n $sink_pid ]]; then wait "$sink_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The sink runs while its standard input (a fifo held open here) stays open.
mkfifo "$work/sink-in"
/usr/bin/python3 "$src/tests/notify/smtp_sink.py" "$work/mail" <"$work/sink-in" >"$work/sink-out" &
sink_pid=$!
exec 3>"$work/sink-in"
for _ in $(seq 1 100); do grep -q '^PORT ' "$work/sink-out" 2>/dev/null && break; sleep 0.1; done
smtp_port=$(awk '/^PORT /{print $2}' "$work/sink-out")
[[ -n $smtp_port ]] || { echo "FAIL: the SMTP sink did not start"; exit 1; }

echo "secret-not-to-be-logged" >"$work/smtp-password"
"$bin" --db "$work/serve.db" --catalogs "$src/catalogs" serve --port 0 --quiet \
  --insecure-fast-password-hashing --web-dir "$src/web" --public-url https://hoshitori.test \
  --smtp-url "smtp://127.0.0.1:$smtp_port" --smtp-from noreply@hoshitori.test \
  --smtp-user hoshitori --smtp-password-file "$work/smtp-password" >"$work/serve-out" 2>"$work/serve-err" &
serve_pid=$!
for _ in $(seq 1 100); do grep -q '^listening on ' "$work/serve-out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on \(http:[^ ]*\)\/ .*/\1/p' "$work/serve-out")
[[ -n $base ]] || { echo "FAIL: the server did not start"; cat "$work/serve-err"; exit 1; }

signup() {  # corporate number, e-mail; prints the CSRF token, keeps the cookie in $work/$1
  curl -sf -c "$work/$1" -H 'content-type: application/json' "$base/api/v1/signup" \
    -d "{\"corporate_number\":\"$1\",\"name\":\"$3\",\"industry\":\"E\",\"employees\":40,\"email\":\"$2\",\"display_name\":\"Admin\",\"password\":\"a long enough password\"}" |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])'
}
signup 7000012050002 admin@supplier.example "株式会社サプライヤー" >/dev/null
csrf=$(signup 3400120034561 admin@buyer.example "株式会社バイヤー")
curl -sf -b "$work/3400120034561" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
  "$base/api/v1/requests" \
  -d '{"supplier_corporate_number":"7000012050002","framework":"hoshitori-common","required_star":3}' >/dev/null

for _ in $(seq 1 150); do [[ -f $work/mail/1.json ]] && break; sleep 0.1; done
[[ -f $work/mail/1.json ]] || { echo "FAIL: no e-mail reached the sink"; cat "$work/serve-err"; exit 1; }
/usr/bin/python3 - "$work/mail/1.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
checks = {
    "recipient": m["rcpt_tos"] == ["admin@supplier.example"],
    "envelope sender": m["mail_from"] == "noreply@hoshitori.test",
    "Japanese subject decoded": m["subject"].startswith("[Hoshitori] 株式会社バイヤー から評価の依頼が届きました / "),
    "charset": m["charset"] == "utf-8",
    "absolute link": "開く / Open: https://hoshitori.test/shares" in m["body"],
    "Message-ID": m["headers"]["Message-ID"].endswith("@hoshitori.test>"),
}
failed = [name for name, ok in checks.items() if not ok]
if failed:
    print("FAIL:", ", ".join(failed), json.dumps(m, ensure_ascii=False))
    sys.exit(1)
print("OK: the request e-mail arrived:", m["subject"])
PY
if grep -q "secret-not-to-be-logged" "$work/serve-out" "$work/serve-err"; then
  echo "FAIL: the SMTP password was logged"; exit 1
fi
