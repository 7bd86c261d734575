#!/usr/bin/env bash
# Installs everything Hoshitori needs to build, run and test on Debian 12.
# Idempotent: packages already present are left alone. Run as root (or with sudo).
# Usage: scripts/setup.sh [EXTRA_PACKAGE...]  (extra packages, e.g. for the benchmarks)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  libyaml-cpp-dev nlohmann-json3-dev libvalijson-dev libcli11-dev libspdlog-dev libfmt-dev
  libsimdjson-dev python3-jwcrypto python3-packaging python3-yaml poppler-utils
  libcurl4-openssl-dev python3-aiosmtpd
  libsqlite3-dev sqlite3 libsodium-dev libboost-dev wrk nginx-light libxlsxwriter-dev libzip-dev libexpat1-dev
  time
  libmstch-dev chromium fonts-noto-cjk
  libcairo2-dev libpango1.0-dev libqrencode-dev zbar-tools
  libpqxx-dev postgresql-15 postgresql-client-15
  libicu-dev
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi

# The browser tests' npm packages (playwright-core, pinned in tests/web/package-lock.json).
bash "$(dirname "$0")/web-setup.sh"
