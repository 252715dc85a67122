#!/usr/bin/env bash
# Resolve latency and throughput of context-service with warm caches.
# Usage: benchmarks/context/run.sh [rate=1000] [seconds=30]
# Starts its own redis-server and context-service (packaged jar) on free ports, with
# authentication on (a key pair generated for the run), and stops both at the end.
#
# Settings (environment):
#   TRACING=exported    (default) the service's own sampling (every request is traced: a server
#                       span and a `context resolve` span) and its spans exported over OTLP/HTTP to
#                       a receiver the benchmark runs, standing in for a collector;
#   TRACING=unexported  the service's defaults untouched: OTLP/gRPC to localhost:4317, where
#                       nothing listens, so every export fails;
#   TRACING=off         the OpenTelemetry SDK disabled (quarkus.otel.sdk.disabled=true).
#   (The sampler, parentbased_always_on, is fixed when the service is built: every request without
#   a traceparent is traced, and a caller's sampling decision is followed.)
#   SERVICE_JAVA_OPTS   the service's JVM options (default -Xmx512m, so G1 on two cores; ./stack runs
#                       -Xms64m -Xmx256m -XX:+UseSerialGC, and a one-CPU container gets SerialGC too).
#   WARMUP_SECONDS=30   after 2,000 sequential requests, this long at the target rate, not counted, so
#                       the measured window starts once the JIT compilers have settled (0: none).
#   CONNECTIONS=16      keep-alive connections (one sender thread each) of the open loop.
#   CLOSED_SECONDS      length of the closed-loop throughput run (default seconds/2, at least 10; 0 skips it).
#   DIAG=1              also write a GC log and a JFR recording of the service (profile settings).
#   APP=dir             the packaged service to run (default context-service/target/quarkus-app).
#   OUT=dir             where logs (and the diagnostics) go; a new temporary directory by default.
set -euo pipefail
RATE=${1:-1000}
SECONDS_TO_RUN=${2:-30}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
BENCH="$ROOT/benchmarks/context/ResolveBenchmark.java"
APP=${APP:-$ROOT/context-service/target/quarkus-app}
TRACING=${TRACING:-exported}
CONNECTIONS=${CONNECTIONS:-16}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
CLOSED_SECONDS=${CLOSED_SECONDS:-$(( SECONDS_TO_RUN / 2 > 10 ? SECONDS_TO_RUN / 2 : 10 ))}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx512m}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [ ! -f "$APP/quarkus-run.jar" ] || [ ! -d "$ROOT/devstack/target/classes" ]; then
  (cd "$ROOT" && ./mvnw -B -q package -pl devstack,context-service -am -DskipTests)
fi
# ResolveBenchmark.java uses devstack's HTTP client (dev.agentplatform.devstack.bench.HttpConnection).
BENCH_CP="$ROOT/devstack/target/classes"

REDIS_PORT=$(free_port)
APP_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no > "$OUT/redis.log" 2>&1 &
REDIS_PID=$!
APP_PID=
SINK_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  kill "$REDIS_PID" 2>/dev/null || true
}
trap cleanup EXIT

java -cp "$BENCH_CP" "$BENCH" keys "$OUT/keys"

TRACE_OPTS=()
case "$TRACING" in
  exported)
    rm -f "$OUT/sink.port"
    java -Xmx128m -XX:+UseSerialGC -cp "$BENCH_CP" "$BENCH" sink "$OUT/sink.port" > "$OUT/sink.log" 2>&1 &
    SINK_PID=$!
    for _ in $(seq 1 100); do [ -s "$OUT/sink.port" ] && break; sleep 0.2; done
    TRACE_OPTS=(-Dquarkus.otel.exporter.otlp.protocol=http/protobuf
      -Dquarkus.otel.exporter.otlp.endpoint="http://127.0.0.1:$(cat "$OUT/sink.port")") ;;
  unexported) ;;
  off) TRACE_OPTS=(-Dquarkus.otel.sdk.disabled=true) ;;
  *) echo "TRACING must be exported, unexported or off" >&2; exit 2 ;;
esac
DIAG_OPTS=()
if [ "${DIAG:-0}" = 1 ]; then
  DIAG_OPTS=(-Xlog:gc,safepoint:file="$OUT/gc.log":uptime,tags
    -XX:StartFlightRecording=filename="$OUT/service.jfr",settings=profile)
fi

# shellcheck disable=SC2086 # SERVICE_JAVA_OPTS is a list of options
java $SERVICE_JAVA_OPTS "${DIAG_OPTS[@]}" -Dquarkus.http.port="$APP_PORT" -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" \
  -Dmp.jwt.verify.publickey.location="file:$OUT/keys/public.pem" \
  -Dmp.jwt.verify.issuer=https://bench.agentplatform.dev/issuer \
  -Dkafka.bootstrap.servers=127.0.0.1:1 -Dquarkus.log.level=WARN \
  "${TRACE_OPTS[@]}" \
  -jar "$APP/quarkus-run.jar" > "$OUT/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$APP_PORT/q/health/ready" > /dev/null && break
  sleep 0.5
done

echo "context-service $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD || echo '+changes'), rate $RATE req/s, $SECONDS_TO_RUN s, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "service JVM: $SERVICE_JAVA_OPTS; tracing: $TRACING; $CONNECTIONS connections; warm-up $WARMUP_SECONDS s"
java -Xmx256m -XX:+UseSerialGC -cp "$BENCH_CP" "$BENCH" run "http://127.0.0.1:$APP_PORT" "$OUT/keys" "$RATE" "$SECONDS_TO_RUN" "$CONNECTIONS" "$CLOSED_SECONDS" "$APP_PID" "$WARMUP_SECONDS"
if [ -n "$SINK_PID" ]; then
  echo "OTLP receiver: $(curl -sf "http://127.0.0.1:$(cat "$OUT/sink.port")/stats")"
fi
echo "service log lines at WARN or above: $(grep -c -E ' (WARN|WARNING|ERROR) ' "$OUT/app.log" || true); logs in $OUT"
