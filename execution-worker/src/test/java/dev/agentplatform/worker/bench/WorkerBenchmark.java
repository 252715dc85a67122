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
 */
public final class WorkerBenchmark {

    private static final int TENANTS = 60;

    private WorkerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        try (KafkaBroker kafka = KafkaBroker.start(); RedisServer redis = RedisServer.start()) {
            kafka.createTopics(Map.of(Topics.EXECUTIONS, 6, Topics.METRICS, 6, Topics.CONTROL, 3, Topics.EXECUTIONS_DLQ, 1));
            produce(kafka.bootstrapServers(), jobs);
            double plain = plainConsumerRate(kafka.bootstrapServers(), jobs);
            double worker = workerRate(root, kafka.bootstrapServers(), redis.url(), jobs, concurrency);
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

    private static double workerRate(Path root, String bootstrap, String redisUrl, int jobs, int concurrency)
            throws IOException, InterruptedException {
        Process worker = startWorker(root, bootstrap, redisUrl, concurrency);
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, "bench-metrics")) {
            consumer.subscribe(List.of(Topics.METRICS));
            int completed = 0;
            int succeeded = 0;
            Instant firstStart = null;
            Instant lastCompletion = null;
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (completed < jobs && System.nanoTime() < giveUp && worker.isAlive()) {
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
            worker.toHandle().info().totalCpuDuration().ifPresent(cpu -> System.out.printf(
                    "worker process CPU (start-up included): %.1f s, %.0f µs per job%n", cpu.toMillis() / 1e3,
                    cpu.toNanos() / 1e3 / jobs));
            return rate;
        } finally {
            worker.destroy();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process startWorker(Path root, String bootstrap, String redisUrl, int concurrency) throws IOException {
        Path jar = root.resolve("execution-worker/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the worker first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dquarkus.http.port=" + FreePort.find(), "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.redis.hosts=" + redisUrl, "-Dworker.max-concurrency=" + concurrency,
                "-Dquarkus.log.level=WARN"));
        // Extra JVM options for the worker, e.g. a flight recording: -Dbench.worker-jvm-args="-XX:StartFlightRecording=..."
        String extra = System.getProperty("bench.worker-jvm-args", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Path log = root.resolve("execution-worker/target/benchmark-worker.log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
