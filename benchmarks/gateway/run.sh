#!/usr/bin/env bash
# Load benchmark of tenant-gateway: HTTP submit -> admission (one Lua script) -> Kafka ack, and,
# against the same Redis in the same run, Bucket4j (Lettuce) doing one token-bucket check per
# request. Starts its own Redis (redis-server), Kafka (devstack DevBroker) and the packaged gateway
# on free ports, runs dev.agentplatform.gateway.bench.GatewayBenchmark, prints the gateway's RSS,
# and stops everything it started.
#
#   benchmarks/gateway/run.sh [--seconds 20] [--concurrency 64] [--rate 2000,300] [--tenants 32]
#
# Environment: JAVA (java), SKIP_BUILD=1 (reuse the jars and classpath of a previous run).
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

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building (package + test classpath) ..."
  (cd "$ROOT" && ./mvnw -B -q package dependency:build-classpath -DskipTests -pl tenant-gateway -am \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt)
fi

REDIS_PORT=$(free_port); KAFKA_PORT=$(free_port); CONTROLLER_PORT=$(free_port); HTTP_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
await 20 redis-cli -p "$REDIS_PORT" ping

rm -rf "$WORK/kafka-data"
"$JAVA" -Xmx256m -XX:+UseSerialGC -cp "$ROOT/devstack/target/devstack.jar:$ROOT/devstack/target/lib/*" \
  dev.agentplatform.devstack.DevBroker --data-dir "$WORK/kafka-data" --port "$KAFKA_PORT" \
  --controller-port "$CONTROLLER_PORT" --topics "agent.executions:6,agent.control:3,agent.metrics:6" >"$WORK/kafka.log" 2>&1 &
PIDS+=($!)
await 120 grep -q "KAFKA READY" "$WORK/kafka.log"

"$JAVA" -Xmx256m -XX:+UseSerialGC -Dquarkus.http.port="$HTTP_PORT" \
  -Dkafka.bootstrap.servers="localhost:$KAFKA_PORT" -Dquarkus.redis.hosts="redis://localhost:$REDIS_PORT" \
  -Dmp.jwt.verify.issuer=https://dev.agentplatform.local \
  -Dmp.jwt.verify.publickey.location="$ROOT/devstack/src/main/resources/dev-keys/jwt-public.pem" \
  -Dquarkus.log.level=WARN -Dquarkus.redis.max-pool-size=32 -Dquarkus.redis.max-pool-waiting=100000 \
  -jar "$ROOT/tenant-gateway/target/quarkus-app/quarkus-run.jar" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
await 120 curl -fsS "http://localhost:$HTTP_PORT/q/health/ready"

echo "== conditions"
echo "date: $(date -u +%FT%TZ); cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$JAVA" -version 2>&1 | head -1); redis: $(redis-server --version | cut -d' ' -f3)"
echo "other JVMs running on the machine: $(($(pgrep -c java) - 2))"
echo "gateway: -Xmx256m -XX:+UseSerialGC, redis max-pool-size 32; Kafka acks=all, idempotent producer"

"$JAVA" -Xmx512m -cp "$ROOT/tenant-gateway/target/test-classes:$ROOT/tenant-gateway/target/classes:$(cat "$WORK/classpath.txt")" \
  dev.agentplatform.gateway.bench.GatewayBenchmark --gateway "http://localhost:$HTTP_PORT" \
  --redis "redis://localhost:$REDIS_PORT" "$@" 2> "$WORK/bench.err"

echo "== gateway memory: $(grep -E 'VmRSS|VmHWM' /proc/$GATEWAY_PID/status | tr -s ' \t' ' ' | paste -sd ';')"
echo "   jobs admitted in total: $(redis-cli -p "$REDIS_PORT" --scan --pattern 'tenant:*:leases' | while read -r k; do redis-cli -p "$REDIS_PORT" zcard "$k"; done | paste -sd+ | bc)"
