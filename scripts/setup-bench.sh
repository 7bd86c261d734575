#!/usr/bin/env bash
# Installs what the benchmarks need on top of the project's own packages: the peers measured
# against Hoshitori's supply-chain graph — PostgreSQL 15 (recursive CTE), NetworkX and igraph's
# C library. Idempotent; run as root (or with sudo).
set -euo pipefail
exec bash "$(dirname "$0")/setup.sh" python3 python3-networkx libigraph-dev time bc
