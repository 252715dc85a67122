package dev.agentplatform.monitoring.streams;

import dev.agentplatform.events.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * What the engine remembers about one alert: firing, or the last time it resolved. This is also
 * what {@code GET /v1/alerts} answers.
 *
 * @param status          FIRING or RESOLVED
 * @param lastAnnouncedAt event time the last alert.firing was published (for the repeat interval)
 */
public record AlertState(String fingerprint, String tenantId, String agentId, String rule, Severity severity,
        Map<String, String> labels, Status status, double value, double threshold, Map<String, Double> windows,
        String summary, String traceParent, Instant startsAt, Instant endsAt, Instant lastAnnouncedAt) {

    public enum Status { FIRING, RESOLVED }

    public boolean firing() {
        return status == Status.FIRING;
    }
}
