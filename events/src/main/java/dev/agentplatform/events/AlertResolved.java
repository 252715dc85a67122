package dev.agentplatform.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Map;

/** A firing alert stopped firing; {@code value} is the figure that let it resolve. */
public record AlertResolved(
        @NotBlank String id,
        @NotBlank String tenantId,
        @NotNull Instant occurredAt,
        String traceParent,
        @NotBlank String fingerprint,
        @NotBlank String rule,
        @NotNull Severity severity,
        String agentId,
        double value,
        double threshold,
        @NotBlank String summary,
        @NotNull Map<String, String> labels,
        @NotNull Instant startsAt,
        @NotNull Instant endsAt,
        @NotNull Map<String, Double> windows,
        String traceId) implements PlatformEvent {

    public AlertResolved {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        windows = windows == null ? Map.of() : Map.copyOf(windows);
        traceId = traceId != null ? traceId : TraceContext.traceIdOf(traceParent);
    }

    /** The original shape, without windows; the trace id comes from the traceparent. */
    public AlertResolved(String id, String tenantId, Instant occurredAt, String traceParent, String fingerprint,
            String rule, Severity severity, String agentId, double value, double threshold, String summary,
            Map<String, String> labels, Instant startsAt, Instant endsAt) {
        this(id, tenantId, occurredAt, traceParent, fingerprint, rule, severity, agentId, value, threshold, summary,
                labels, startsAt, endsAt, Map.of(), null);
    }

    @Override
    public String type() {
        return EventTypes.ALERT_RESOLVED;
    }
}
