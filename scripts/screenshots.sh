#!/usr/bin/env bash
# Refreshes docs/screenshots/*.png (the main pages in Japanese and English) from a fresh demo
# server, with the same Playwright + Chromium setup as the browser tests.
# Usage: scripts/screenshots.sh   (HOSHITORI_BIN overrides build/src/hoshitori)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${HOSHITORI_BIN:-} ]]; then bash scripts/build.sh; fi
bash scripts/web-setup.sh
export HOSHITORI_BIN=${HOSHITORI_BIN:-$PWD/build/src/hoshitori}
mkdir -p docs/screenshots
(cd tests/web && node screenshots.mjs "$PWD/../../docs/screenshots")
ls -l docs/screenshots
