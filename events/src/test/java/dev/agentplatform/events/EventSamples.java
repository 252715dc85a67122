package dev.agentplatform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Realistic sample events: for every type one fully populated instance and one with every
 * nullable field null. Adding a type to {@link EventTypes} without samples here fails the tests.
 */
final class EventSamples {

    static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final Instant T0 = Instant.parse("2025-03-14T09:26:53.589793238Z");

    private static final Map<Class<? extends PlatformEvent>, PlatformEvent> FULL = Map.of(
            ExecutionRequested.class, new ExecutionRequested(
                    "0195a0b2-7c1e-7f3a-9d2b-5e8f1a2b3c4d", "acme", T0, TRACE_PARENT,
                    "job-8f14e45f", "invoice-summarizer",
                    json("{\"document\":\"s3://acme-docs/inv-2291.pdf\",\"language\":\"en\",\"maxWords\":200,"
                            + "\"temperature\":0.2,\"tags\":[\"finance\",null],\"strict\":true}"),
                    List.of("customer:4711", "policy:refunds"),
                    Map.of("namespace", "billing", "region", "eu-west-1"),
                    300, new ResourceReservation(1024, 1.5, 120), 2, true),
            ExecutionStarted.class, new ExecutionStarted(
                    "0195a0b2-9a00-7000-8000-000000000001", "acme", T0.plusMillis(850), TRACE_PARENT,
                    "job-8f14e45f", "invoice-summarizer", "worker-7c9d-0", 2),
            ExecutionCompleted.class, new ExecutionCompleted(
                    "0195a0b3-1111-7000-8000-000000000002", "acme", T0.plusSeconds(42), TRACE_PARENT,
                    "job-8f14e45f", "invoice-summarizer", "worker-7c9d-0", ExecutionStatus.FAILED,
                    T0.plusMillis(850), 41_150L,
                    json("{\"partial\":\"The invoice totals EUR 1,204.50\",\"pages\":3}"),
                    "TOOL_TIMEOUT", "tool ocr did not answer within 30s", 2,
                    new ResourceUsage(38_200L, 734_003_200L, 1024, 1.5, 5_812L, 377L, 0.0231),
                    true),
            CancelRequested.class, new CancelRequested(
                    "0195a0b2-aaaa-7000-8000-000000000003", "acme", T0.plusSeconds(5), TRACE_PARENT,
                    "job-8f14e45f", "user:alice@acme.example", "submitted the wrong document"),
            AdmissionDecided.class, new AdmissionDecided(
                    "0195a0b2-bbbb-7000-8000-000000000004", "acme", T0.minusMillis(12), TRACE_PARENT,
                    "job-8f14e45f", "invoice-summarizer", false,
                    List.of("concurrentExecutions", "memoryMb"),
                    Map.of("concurrentExecutions", 1.25, "memoryMb", 1.0625, "cpuCores", 0.4)),
            AlertFiring.class, new AlertFiring(
                    "0195a0c0-cccc-7000-8000-000000000005", "acme", T0.plusSeconds(600), TRACE_PARENT,
                    "3f9a1c0e7b2d4a55", "HighFailureRate", Severity.CRITICAL, "invoice-summarizer",
                    0.37, 0.2, "37% of invoice-summarizer runs failed in the last 5 minutes",
                    Map.of("rule", "HighFailureRate", "agentId", "invoice-summarizer"),
                    T0.plusSeconds(540), Map.of("1h", 20.5, "5m", 31.0), "4bf92f3577b34da6a3ce929d0e0e4736"),
            AlertResolved.class, new AlertResolved(
                    "0195a0c9-dddd-7000-8000-000000000006", "acme", T0.plusSeconds(1200), TRACE_PARENT,
                    "3f9a1c0e7b2d4a55", "HighFailureRate", Severity.CRITICAL, "invoice-summarizer",
                    0.05, 0.2, "invoice-summarizer failure rate is back to 5%",
                    Map.of("rule", "HighFailureRate", "agentId", "invoice-summarizer"),
                    T0.plusSeconds(540), T0.plusSeconds(1200), Map.of("last10", 0.05),
                    "4bf92f3577b34da6a3ce929d0e0e4736"),
            TenantConfigured.class, new TenantConfigured(
                    "0195a0b0-eeee-7000-8000-000000000007", "acme", T0.minusSeconds(3600), TRACE_PARENT, true,
                    new TenantConfigured.SloTargets(0.9995, 0.99, 800)));

    private static final Map<Class<? extends PlatformEvent>, PlatformEvent> NULLS = Map.of(
            ExecutionRequested.class, new ExecutionRequested(
                    "e-1", "t1", T0, null, "job-1", "a", null, List.of(), Map.of(),
                    1, new ResourceReservation(1, 0.1, 0), 1, null),
            ExecutionStarted.class, new ExecutionStarted(
                    "e-2", "globex", T0, null, "job-1", "echo", "worker-0", 1),
            ExecutionCompleted.class, new ExecutionCompleted(
                    "e-3", "globex", T0, null, "job-1", "echo", "worker-0", ExecutionStatus.CANCELLED,
                    null, 0L, null, null, null, 1, ResourceUsage.none(), false),
            CancelRequested.class, new CancelRequested(
                    "e-4", "globex", T0, null, "job-1", null, null),
            AdmissionDecided.class, new AdmissionDecided(
                    "e-5", "globex", T0, null, null, "echo", true, List.of(), Map.of()),
            AlertFiring.class, new AlertFiring(
                    "e-6", "globex", T0, null, "fp-1", "QueueBacklog", Severity.INFO, null,
                    120.0, 100.0, "execution backlog above 100", Map.of(), T0),
            AlertResolved.class, new AlertResolved(
                    "e-7", "globex", T0, null, "fp-1", "QueueBacklog", Severity.WARNING, null,
                    3.0, 100.0, "execution backlog back to 3", Map.of(), T0.minusSeconds(60), T0),
            TenantConfigured.class, new TenantConfigured("e-8", "globex", T0, null, false, null));

    private EventSamples() {
    }

    /** The fully populated sample of a type; fails if there is none. */
    static PlatformEvent full(String type) {
        return sample(FULL, type);
    }

    /** The sample of a type with every nullable field null; fails if there is none. */
    static PlatformEvent withNulls(String type) {
        return sample(NULLS, type);
    }

    static List<PlatformEvent> all(String type) {
        return List.of(full(type), withNulls(type));
    }

    private static PlatformEvent sample(Map<Class<? extends PlatformEvent>, PlatformEvent> samples, String type) {
        Class<? extends PlatformEvent> recordClass = EventTypes.recordOf(type)
                .orElseThrow(() -> new AssertionError("unknown type " + type));
        PlatformEvent sample = samples.get(recordClass);
        if (sample == null) {
            throw new AssertionError("no sample of " + recordClass.getSimpleName() + " in EventSamples");
        }
        return sample;
    }

    static JsonNode json(String text) {
        try {
            return EventCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
