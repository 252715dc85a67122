package dev.agentplatform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    private static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void readsTheTraceIdOfATraceparent() {
        assertThat(TraceContext.traceIdOf(TRACE_PARENT)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceContext.traceIdOf(null)).isNull();
        assertThat(TraceContext.traceIdOf("not-a-traceparent")).isNull();
    }

    @Test
    void theOriginalAlertConstructorsStillWorkAndDeriveTheTraceId() {
        Instant now = Instant.parse("2025-03-14T09:26:53Z");
        AlertFiring firing = new AlertFiring("e-1", "acme", now, TRACE_PARENT, "fp", "r", Severity.INFO, null,
                1, 0.5, "s", Map.of(), now);
        assertThat(firing.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(firing.windows()).isEmpty();
        AlertResolved resolved = new AlertResolved("e-2", "acme", now, null, "fp", "r", Severity.INFO, null,
                0, 0.5, "s", Map.of(), now, now);
        assertThat(resolved.traceId()).isNull();
        assertThat(resolved.windows()).isEmpty();
    }
}
