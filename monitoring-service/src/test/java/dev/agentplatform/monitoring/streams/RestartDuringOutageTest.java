package dev.agentplatform.monitoring.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.devstack.KafkaBroker;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.AlertResolved;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.events.Topics;
import dev.agentplatform.monitoring.service.Policies;
import dev.agentplatform.monitoring.service.TenantPolicy;
import dev.agentplatform.monitoring.slo.BurnRate;
import dev.agentplatform.monitoring.slo.BurnWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a real broker (its own, so no other test's traffic interferes), exactly-once, RocksDB
 * stores: the engine is stopped in the middle of an outage and started again as two replicas on
 * EMPTY state directories, so its state must come back from the changelog topics. The firing page
 * is neither lost (it resolves, once, with its original start) nor published twice.
 */
class RestartDuringOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Recent event times: alert records carry them, and the broker's retention drops records older than 7 days. */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofHours(3));
    private static final String TENANT = "restart";

    private static KafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;
    private final List<Path> stateDirs = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        broker.createTopics(Map.of(Topics.METRICS, 3, Topics.ALERTS, 3));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        producer.close();
        broker.close();
    }

    @Test
    void aRestartInTheMiddleOfAnOutageNeitherLosesNorRepeatsTheAlert() throws Exception {
        KafkaStreams first = start();
        send(0, 3600, ExecutionStatus.SUCCEEDED);
        send(3600, 3700, ExecutionStatus.FAILED);
        Awaitility.await().atMost(WAIT).until(() -> pageFirings().size() == 1);
        first.close(Duration.ofSeconds(30));

        // Two replicas now, each on a fresh state directory: whichever owns the tenant's partition
        // restores it from the changelog, and the rebalance between them moves tasks mid-stream.
        KafkaStreams second = start();
        KafkaStreams third = start();
        send(3700, 3760, ExecutionStatus.FAILED);
        send(3760, 4600, ExecutionStatus.SUCCEEDED);
        Awaitility.await().atMost(WAIT).until(() -> committedAlerts().stream()
                .anyMatch(a -> a instanceof AlertResolved r && r.rule().equals(BurnWindow.PAGE_FAST)));
        second.close(Duration.ofSeconds(30));
        third.close(Duration.ofSeconds(30));

        List<PlatformEvent> alerts = committedAlerts();
        List<AlertFiring> pages = pageFirings();
        assertThat(pages.get(0).labels()).containsEntry("slo", "availability");
        assertThat(pages).as("the page was published once, not again after the restart").hasSize(1);
        List<AlertResolved> resolved = alerts.stream().filter(a -> a instanceof AlertResolved r
                && r.fingerprint().equals(pages.get(0).fingerprint())).map(AlertResolved.class::cast).toList();
        assertThat(resolved).as("the firing page survived the restart and resolved once").hasSize(1);
        assertThat(resolved.get(0).startsAt()).isEqualTo(pages.get(0).startsAt());
        assertThat(alerts).filteredOn(a -> a instanceof AlertFiring f && f.rule().equals(MonitorProcessor.ERROR_RATE))
                .as("error_rate_high fired once across the restart").hasSize(1);
        assertThat(alerts).filteredOn(a -> a instanceof AlertResolved f && f.rule().equals(MonitorProcessor.ERROR_RATE))
                .hasSize(1);
    }

    /** The instances started by this test that have not been closed. */
    private final List<KafkaStreams> running = new ArrayList<>();

    /** Starts one more instance and waits until every open instance of the app is RUNNING again. */
    private KafkaStreams start() throws Exception {
        Path dir = Files.createTempDirectory("monitoring-restart");
        stateDirs.add(dir);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-restart-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        Policies policies = new Policies(TenantPolicy.defaults(), Map.of(), Duration.ofMinutes(2), Optional.empty(),
                BurnRate.DEFAULT_PERIOD);
        KafkaStreams streams = new KafkaStreams(MonitoringTopology.build(policies, SloObserver.NONE), props);
        streams.start();
        running.removeIf(s -> s.state() == KafkaStreams.State.NOT_RUNNING);
        running.add(streams);
        Awaitility.await().atMost(WAIT).until(() -> running.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
        return streams;
    }

    private static void send(int fromSecond, int toSecond, ExecutionStatus status) {
        for (int s = fromSecond; s < toSecond; s++) {
            Instant at = T0.plusSeconds(s);
            ExecutionCompleted e = new ExecutionCompleted("ev-" + s, TENANT, at,
                    String.format("00-%032x-%016x-01", s + 1, s + 1), "job-" + s, "chaos", "worker-1", status,
                    at.minusMillis(100), 100, null, status == ExecutionStatus.FAILED ? "ChaosFailure" : null, null, 1,
                    ResourceUsage.none(), false);
            producer.send(new ProducerRecord<>(Topics.METRICS, null, at.toEpochMilli(), TENANT, EventCodec.encode(e),
                    CloudEventRecords.headers(e, "/test")));
        }
        producer.flush();
    }

    private static List<AlertFiring> pageFirings() {
        return committedAlerts().stream().filter(a -> a instanceof AlertFiring f && f.rule().equals(BurnWindow.PAGE_FAST)
                        && "availability".equals(f.labels().get("slo")))
                .map(AlertFiring.class::cast).toList();
    }

    /** Everything committed on agent.alerts, as a read_committed consumer (any subscriber) sees it. */
    private static List<PlatformEvent> committedAlerts() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<PlatformEvent> events = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String type = CloudEventRecords.header(r.headers(), CloudEventAttributes.HEADER_TYPE).orElseThrow();
                    events.add(EventCodec.decode(type, r.value()));
                }
            }
            return events;
        }
    }

    @org.junit.jupiter.api.AfterEach
    void cleanUp() throws Exception {
        for (Path dir : stateDirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
