#!/usr/bin/env bash
# Load benchmark of tenant-gateway: HTTP submit -> admission (one Lua script) -> Kafka ack, and,
# against the same Redis in the same run, Bucket4j (Lettuce) doing one token-bucket check per
# request. Starts its own Redis (redis-server), Kafka (devstack DevBroker) and the packaged gateway
# on free ports, runs dev.agentplatform.gateway.bench.GatewayBenchmark (which reports, for every
# phase, the CPU per job of the gateway, the load generator, the broker, Redis and the trace
# receiver), prints the gateway's RSS, and stops everything it started. --peers false skips the
# Redis-only peer phases (the admission script alone, Bucket4j). --layers true adds three closed-loop
# phases of requests the gateway refuses: without a token (401, before Redis), for a tenant that is
# not registered (404, after the admission script, before Kafka) and over its quota (429): what each
# layer costs.
#
#   benchmarks/gateway/run.sh [--seconds 20] [--concurrency 64] [--rate 2000,300] [--tenants 32]
#                             [--connections 32] [--warmup 10] [--peers true] [--layers false]
#
# The gateway runs with the JVM options it is deployed with (tenant-gateway/jvm.options, which the
# Dockerfile and ./stack use too) and, as deployed, with tracing on: every request is traced and its
# spans are exported over OTLP/HTTP to a receiver that counts and discards them (standing in for a
# collector; the one of benchmarks/context/ResolveBenchmark.java).
#
# Environment: JAVA (java), SKIP_BUILD=1 (reuse the jars and classpath of a previous run),
#   GATEWAY_JAVA_OPTS (replaces the options of tenant-gateway/jvm.options),
#   BROKER_JAVA_OPTS (replaces the broker's -Xmx256m -XX:+UseSerialGC), BENCH_JAVA_OPTS (added to the
#   load generator's JVM options, e.g. a GC log),
#   TRACING=exported (default) | off (quarkus.otel.sdk.disabled=true),
#   TRACE_RATIO=1.0 (default, as deployed: every trace recorded) | the share of traces recorded
#   (quarkus.otel.traces.sampler.arg, which operators may lower),
#   DIAG=1 (also a JFR recording and a GC log of the gateway, in tenant-gateway/target/bench),
#   HICCUPS=1 (runs benchmarks/machine's pause meter for the whole benchmark and prints what the
#   machine itself paused; needs a C compiler),
#   SPEED=1 (runs benchmarks/machine's speed probe, 2 s per part, before anything starts and prints
#   it with the conditions: this machine's speed varies by hour; needs a C compiler).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA:-java}"
WORK="$ROOT/tenant-gateway/target/bench"
mkdir -p "$WORK"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await() { # seconds command...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do (( SECONDS < deadline )) || { echo "timed out: $*" >&2; return 1; }; sleep 0.5; done
}

SPEED_LINES=
if [[ "${SPEED:-0}" == 1 ]]; then
  cc -O2 -pthread -o "$WORK/speed" "$ROOT/benchmarks/machine/speed.c"
  SPEED_LINES="$("$WORK/speed" 2)"
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building (package + test classpath) ..."
  (cd "$ROOT" && ./mvnw -B -q package dependency:build-classpath -DskipTests -pl tenant-gateway -am \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt)
fi

REDIS_PORT=$(free_port); KAFKA_PORT=$(free_port); CONTROLLER_PORT=$(free_port); HTTP_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
OTHERS="redis=$!"
await 20 redis-cli -p "$REDIS_PORT" ping

rm -rf "$WORK/kafka-data"
"$JAVA" ${BROKER_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} -cp "$ROOT/devstack/target/devstack.jar:$ROOT/devstack/target/lib/*" \
  dev.agentplatform.devstack.DevBroker --data-dir "$WORK/kafka-data" --port "$KAFKA_PORT" \
  --controller-port "$CONTROLLER_PORT" --topics "agent.executions:6,agent.control:3,agent.metrics:6" >"$WORK/kafka.log" 2>&1 &
PIDS+=($!)
OTHERS="broker=$!,$OTHERS"
await 120 grep -q "KAFKA READY" "$WORK/kafka.log"

TRACE_OPTS=()
case "${TRACING:-exported}" in
  exported)
    rm -f "$WORK/sink.port"
    "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$ROOT/devstack/target/classes" "$ROOT/benchmarks/context/ResolveBenchmark.java" sink "$WORK/sink.port" >"$WORK/sink.log" 2>&1 &
    PIDS+=($!)
    OTHERS="$OTHERS,trace receiver=$!"
    await 60 test -s "$WORK/sink.port"
    TRACE_OPTS=(-Dquarkus.otel.exporter.otlp.protocol=http/protobuf
      -Dquarkus.otel.exporter.otlp.endpoint="http://127.0.0.1:$(cat "$WORK/sink.port")"
      -Dquarkus.otel.traces.sampler.arg="${TRACE_RATIO:-1.0}") ;;
  off) TRACE_OPTS=(-Dquarkus.otel.sdk.disabled=true) ;;
  *) echo "TRACING must be exported or off" >&2; exit 2 ;;
