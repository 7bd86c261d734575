#!/usr/bin/env bash
# The main job: set up, build, create a SQLite database (hoshitori.db) with the shipped
# catalogs and the demo suppliers, walk through their scores and star levels, then serve the
# web pages and the API on it (open http://127.0.0.1:${PORT:-8080}/ in a browser; Ctrl-C stops).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/src/hoshitori catalog validate
./build/src/hoshitori --db hoshitori.db demo --reset
exec ./build/src/hoshitori --db hoshitori.db serve --port "${PORT:-8080}"
