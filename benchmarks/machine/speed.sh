#!/usr/bin/env bash
# How fast the machine is right now (speed.c): compute rate per CPU and the cost of a cross-CPU
# wake-up, the price of every thread hop a service makes. Run it next to a benchmark, on an
# otherwise idle machine, to tell a slower hour from slower code.
#   benchmarks/machine/speed.sh [seconds per part=5]
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$DIR/../../target/speed"
mkdir -p "$(dirname "$OUT")"
cc -O2 -pthread -o "$OUT" "$DIR/speed.c"
echo "date: $(date -u +%FT%TZ); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$OUT" "${1:-5}"
