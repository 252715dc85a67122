package dev.agentplatform.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A running, real Kafka broker for tests.
 *
 * <p>{@link #start()} picks, in order: an external cluster named by {@code KAFKA_BOOTSTRAP_SERVERS};
 * a Testcontainers broker when Docker answers; otherwise a single-node KRaft broker inside this JVM.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String MODE_EXTERNAL = "external";
    public static final String MODE_TESTCONTAINERS = "testcontainers";
    public static final String MODE_IN_PROCESS = "kraft-in-process";

    /** Environment variable (or system property) naming an existing cluster to use instead of starting one. */
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    static final String IMAGE = "apache/kafka:4.1.1";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private static KafkaBroker shared;

    private final String bootstrapServers;
    private final String mode;
    private final AutoCloseable owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBroker(String bootstrapServers, String mode, AutoCloseable owned) {
        this.bootstrapServers = bootstrapServers;
        this.mode = mode;
        this.owned = owned;
    }

    /**
     * The JVM-wide broker, started on first use and closed by a shutdown hook. Do not close it
     * yourself; use {@link #start()} when a test needs a broker of its own.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = startOrBorrowShared();
        }
        return shared;
    }

    private static KafkaBroker startOrBorrowShared() {
        synchronized (JvmWide.lock("kafka")) {
            SharedResourceMXBean published = JvmWide.lookup("kafka");
            if (published != null) {
                // Another class loader (another Quarkus test app) already owns the shared broker.
                return new KafkaBroker(published.getAddress(), published.getMode(), null);
            }
            KafkaBroker broker = start();
            JvmWide.closeOnShutdown("kafka", broker);
            JvmWide.publish("kafka", broker.bootstrapServers(), broker.mode(), null);
            return broker;
        }
    }

    /** Starts (or, for an external cluster, just points at) a new broker; the caller closes it. */
    public static KafkaBroker start() {
        String external = Settings.get(BOOTSTRAP_ENV);
        if (external != null) {
            LOG.info("Kafka mode {}: {} is set to {}", MODE_EXTERNAL, BOOTSTRAP_ENV, external);
            return new KafkaBroker(external, MODE_EXTERNAL, null);
        }
        if (Docker.available()) {
            LOG.info("Kafka mode {}: a Docker engine answered, starting {}", MODE_TESTCONTAINERS, IMAGE);
            return startContainer();
        }
        LOG.info("Kafka mode {}: no {} and no Docker engine, starting a KRaft broker in this JVM",
                MODE_IN_PROCESS, BOOTSTRAP_ENV);
        return startInProcess();
    }

    private static KafkaBroker startContainer() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE));
        // The apache/kafka image maps KAFKA_FOO_BAR to the broker property foo.bar.
        KafkaSettings.singleNode().forEach((key, value) ->
                container.withEnv("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        container.start();
        return new KafkaBroker(container.getBootstrapServers(), MODE_TESTCONTAINERS, container::stop);
    }

    private static KafkaBroker startInProcess() {
        KafkaLogging.quietBroker();
        KafkaClusterTestKit cluster = buildInProcessCluster();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            JvmWide.closeQuietly(cluster);
            throw new IllegalStateException("In-process Kafka broker failed to start", e);
        }
        return new KafkaBroker(cluster.bootstrapServers(), MODE_IN_PROCESS, cluster);
    }

    private static KafkaClusterTestKit buildInProcessCluster() {
        // Our own directory, not the test kit's default: that one is deleted by a shutdown hook of
        // Kafka's TestUtils, which races the hook that stops this broker. A broker whose log
        // directory vanishes under it halts the JVM with exit code 1, failing the test run after
        // every test passed. The test kit deletes this directory itself once the broker is closed.
        Path baseDirectory;
        try {
            baseDirectory = Files.createTempDirectory("devstack-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a directory for the in-process Kafka broker", e);
        }
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setBaseDirectory(baseDirectory)
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
        KafkaSettings.singleNode().forEach(builder::setConfigProp);
        // The test kit enables unstable APIs by default; a real broker does not.
        builder.setConfigProp("unstable.api.versions.enable", "false");
        builder.setConfigProp("unstable.feature.versions.enable", "false");
        try {
            return builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("Could not configure the in-process Kafka broker", e);
        }
    }

    /** Comma-separated {@code host:port} list for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@value #MODE_EXTERNAL}, {@value #MODE_TESTCONTAINERS} or {@value #MODE_IN_PROCESS}. */
    public String mode() {
        return mode;
    }

    /**
     * Creates the topics that do not exist yet. Replication factor is 1 on brokers devstack
     * started, and the cluster default on an external one (which may have several brokers).
     */
    public void createTopics(Map<String, Integer> nameToPartitions) {
        if (nameToPartitions.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminProperties())) {
            var futures = admin.createTopics(nameToPartitions.entrySet().stream()
                    .map(topic -> newTopic(topic.getKey(), topic.getValue()))
                    .toList()).values();
            futures.forEach(this::awaitCreated);
        }
    }

    private NewTopic newTopic(String name, int partitions) {
        Optional<Short> replication = MODE_EXTERNAL.equals(mode) ? Optional.empty() : Optional.of((short) 1);
        return new NewTopic(name, Optional.of(partitions), replication);
    }

    private void awaitCreated(String topic, KafkaFuture<Void> future) {
        try {
            future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + topic + " on " + bootstrapServers, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + topic + " on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        }
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return properties;
    }

    /** Stops the broker if devstack started it; does nothing for external or borrowed brokers. */
    @Override
    public void close() {
        if (owned != null && closed.compareAndSet(false, true)) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop Kafka broker at " + bootstrapServers, e);
            }
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + mode + " " + bootstrapServers + "]";
    }
}
