package dev.agentplatform.monitoring.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.monitoring.rules.RecentExecutions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming decoder of the alert engine reads what data binding reads, output aside, and rejects what it rejects. */
class CompletedDecoderTest {

    private static final Instant AT = Instant.parse("2026-11-21T05:00:00.123Z");

    @Test
    void readsEveryFieldButOutputAsDataBindingDoes() {
        ExecutionCompleted full = new ExecutionCompleted("e-1", "t-1", AT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "job-1", "agent-1", "worker-1", ExecutionStatus.FAILED, AT.minusMillis(1500), 1500,
                JsonNodeFactory.instance.objectNode().put("answer", 42).set("list", JsonNodeFactory.instance.arrayNode().add(1)),
                "ChaosFailure", "it \"broke\" \u00e9", 2, new ResourceUsage(900L, 1L << 40, 512, 0.5, 10L, 20L, 0.0125), true);
        ExecutionCompleted bare = new ExecutionCompleted("e-2", "t-1", AT, null, "job-2", "agent-1", "worker-1",
                ExecutionStatus.SUCCEEDED, null, 0, null, null, null, 1, ResourceUsage.none(), false);
        for (ExecutionCompleted e : List.of(full, bare)) {
            byte[] body = EventCodec.encode(e);
            ExecutionCompleted bound = EventCodec.decode(ExecutionCompleted.class, body);
            ExecutionCompleted parsed = CompletedDecoder.decode(body);
            assertThat(parsed.output()).isNull();
            assertThat(parsed).usingRecursiveComparison().ignoringFields("output").isEqualTo(bound);
        }
    }

    @Test
    void skipsUnknownFieldsAndTakesTheUnusualFromDataBinding() {
        String unknown = "{\"id\":\"e-3\",\"tenantId\":\"t-1\",\"occurredAt\":\"2026-11-21T05:00:00Z\",\"extra\":{\"a\":[1,{\"b\":2}]},"
                + "\"agentId\":\"agent-1\",\"status\":\"TIMED_OUT\",\"durationMs\":30000,\"attempt\":1,"
                + "\"resources\":{\"cpuTimeMs\":7,\"reservedCpuCores\":2,\"future\":true}}";
        // A number for a string and an epoch number for a time: data binding coerces them.
        String coerced = "{\"id\":17,\"tenantId\":\"t-1\",\"occurredAt\":1763701200.000000000,\"agentId\":\"agent-1\","
                + "\"status\":\"SUCCEEDED\",\"durationMs\":\"120\",\"attempt\":1}";
        for (String json : List.of(unknown, coerced)) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            assertThat(CompletedDecoder.decode(body)).usingRecursiveComparison()
                    .isEqualTo(EventCodec.decode(ExecutionCompleted.class, body));
        }
        assertThat(CompletedDecoder.decode(unknown.getBytes(StandardCharsets.UTF_8)).resources().reservedCpuCores())
                .isEqualTo(2.0);
    }

    @Test
    void rejectsWhatDataBindingRejects() {
        for (String json : List.of("{\"tenantId\":\"t-1\",\"occurredAt\":\"2026-11-21T05:00:00Z\"}",
                "{\"id\":\"e\",\"tenantId\":\"t-1\",\"occurredAt\":\"2026-11-21T05:00:00Z\",\"status\":\"RUNNING\"}",
                "{\"id\":\"e\",\"tenantId\":\"t-1\",\"occurredAt\":\"yesterday\"}",
                "{\"id\":\"e\",\"tenantId\":\"t-1\",", "[]")) {
            assertThatThrownBy(() -> CompletedDecoder.decode(json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(EventDecodingException.class);
        }
        assertThatThrownBy(() -> CompletedDecoder.decode(null)).isInstanceOf(EventDecodingException.class);
    }

    @Test
    void readsInstantsAsInstantParseDoes() {
        for (String text : List.of("2026-11-21T05:00:00Z", "2026-11-21T05:00:00.1Z", "2026-11-21T05:00:00.123Z",
                "2026-11-21T23:59:59.123456789Z", "2028-02-29T00:00:00.000001Z", "1969-12-31T23:59:59.999Z",
                "2026-11-21T05:00:00+01:00", "2026-11-21T24:00:00Z", "2016-12-31T23:59:60Z", "2026-11-21T05:00:00.Z",
                "2026-11-21T05:00:00.123456789Z")) {
            assertThat(CompletedDecoder.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : List.of("2026-02-30T00:00:00Z", "2026-11-21T25:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-21T05:0a:00Z", "2026-11-21 05:00:00Z")) {
            assertThatThrownBy(() -> CompletedDecoder.instant(text)).as(text).isInstanceOf(java.time.DateTimeException.class);
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(java.time.DateTimeException.class);
        }
    }

    @Test
    void recentExecutionsReadBothTheirBinaryAndTheirEarlierJsonForm() throws Exception {
        RecentExecutions recent = RecentExecutions.empty()
                .with(new RecentExecutions.Entry(1000, "b", true, 1500, 0.75, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), 10)
                .with(new RecentExecutions.Entry(900, "a", false, 20, null, null), 10);
        assertThat(recent.entries()).extracting(RecentExecutions.Entry::id).containsExactly("a", "b");
        assertThat(RecentExecutions.fromBytes(recent.toBytes())).isEqualTo(recent);
        RecentExecutions full = recent;
        for (int i = 0; i < 12; i++) {
            full = full.with(new RecentExecutions.Entry(950 + i * 10, "x\u00e9" + i, false, i, null, null), 10);
        }
        assertThat(full.size()).isEqualTo(10);
        assertThat(full.entries()).isSortedAccordingTo(java.util.Comparator
                .comparingLong(RecentExecutions.Entry::occurredAtMs).thenComparing(RecentExecutions.Entry::id));
        assertThat(full.with(full.entries().get(3), 10)).isSameAs(full);
        assertThat(RecentExecutions.fromBytes(full.toBytes())).isEqualTo(full);
        byte[] json = EventCodec.mapper().writeValueAsBytes(recent);
        assertThat(RecentExecutions.fromBytes(json)).isEqualTo(recent);
        assertThat(RecentExecutions.fromBytes(null)).isEqualTo(RecentExecutions.empty());
    }
}
