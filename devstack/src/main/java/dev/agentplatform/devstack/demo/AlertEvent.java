package dev.agentplatform.devstack.demo;

import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.AlertResolved;
import dev.agentplatform.events.PlatformEvent;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One transition read from {@code agent.alerts}, reduced to what the demo shows and checks. */
record AlertEvent(boolean firing, String tenant, String rule, String severity, Map<String, String> labels,
        String summary, String fingerprint, Instant at) {

    AlertEvent {
        labels = Map.copyOf(labels);
    }

    static AlertEvent of(PlatformEvent event) {
        if (event instanceof AlertFiring f) {
            return new AlertEvent(true, f.tenantId(), f.rule(), f.severity().name(), f.labels(), f.summary(),
                    f.fingerprint(), f.occurredAt());
        }
        if (event instanceof AlertResolved r) {
            return new AlertEvent(false, r.tenantId(), r.rule(), r.severity().name(), r.labels(), r.summary(),
                    r.fingerprint(), r.occurredAt());
        }
        throw new IllegalArgumentException("not an alert: " + event.type());
    }

    /** The labels besides the tenant, as {@code {agent=chaos, slo=availability}}; empty when there are none. */
    String extraLabels() {
        Map<String, String> rest = new TreeMap<>(labels);
        rest.remove("tenant");
        return rest.isEmpty() ? "" : rest.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
