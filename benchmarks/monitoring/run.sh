#!/usr/bin/env bash
# Alert-engine throughput vs a plain consumer, and alert latency (see RESULTS.md).
# Usage: benchmarks/monitoring/run.sh [events] [tenants] [latency-samples] [warmup-events]
# The first warmup-events (default 1000000) are processed but not timed: figures are for the steady state
# (with 200000 the JIT compiler was still busy for seconds inside the measured part).
# BENCH_JAVA_OPTS: extra JVM options, e.g. -Dbench.stream-threads=1 (default: the service's setting), -Dbench.tracing=off (no-op tracer instead of the SDK) or
# -Dbench.jfr=monitoring-service/target/bench.jfr (JFR profile of the measured part only)
set -euo pipefail
cd "$(dirname "$0")/../.."
# One reactor session, so the sibling modules resolve to their target/classes.
./mvnw -B -q test-compile dependency:build-classpath -pl monitoring-service -am \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="monitoring-service/target/test-classes:monitoring-service/target/classes:$(cat monitoring-service/target/bench.classpath)"
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$CP" dev.agentplatform.monitoring.bench.MonitoringBenchmark "${1:-500000}" "${2:-200}" "${3:-100}" "${4:-1000000}" \
  2> monitoring-service/target/bench.log | tee monitoring-service/target/bench.out
