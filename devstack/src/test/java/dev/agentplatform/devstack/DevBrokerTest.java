package dev.agentplatform.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs DevBroker the way the local stack does: as its own JVM. */
class DevBrokerTest {

    private static final long READY_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dataDir;

    private Process broker;
    private Path stderr;

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void standaloneBrokerCreatesTopicsCarriesRecordsAndStopsOnSigterm() throws Exception {
        int port = FreePort.find();
        int controllerPort = FreePort.find();
        String bootstrap = startBroker(port, controllerPort, "devbroker-jobs:2");
        assertThat(bootstrap).isEqualTo("localhost:" + port);

        assertThat(partitionCount(bootstrap, "devbroker-jobs")).isEqualTo(2);
        ConsumerRecord<String, String> record =
                KafkaRoundTrip.sendAndReceive(bootstrap, "devbroker-jobs", "job-1", "queued");
        assertThat(record.value()).isEqualTo("queued");

        stopWithSigterm();

        // Second start on the same data: no re-format, the topic is still there.
        String restarted = startBroker(port, controllerPort, "devbroker-jobs:2");
        assertThat(partitionCount(restarted, "devbroker-jobs")).isEqualTo(2);
        stopWithSigterm();
    }

    private void stopWithSigterm() throws InterruptedException {
        broker.destroy(); // SIGTERM, like the local stack's stop
        assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM; " + LogTail.of(stderr, 20)).isTrue();
    }

    private String startBroker(int port, int controllerPort, String topics) throws Exception {
        stderr = dataDir.resolve("devbroker-stderr.log");
        broker = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                DevBroker.class.getName(),
                "--data-dir", dataDir.toString(),
                "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort),
                "--topics", topics))
                .redirectError(stderr.toFile())
                .start();
        return awaitReadyLine();
    }

    private String awaitReadyLine() throws Exception {
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(this::readUntilReady);
        try {
            return ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("DevBroker not ready within " + READY_TIMEOUT_SECONDS + " s; "
                    + LogTail.of(stderr, 40));
        }
    }

    private String readUntilReady() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(DevBroker.READY + " ")) {
                    return line.substring(DevBroker.READY.length() + 1);
                }
            }
            throw new AssertionError("DevBroker exited before READY; " + LogTail.of(stderr, 40));
        } catch (IOException e) {
            throw new AssertionError("Could not read DevBroker output", e);
        }
    }

    private static int partitionCount(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        }
    }
}
