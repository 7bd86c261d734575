#!/usr/bin/env bash
# Installs the packages only the benchmarks need (bench/chain): the peers measured against
# Hoshitori's supply-chain graph — PostgreSQL 15 (recursive CTE), NetworkX and igraph's C
# library. Idempotent: packages already present are left alone. Run as root (or with sudo).
set -euo pipefail

packages=(
  postgresql-15 postgresql-client-15
  python3 python3-networkx
  libigraph-dev
  time bc
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
  echo "setup-bench: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup-bench: all packages present"
fi
