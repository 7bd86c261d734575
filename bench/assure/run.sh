#!/usr/bin/env bash
# Runs the attestation benchmark and prints every number (recorded in docs/benchmarks.md):
#   1. Hoshitori issues COUNT attestations with one key (plus a status list revoking every
#      100th and suspending every 250th);
#   2. Hoshitori verifies all of them (signature + claims + dates + status), one thread;
#   3. python3-jwcrypto verifies the same files in the same run; both print attestations per
#      second per core (CPU time) and their verdict counts, which must agree.
#   Batch mode (issue 14: "issue 10,000 in one batch, with their PDF certificates"):
#   bench/assure/run.sh batch [COUNT] [THREADS]  (default 10000, 1) signs COUNT attestations
#   and renders each one's certificate PDF; prints wall time, rates, peak RSS, PDF sizes.
# Usage: bench/assure/run.sh [COUNT]   (default 100000)
# Environment: BUILD (build directory, default build-bench-assure, configured standalone),
# WORK (data directory, default /tmp/hoshitori-assure-bench-COUNT), PEER_COUNT (how many the
# peer verifies, default COUNT).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mode=verify
if [[ ${1:-} == batch ]]; then
  mode=batch
  shift
fi
count=${1:-100000}
if [[ $mode == batch ]]; then count=${1:-10000}; fi
build=${BUILD:-$root/build-bench-assure}
work=${WORK:-/tmp/hoshitori-assure-bench-$count}
mkdir -p "$work"

echo "== machine"
date -u +"date %Y-%m-%dT%H:%M:%SZ"
echo "nproc $(nproc); $(lscpu | sed -n 's/^Model name: *//p'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "libsodium $(pkg-config --modversion libsodium); python3-jwcrypto $(/usr/bin/python3 -c 'import jwcrypto; print(jwcrypto.__version__ if hasattr(jwcrypto, "__version__") else "")' 2>/dev/null) $(dpkg-query -W -f='${Version}' python3-jwcrypto 2>/dev/null)"

if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$here" -B "$build" -G Ninja >/dev/null
fi
ninja -C "$build" assure_bench >/dev/null
bench=$(find "$build" -name assure_bench -type f -perm -u+x | head -1)

if [[ $mode == batch ]]; then
  echo "== batch: issue and render certificates"
  echo "cairo $(pkg-config --modversion cairo), pango $(pkg-config --modversion pango), libqrencode $(pkg-config --modversion libqrencode)"
  /usr/bin/time -f "batch process peak_rss_kb=%M elapsed=%e s" \
    "$bench" batch --count "$count" --dir "$work" --threads "${2:-1}"
  exit 0
fi

echo "== issue"
/usr/bin/time -f "issue process peak_rss_kb=%M" "$bench" issue --count "$count" --dir "$work"
echo "== verify (same files, same run)"
"$bench" verify --dir "$work" | tee "$work/hoshitori.txt"
/usr/bin/python3 "$here/jwcrypto_bench.py" "$work" "${PEER_COUNT:-$count}" | tee "$work/jwcrypto.txt"
rate() { sed -n "s/^$1.*per_s_per_core=\\([0-9]*\\).*/\\1/p" "$2"; }
ours=$(rate "hoshitori verify:" "$work/hoshitori.txt")
theirs=$(rate "jwcrypto verify:" "$work/jwcrypto.txt")
openssl=$(rate "openssl signature only" "$work/jwcrypto.txt")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "== ratio (attestations/s/core, CPU time): hoshitori $ours / jwcrypto $theirs = $(ratio "$ours" "$theirs")x"
# A Python verifier can never be faster than OpenSSL's signature check alone.
echo "== jwcrypto's own ceiling: OpenSSL verify alone $openssl/s, $(ratio "$openssl" "$theirs")x jwcrypto"
if [[ -z ${PEER_COUNT:-} || ${PEER_COUNT:-} == "$count" ]]; then
  if [[ $(sed -n 's/^hoshitori verdicts: //p' "$work/hoshitori.txt") != $(sed -n 's/^jwcrypto verdicts: //p' "$work/jwcrypto.txt") ]]; then
    echo "verdict counts differ"
    exit 1
  fi
  echo "verdict counts agree"
fi
