#!/usr/bin/env bash
# Installs dependencies (scripts/setup.sh) and builds Hoshitori into build/ (CMake + Ninja).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOSHITORI_WERROR=ON >/dev/null
ninja -C build
