#!/usr/bin/env bash
# Installs the browser-test tooling: Node.js (from Debian when missing) and the npm packages
# pinned in tests/web/package-lock.json (playwright-core; it drives Debian's Chromium, which
# scripts/setup.sh installs — no browser is downloaded; ajv and ajv-formats, which
# tests/stix/validate.mjs uses). Idempotent; skips npm when the
# installed packages already match the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  echo "web-setup: installing nodejs npm"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends nodejs npm
fi
# Every package in the lock file installed at its locked version?
if (cd tests/web && node -e '
  const lock = require("./package-lock.json").packages;
  for (const [path, entry] of Object.entries(lock)) {
    if (!path) continue;
    if (require("./" + path + "/package.json").version !== entry.version) process.exit(1);
  }' 2>/dev/null); then
  echo "web-setup: npm packages present"
else
  echo "web-setup: npm ci in tests/web"
  (cd tests/web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
