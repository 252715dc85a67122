#!/usr/bin/env bash
# The machine itself, independent of any service.
#   benchmarks/machine/run.sh [seconds=60]        hiccups (hiccups.c): one pinned thread per CPU
#     sleeps 1 ms again and again and reports how much each sleep overran. Run it on an otherwise
#     idle machine to see what the platform alone does to tail latency, or next to a benchmark to
#     see whether its stalls line up with the machine's.
#   benchmarks/machine/run.sh speed [seconds=5]   speed (speed.c): compute rate and memory
#     latency per CPU, and the cost of a cross-CPU wake-up (the price of every thread hop a
#     service makes). Run it before and after a benchmark to tell a slower hour from slower code.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROBE=hiccups
if [[ "${1:-}" == speed ]]; then
  PROBE=speed
  shift
fi
OUT="$DIR/../../target/$PROBE"
mkdir -p "$(dirname "$OUT")"
cc -O2 -pthread -o "$OUT" "$DIR/$PROBE.c"
echo "date: $(date -u +%FT%TZ); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg); kernel: $(uname -r)"
if [[ "$PROBE" == speed ]]; then
  "$OUT" "${1:-5}"
else
  "$OUT" "${1:-60}"
fi
