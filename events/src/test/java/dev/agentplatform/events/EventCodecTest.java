package dev.agentplatform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Encoding and decoding of every event type, checked against its JSON Schema. */
class EventCodecTest {

    static Stream<String> types() {
        return EventTypes.all().keySet().stream().sorted();
    }

    static Stream<Arguments> samples() {
        return types().flatMap(type -> Stream.of(
                Arguments.of(type, "full", EventSamples.full(type)),
                Arguments.of(type, "nulls", EventSamples.withNulls(type))));
    }

    @Test
    void everyTypeHasBothSamples() {
        for (String type : EventTypes.all().keySet()) {
            assertThat(EventSamples.all(type)).as(type)
                    .hasSize(2)
                    .allSatisfy(e -> assertThat(e.type()).isEqualTo(type));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void roundTripsAndMatchesItsSchema(String type, String variant, PlatformEvent sample) throws Exception {
        byte[] body = EventCodec.encode(sample);

        PlatformEvent decoded = EventCodec.decode(type, body);
        assertThat(decoded).isEqualTo(sample);
        assertThat(decoded.type()).isEqualTo(type);

        JsonNode json = EventCodec.mapper().readTree(body);
        assertThat(SchemaSupport.validate(type, json)).as("schema errors of %s", new String(body, StandardCharsets.UTF_8))
                .isEmpty();

        // Jackson writes every record component, nulls included, and nothing else (type() is ignored).
        Set<String> written = fieldNames(json);
        assertThat(written).containsExactlyInAnyOrderElementsOf(componentNames(sample.getClass()));
        assertThat(json.path("occurredAt").asText()).isEqualTo(sample.occurredAt().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void samplesAreFullOrNullWhereAllowed(String type) throws Exception {
        PlatformEvent full = EventSamples.full(type);
        PlatformEvent nulls = EventSamples.withNulls(type);
        for (RecordComponent component : full.getClass().getRecordComponents()) {
            Object fullValue = component.getAccessor().invoke(full);
            Object nullsValue = component.getAccessor().invoke(nulls);
            assertThat(fullValue).as("full %s.%s", type, component.getName()).isNotNull();
            if (fullValue instanceof java.util.Collection<?> c) {
                assertThat(c).as("full %s.%s", type, component.getName()).isNotEmpty();
            }
            if (fullValue instanceof java.util.Map<?, ?> m) {
                assertThat(m).as("full %s.%s", type, component.getName()).isNotEmpty();
            }
            if (fullValue instanceof Record nested) {
                for (RecordComponent inner : nested.getClass().getRecordComponents()) {
                    assertThat(inner.getAccessor().invoke(nested)).as("full %s.%s.%s", type,
                            component.getName(), inner.getName()).isNotNull();
                }
            }
            if (SchemaSupport.nullable(component)) {
                assertThat(nullsValue).as("nulls %s.%s", type, component.getName()).isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void missingTenantIdFailsTheSchemaAndTheDecoder(String type) throws Exception {
        ObjectNode json = encodedTree(EventSamples.full(type));
        json.remove("tenantId");
        byte[] body = EventCodec.mapper().writeValueAsBytes(json);

        assertThat(SchemaSupport.validate(type, json))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("tenantId"));
        assertThatThrownBy(() -> EventCodec.decode(type, body))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("tenantId");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void unknownPropertyIsIgnoredByDecodeButRejectedByTheSchema(String type) throws Exception {
        PlatformEvent sample = EventSamples.full(type);
        ObjectNode json = encodedTree(sample);
        json.put("priorityClass", "gold");
        json.putObject("routing").put("zone", "b");
        byte[] body = EventCodec.mapper().writeValueAsBytes(json);

        assertThat(EventCodec.decode(type, body)).isEqualTo(sample);
        assertThat(SchemaSupport.validate(type, json))
                .extracting(ValidationMessage::getType)
                .containsOnly("additionalProperties")
                .hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void occurredAtMustBeADateTime(String type) throws Exception {
        ObjectNode json = encodedTree(EventSamples.full(type));
        json.put("occurredAt", "14/03/2025 09:26");
        byte[] body = EventCodec.mapper().writeValueAsBytes(json);

        assertThat(SchemaSupport.validate(type, json))
                .extracting(ValidationMessage::getType)
                .containsExactly("format");
        assertThatThrownBy(() -> EventCodec.decode(type, body)).isInstanceOf(EventDecodingException.class);
    }

    @Test
    void unknownTypeThrows() {
        byte[] body = EventCodec.encode(EventSamples.full(EventTypes.EXECUTION_STARTED));
        assertThatThrownBy(() -> EventCodec.decode("execution.exploded", body))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("unknown event type: execution.exploded");
        assertThatThrownBy(() -> EventCodec.decode((String) null, body))
                .isInstanceOf(EventDecodingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": \"e-1\", \"tenantId\": ", "not json at all", "", "[1, 2]", "\"acme\"", "null"})
    void malformedBodiesThrowEventDecodingException(String body) {
        assertThatThrownBy(() -> EventCodec.decode(EventTypes.EXECUTION_STARTED, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDecodingException.class);
    }

    @Test
    void nullBodyThrowsEventDecodingException() {
        assertThatThrownBy(() -> EventCodec.decode(EventTypes.EXECUTION_STARTED, null))
                .isInstanceOf(EventDecodingException.class);
    }

    @Test
    void completionWithALiveStatusIsRejected() throws Exception {
        ExecutionCompleted sample = (ExecutionCompleted) EventSamples.full(EventTypes.EXECUTION_COMPLETED);
        for (ExecutionStatus live : List.of(ExecutionStatus.RUNNING, ExecutionStatus.QUEUED)) {
            assertThatThrownBy(() -> new ExecutionCompleted(sample.id(), sample.tenantId(), sample.occurredAt(),
                    sample.traceParent(), sample.jobId(), sample.agentId(), sample.workerId(), live,
                    sample.startedAt(), sample.durationMs(), sample.output(), sample.errorType(),
                    sample.errorMessage(), sample.attempt(), sample.resources(), sample.contextDegraded()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(live.name());

            ObjectNode json = encodedTree(sample);
            json.put("status", live.name());
            byte[] body = EventCodec.mapper().writeValueAsBytes(json);
            assertThatThrownBy(() -> EventCodec.decode(EventTypes.EXECUTION_COMPLETED, body))
                    .isInstanceOf(EventDecodingException.class)
                    .hasMessageContaining(live.name());
            assertThat(SchemaSupport.validate(EventTypes.EXECUTION_COMPLETED, json))
                    .extracting(ValidationMessage::getType)
                    .containsExactly("enum");
        }
    }

    @Test
    void jsonNullInputAndOutputDecodeAsJavaNull() {
        String requested = """
                {"id":"e-1","tenantId":"acme","occurredAt":"2025-03-14T09:26:53Z","jobId":"job-1",
                 "agentId":"echo","input":null,"contextKeys":[],"contextScope":{},"maxExecutionSeconds":5,
                 "reservation":{"memoryMb":64,"cpuCores":0.25,"expectedDurationSeconds":1},"attempt":1}
                """;
        var decoded = (ExecutionRequested) EventCodec.decode(EventTypes.EXECUTION_REQUESTED,
                requested.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.input()).isNull();

        ExecutionCompleted completed = (ExecutionCompleted) EventSamples.full(EventTypes.EXECUTION_COMPLETED);
        ExecutionCompleted withNullNode = new ExecutionCompleted(completed.id(), completed.tenantId(),
                completed.occurredAt(), null, completed.jobId(), completed.agentId(), completed.workerId(),
                completed.status(), null, 0, NullNode.getInstance(), null, null, 1, ResourceUsage.none(), false);
        assertThat(withNullNode.output()).isNull();
    }

    @Test
    void decodeAcceptsOffsetTimesAndKeepsTheInstant() {
        String body = """
                {"id":"e-1","tenantId":"acme","occurredAt":"2025-03-14T11:26:53.5+02:00",
                 "jobId":"job-1","agentId":"echo","workerId":"w-1","attempt":1}
                """;
        PlatformEvent decoded = EventCodec.decode(EventTypes.EXECUTION_STARTED, body.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.occurredAt()).hasToString("2025-03-14T09:26:53.500Z");
    }

    private static ObjectNode encodedTree(PlatformEvent event) throws Exception {
        return (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(event));
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new java.util.TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> componentNames(Class<?> recordClass) {
        return Arrays.stream(recordClass.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toList());
    }
}
