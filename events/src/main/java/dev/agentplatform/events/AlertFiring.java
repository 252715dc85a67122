package dev.agentplatform.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Map;

/**
 * An alert started firing. The fingerprint identifies the alert across its lifecycle (rule plus
 * labels); it is also the Kafka key so every transition of one alert lands in one partition.
 */
public record AlertFiring(
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
        @NotNull Map<String, Double> windows,
        String traceId) implements PlatformEvent {

    public AlertFiring {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        windows = windows == null ? Map.of() : Map.copyOf(windows);
        traceId = traceId != null ? traceId : TraceContext.traceIdOf(traceParent);
    }

    /** The original shape, without windows; the trace id comes from the traceparent. */
    public AlertFiring(String id, String tenantId, Instant occurredAt, String traceParent, String fingerprint,
            String rule, Severity severity, String agentId, double value, double threshold, String summary,
            Map<String, String> labels, Instant startsAt) {
        this(id, tenantId, occurredAt, traceParent, fingerprint, rule, severity, agentId, value, threshold, summary,
                labels, startsAt, Map.of(), null);
    }

    @Override
    public String type() {
        return EventTypes.ALERT_FIRING;
    }
}