esac
DIAG_OPTS=()
if [[ "${DIAG:-0}" == 1 ]]; then
  DIAG_OPTS=(-Xlog:gc:file="$WORK/gc.log":uptime -XX:StartFlightRecording=filename="$WORK/gateway.jfr",settings=profile)
fi
# The deployed options: one per line in tenant-gateway/jvm.options (a java @argfile).
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-$(grep -v '^#' "$ROOT/tenant-gateway/jvm.options" | xargs)}"
# shellcheck disable=SC2086 # a list of options
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" "$JAVA" $GATEWAY_JAVA_OPTS "${DIAG_OPTS[@]}" "${TRACE_OPTS[@]}" -Dquarkus.http.port="$HTTP_PORT" \
  -Dkafka.bootstrap.servers="localhost:$KAFKA_PORT" -Dquarkus.redis.hosts="redis://localhost:$REDIS_PORT" \
  -Dmp.jwt.verify.issuer=https://dev.agentplatform.local \
  -Dmp.jwt.verify.publickey.location="$ROOT/devstack/src/main/resources/dev-keys/jwt-public.pem" \
  -Dquarkus.log.level=WARN \
  -jar "$ROOT/tenant-gateway/target/quarkus-app/quarkus-run.jar" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
await 120 curl -fsS "http://localhost:$HTTP_PORT/q/health/ready"

echo "== conditions"
echo "date: $(date -u +%FT%TZ); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$JAVA" -version 2>&1 | head -1); redis: $(redis-server --version | cut -d' ' -f3)"
echo "other JVMs running on the machine: $(($(pgrep -c java) - 2))"
echo "gateway: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- tenant-gateway platform-common events || echo '+changes'); JVM: $GATEWAY_JAVA_OPTS; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}; tracing: ${TRACING:-exported}$([[ "${TRACING:-exported}" == exported ]] && echo ", share recorded ${TRACE_RATIO:-1.0}")"
echo "         Redis pool as deployed (32 connections, 1024 waiting); Kafka acks=all, idempotent producer"
[[ -z "$SPEED_LINES" ]] || { echo "machine speed before the run (benchmarks/machine speed.c):"; sed 's/^/   /' <<<"$SPEED_LINES"; }

HICCUPS_PID=
if [[ "${HICCUPS:-0}" == 1 ]]; then
  cc -O2 -pthread -o "$WORK/hiccups" "$ROOT/benchmarks/machine/hiccups.c"
  "$WORK/hiccups" 86400 >"$WORK/hiccups.txt" &
  HICCUPS_PID=$!
  PIDS+=($HICCUPS_PID)
fi

"$JAVA" -Xmx512m ${BENCH_JAVA_OPTS:-} -cp "$ROOT/tenant-gateway/target/test-classes:$ROOT/tenant-gateway/target/classes:$(cat "$WORK/classpath.txt")" \
  dev.agentplatform.gateway.bench.GatewayBenchmark --gateway "http://localhost:$HTTP_PORT" \
  --redis "redis://localhost:$REDIS_PORT" --pid "$GATEWAY_PID" --others "$OTHERS" "$@" 2> "$WORK/bench.err"

if [[ -n "$HICCUPS_PID" ]]; then
  kill -TERM "$HICCUPS_PID" && wait "$HICCUPS_PID" || true
  echo "== machine pauses during the benchmark (benchmarks/machine):"; sed 's/^/   /' "$WORK/hiccups.txt"
fi
echo "== gateway memory: $(grep -E 'VmRSS|VmHWM' /proc/$GATEWAY_PID/status | tr -s ' \t' ' ' | paste -sd ';')"
[[ -s "$WORK/sink.port" && "${TRACING:-exported}" == exported ]] && echo "   OTLP receiver: $(curl -fsS "http://127.0.0.1:$(cat "$WORK/sink.port")/stats")"
echo "   gateway log lines at WARN or above: $(grep -c -E '(WARN|WARNING|ERROR)' "$WORK/gateway.log" || true)"
echo "   jobs admitted in total: $(redis-cli -p "$REDIS_PORT" --scan --pattern 'tenant:*:leases' | while read -r k; do redis-cli -p "$REDIS_PORT" zcard "$k"; done | paste -sd+ | bc)"
