package dev.agentplatform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.devstack.FreePort;
import dev.agentplatform.devstack.KafkaBroker;
import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceReservation;
import dev.agentplatform.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker, as its own process, asked to stop (SIGTERM) while a job runs: it lets the job
 * finish, publishes its completion, commits its offset and exits.
 */
class GracefulShutdownIT {

    private static final int PORT = FreePort.find();
    private static KafkaBroker kafka;
    private static RedisServer redis;
    private static KafkaEvents events;

    @BeforeAll
    static void infrastructure() {
        kafka = KafkaBroker.start();
        redis = RedisServer.start();
        kafka.createTopics(Map.of(Topics.EXECUTIONS, 1, Topics.METRICS, 1, Topics.CONTROL, 1, Topics.EXECUTIONS_DLQ, 1));
        events = new KafkaEvents(kafka.bootstrapServers());
    }

    @AfterAll
    static void close() {
        events.close();
        redis.close();
        kafka.close();
    }

    @Test
    void inFlightJobFinishesAndIsCommittedBeforeTheWorkerExits() throws Exception {
        Process worker = startWorker();
        try {
            awaitReady(worker);
            ExecutionRequested job = new ExecutionRequested(UUID.randomUUID().toString(), "shutdown", Instant.now(), null,
                    UUID.randomUUID().toString(), "chaos", JsonNodeFactory.instance.objectNode().put("latencyMs", 4_000),
                    List.of(), Map.of(), 60, new ResourceReservation(64, 0.1, 5), 1);
            events.send(Topics.EXECUTIONS, job.tenantId(), job, "/test");
            events.awaitEvent(Topics.METRICS, e -> e instanceof ExecutionStarted s && s.jobId().equals(job.jobId()),
                    Duration.ofSeconds(60));

            Instant stopAsked = Instant.now();
            worker.destroy();
            assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker exited").isTrue();

            ExecutionCompleted completed = (ExecutionCompleted) events.awaitEvent(Topics.METRICS,
                    e -> e instanceof ExecutionCompleted c && c.jobId().equals(job.jobId()), Duration.ofSeconds(10));
            assertThat(completed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(completed.occurredAt()).isAfter(stopAsked);
            assertThat(committedOffset()).as("the finished job's offset is committed").isEqualTo(endOffset());
        } finally {
            worker.destroyForcibly();
        }
    }

    private static Process startWorker() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Path log = Path.of("target/graceful-shutdown-worker.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dquarkus.http.port=" + PORT, "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Dquarkus.redis.hosts=" + redis.url(), "-Dworker.shutdown-grace=30s", "-jar", jar.toString());
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(Process worker) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(worker.isAlive()).as("worker running (see target/graceful-shutdown-worker.log)").isTrue();
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT
                        + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("worker not ready in time");
    }

    private static long committedOffset() throws Exception {
        try (Admin admin = admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("execution-worker").partitionsToOffsetAndMetadata()
                    .get().get(new TopicPartition(Topics.EXECUTIONS, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    private static long endOffset() throws Exception {
        try (Admin admin = admin()) {
            TopicPartition partition = new TopicPartition(Topics.EXECUTIONS, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
        }
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(props);
    }
}
