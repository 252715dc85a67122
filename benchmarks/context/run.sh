#!/usr/bin/env bash
# Resolve latency and throughput of context-service with warm caches.
# Usage: benchmarks/context/run.sh [rate=1000] [seconds=30]
# Starts its own redis-server and context-service (packaged jar) on free ports, with
# authentication on (a key pair generated for the run), and stops both at the end.
set -euo pipefail
RATE=${1:-1000}
SECONDS_TO_RUN=${2:-30}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
BENCH="$ROOT/benchmarks/context/ResolveBenchmark.java"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [ ! -f "$ROOT/context-service/target/quarkus-app/quarkus-run.jar" ]; then
  (cd "$ROOT" && ./mvnw -B -q package -pl context-service -am -DskipTests)
fi

REDIS_PORT=$(free_port)
APP_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!
APP_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  kill "$REDIS_PID" 2>/dev/null || true
}
trap cleanup EXIT

java "$BENCH" keys "$WORK/keys"
java -Xmx512m -Dquarkus.http.port="$APP_PORT" -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" \
  -Dmp.jwt.verify.publickey.location="file:$WORK/keys/public.pem" \
  -Dmp.jwt.verify.issuer=https://bench.agentplatform.dev/issuer \
  -Dkafka.bootstrap.servers=127.0.0.1:1 -Dquarkus.log.level=WARN \
  -jar "$ROOT/context-service/target/quarkus-app/quarkus-run.jar" > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$APP_PORT/q/health/ready" > /dev/null && break
  sleep 0.5
done

echo "context-service $(git -C "$ROOT" rev-parse --short HEAD), rate $RATE req/s, $SECONDS_TO_RUN s, $(nproc) cores"
java -Xmx512m "$BENCH" run "http://127.0.0.1:$APP_PORT" "$WORK/keys" "$RATE" "$SECONDS_TO_RUN"
