#!/usr/bin/env bash
# Hiccups of the machine itself, independent of any service: one pinned thread per CPU sleeps 1 ms
# again and again and reports how much each sleep overran (hiccups.c). Run it on an otherwise idle
# machine to see what the platform alone does to tail latency, or next to a benchmark to see
# whether its stalls line up with the machine's.
#   benchmarks/machine/run.sh [seconds=60]
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$DIR/../../target/hiccups"
mkdir -p "$(dirname "$OUT")"
cc -O2 -pthread -o "$OUT" "$DIR/hiccups.c"
echo "date: $(date -u +%FT%TZ); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg); kernel: $(uname -r)"
"$OUT" "${1:-60}"
