package dev.agentplatform.monitoring.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.AlertFiring;
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
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each rule evaluation is a span in the trace of the execution that caused it, and an alert carries
 * the trace of the execution that breached the rule, so a trace leads to its alert and back.
 */
class RuleEvaluationTracingTest {

    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final Policies DEFAULTS = new Policies(TenantPolicy.defaults(), Map.of(), Duration.ofMinutes(2),
            Optional.empty(), BurnRate.DEFAULT_PERIOD);

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider tracing;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> output;

    @BeforeEach
    void start() throws Exception {
        tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-tracing-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("monitoring-trace").toString());
        driver = new TopologyTestDriver(MonitoringTopology.build(DEFAULTS, SloObserver.NONE, false,
                tracing.get("test")), props);
        input = driver.createInputTopic(Topics.METRICS, new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
        tracing.close();
    }

    @Test
    void theAlertCarriesTheTraceOfTheBreachingExecutionAndItsEvaluationSpanNamesTheAlert() {
        for (int n = 1; n <= 5; n++) {
            pipe(failed(n));
        }

        AlertFiring alert = output.readRecordsToList().stream().map(RuleEvaluationTracingTest::decode)
                .filter(e -> e instanceof AlertFiring f && f.rule().equals(MonitorProcessor.ERROR_RATE))
                .map(AlertFiring.class::cast).findFirst().orElseThrow();
        assertThat(alert.traceId()).as("the latest failed execution's trace").isEqualTo(traceId(5));
        assertThat(alert.traceParent()).isEqualTo(traceParent(5));

        List<SpanData> evaluations = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("rule evaluation")).toList();
        assertThat(evaluations).hasSize(5);
        for (int n = 1; n <= 5; n++) {
            int i = n;
            assertThat(evaluations).anySatisfy(s -> {
                assertThat(s.getTraceId()).isEqualTo(traceId(i));
                assertThat(s.getParentSpanId()).isEqualTo(spanId(i));
                assertThat(s.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo("acme");
            });
        }
        SpanData breach = evaluations.stream().filter(s -> s.getTraceId().equals(traceId(5))).findFirst().orElseThrow();
        assertThat(breach.getAttributes().get(AttributeKey.stringArrayKey("alert.transitions")))
                .contains("alert.firing " + MonitorProcessor.ERROR_RATE + " " + alert.fingerprint());
    }

    private static ExecutionCompleted failed(int n) {
        Instant at = T0.plusSeconds(n);
        return new ExecutionCompleted("ev-" + n, "acme", at, traceParent(n), "job-" + n, "chaos", "worker-1",
                ExecutionStatus.FAILED, at.minusMillis(100), 100, null, "ChaosFailure", null, 1, ResourceUsage.none(),
                false);
    }

    private static String traceId(int n) {
        return String.format("%032x", 0xabc000L + n);
    }

    private static String spanId(int n) {
        return String.format("%016x", 0xdef000L + n);
    }

    private static String traceParent(int n) {
        return "00-" + traceId(n) + "-" + spanId(n) + "-01";
    }

    private void pipe(PlatformEvent e) {
        input.pipeInput(new TestRecord<>(e.tenantId(), EventCodec.encode(e), CloudEventRecords.headers(e, "/test"),
                e.occurredAt()));
    }

    private static PlatformEvent decode(TestRecord<String, byte[]> record) {
        String type = CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TYPE).orElseThrow();
        return EventCodec.decode(type, record.value());
    }
}
