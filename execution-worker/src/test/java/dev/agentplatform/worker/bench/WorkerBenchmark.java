package dev.agentplatform.worker.bench;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.devstack.FreePort;
import dev.agentplatform.devstack.KafkaBroker;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.ResourceReservation;
import dev.agentplatform.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Jobs per second through one packaged worker running {@code echo}, against a plain Kafka
 * consumer reading the same backlog of the same topic in the same run. Both read a pre-loaded
 * backlog; the worker's rate is jobs over the span from its first start event to its last
 * completion (event times), so JVM start-up is not counted. Not a test: run by
 * {@code benchmarks/worker/run.sh}. Arguments: jobs (default 20000), worker max concurrency (256).
 *
 * <p>The worker traces as deployed: its OTLP/gRPC exporter sends every {@code agent run} span to a
 * sink in this JVM that accepts and counts the exports. Besides the rate, the worker's CPU time per
 * job is reported twice: over its whole life (start-up and JIT warm-up included) and in steady
 * state, from the moment a fifth of the jobs have completed to the last completion.
 */
public final class WorkerBenchmark {

    private static final int TENANTS = 60;

    private WorkerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        try (KafkaBroker kafka = KafkaBroker.start(); RedisServer redis = RedisServer.start(); OtlpSink traces = OtlpSink.start()) {
            kafka.createTopics(Map.of(Topics.EXECUTIONS, 6, Topics.METRICS, 6, Topics.CONTROL, 3, Topics.EXECUTIONS_DLQ, 1));
            produce(kafka.bootstrapServers(), jobs);
            double plain = plainConsumerRate(kafka.bootstrapServers(), jobs);
            double worker = workerRate(root, kafka.bootstrapServers(), redis.url(), traces.endpoint(), jobs, concurrency);
            System.out.printf("trace exports received from the worker: %d requests, %.1f MB%n", traces.exports.get(),
                    traces.bytes.get() / 1e6);
            System.out.printf("%nRESULT jobs=%d concurrency=%d plainConsumer=%.0f records/s worker=%.0f jobs/s ratio=%.1f%%%n",
                    jobs, concurrency, plain, worker, 100 * worker / plain);
        }
        System.exit(0);
    }

    private static void produce(String bootstrap, int jobs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < jobs; i++) {
                String tenant = "bench-" + (i % TENANTS);
                ExecutionRequested job = new ExecutionRequested(UUID.randomUUID().toString(), tenant, Instant.now(), null,
                        UUID.randomUUID().toString(), "echo", EventCodec.mapper().createObjectNode().put("n", i),
                        List.of(), Map.of(), 60, new ResourceReservation(64, 0.1, 1), 1);
                producer.send(new ProducerRecord<>(Topics.EXECUTIONS, null, tenant, EventCodec.encode(job),
                        CloudEventRecords.headers(job, "/benchmark")));
            }
            producer.flush();
        }
        System.out.printf("produced %d echo jobs over %d tenants%n", jobs, TENANTS);
    }

    /** Polls the whole backlog with a fresh group: the ceiling any consumer of this topic has. */
    private static double plainConsumerRate(String bootstrap, int jobs) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, "bench-plain")) {
            consumer.subscribe(List.of(Topics.EXECUTIONS));
            int seen = 0;
            long first = 0;
            long last = 0;
            while (seen < jobs) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (seen++ == 0) {
                        first = System.nanoTime();
                    }
                    last = System.nanoTime();
                }
            }
            double rate = (jobs - 1) / ((last - first) / 1e9);
            System.out.printf("plain consumer: %d records in %.2f s = %.0f records/s%n", jobs, (last - first) / 1e9, rate);
            return rate;
        }
    }

    private static double workerRate(Path root, String bootstrap, String redisUrl, String otlp, int jobs, int concurrency)
            throws IOException, InterruptedException {
        Process worker = startWorker(root, bootstrap, redisUrl, otlp, concurrency);
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, "bench-metrics")) {
            consumer.subscribe(List.of(Topics.METRICS));
            int completed = 0;
            int succeeded = 0;
            Instant firstStart = null;
            Instant lastCompletion = null;
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            // Steady state: from the poll in which a fifth of the jobs had completed to the last one.
            int steadyFrom = -1;
            long steadyCpuFrom = 0;
            while (completed < jobs && System.nanoTime() < giveUp && worker.isAlive()) {
                if (steadyFrom < 0 && completed >= jobs / 5) {
                    steadyFrom = completed;
                    steadyCpuFrom = cpuNanos(worker);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    PlatformEvent event = CloudEventRecords.decode(record);
                    if (event instanceof ExecutionStarted s && (firstStart == null || s.occurredAt().isBefore(firstStart))) {
                        firstStart = s.occurredAt();
                    } else if (event instanceof ExecutionCompleted c) {
                        completed++;
                        succeeded += c.succeeded() ? 1 : 0;
                        lastCompletion = lastCompletion == null || c.occurredAt().isAfter(lastCompletion) ? c.occurredAt() : lastCompletion;
                    }
                }
            }
            if (completed < jobs) {
                throw new IllegalStateException("worker completed only " + completed + " of " + jobs + " jobs");
            }
            double seconds = Duration.between(firstStart, lastCompletion).toNanos() / 1e9;
            double rate = jobs / seconds;
            System.out.printf("worker: %d jobs (%d succeeded) in %.2f s = %.0f jobs/s%n", jobs, succeeded, seconds, rate);
            long cpu = cpuNanos(worker);
            System.out.printf("worker process CPU (start-up included): %.1f s, %.0f µs per job%n", cpu / 1e9, cpu / 1e3 / jobs);
            if (steadyFrom >= 0 && steadyFrom < jobs) {
                System.out.printf("worker process CPU in steady state (jobs %d to %d): %.0f µs per job%n", steadyFrom, jobs,
                        (cpu - steadyCpuFrom) / 1e3 / (jobs - steadyFrom));
            }
            return rate;
        } finally {
            worker.destroy();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long cpuNanos(Process process) {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static Process startWorker(Path root, String bootstrap, String redisUrl, String otlp, int concurrency)
            throws IOException {
        Path jar = root.resolve("execution-worker/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the worker first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dquarkus.http.port=" + FreePort.find(), "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.redis.hosts=" + redisUrl, "-Dworker.max-concurrency=" + concurrency,
                "-Dquarkus.otel.exporter.otlp.endpoint=" + otlp, "-Dquarkus.log.level=WARN"));
        // Extra JVM options for the worker, e.g. a flight recording: -Dbench.worker-jvm-args="-XX:StartFlightRecording=..."
        String extra = System.getProperty("bench.worker-jvm-args", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Path log = root.resolve("execution-worker/target/benchmark-worker.log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Stands in for the OTLP collector (gRPC over cleartext HTTP/2): answers every export with an
     * empty, successful gRPC response and counts requests and bytes. Runs on its own event loop.
     */
    private static final class OtlpSink implements AutoCloseable {

        private final Vertx vertx;
        private final HttpServer server;
        private final AtomicLong exports = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();

        private OtlpSink(Vertx vertx) throws Exception {
            this.vertx = vertx;
            this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                    .requestHandler(request -> request.body().onSuccess(body -> {
                        exports.incrementAndGet();
                        bytes.addAndGet(body.length());
                        request.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0")
                                .end(Buffer.buffer(new byte[5]));
                    }))
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        static OtlpSink start() throws Exception {
            return new OtlpSink(Vertx.vertx());
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.actualPort();
        }

        @Override
        public void close() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
