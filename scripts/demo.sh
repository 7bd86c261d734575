#!/usr/bin/env bash
# The main job: set up, build, create a SQLite database (hoshitori.db) with the shipped
# catalogs and the demo suppliers, and walk through their scores and star levels.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/src/hoshitori catalog validate
./build/src/hoshitori --db hoshitori.db demo --reset
