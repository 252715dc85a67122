#!/usr/bin/env bash
# Jobs per second through one packaged execution-worker running `echo`, against a plain Kafka
# consumer reading the same backlog in the same run. Usage: benchmarks/worker/run.sh [jobs] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/../.."
JOBS="${1:-20000}"
CONCURRENCY="${2:-256}"

# One reactor build: packages the worker and writes its test classpath (siblings from the reactor).
./mvnw -B -q package dependency:build-classpath -pl execution-worker -am -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark.classpath
CP="execution-worker/target/test-classes:execution-worker/target/classes:$(cat execution-worker/target/benchmark.classpath)"
exec java -Xmx1g -Dproject.root="$PWD" ${BENCH_JAVA_OPTS:-} -cp "$CP" dev.agentplatform.worker.bench.WorkerBenchmark "$JOBS" "$CONCURRENCY"
