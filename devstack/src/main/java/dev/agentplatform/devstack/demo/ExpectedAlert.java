package dev.agentplatform.devstack.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An alert transition a phase of the demo must cause, for a tenant, with at least the given
 * labels, counting only transitions from position {@code from} of the log on (so one from an
 * earlier phase does not count for a later one). A firing expectation is met by the first such
 * firing; a resolved one only while the latest such transition is a resolution (an alert that
 * flaps back to firing does not count as resolved).
 */
record ExpectedAlert(String tenant, String rule, boolean firing, Map<String, String> labels, int from) {

    ExpectedAlert {
        labels = Map.copyOf(labels);
        if (from < 0) {
            throw new IllegalArgumentException("from must not be negative");
        }
    }

    static ExpectedAlert firing(String tenant, String rule, Map<String, String> labels) {
        return new ExpectedAlert(tenant, rule, true, labels, 0);
    }

    static ExpectedAlert resolved(String tenant, String rule, Map<String, String> labels) {
        return new ExpectedAlert(tenant, rule, false, labels, 0);
    }

    /** The same expectation, met only by transitions at or after position {@code index} of the log. */
    ExpectedAlert from(int index) {
        return new ExpectedAlert(tenant, rule, firing, labels, index);
    }

    /** The same alert resolving: met once the alert's latest transition since this one's start is a resolution. */
    ExpectedAlert resolution() {
        return new ExpectedAlert(tenant, rule, false, labels, from);
    }

    /** The transition of the log that meets this expectation, if it is met. */
    java.util.Optional<AlertEvent> firstIn(java.util.List<AlertEvent> log) {
        if (firing) {
            return log.stream().skip(from).filter(this::matchedBy).findFirst();
        }
        AlertEvent latest = null;
        for (AlertEvent e : log.subList(Math.min(from, log.size()), log.size())) {
            if (sameAlert(e)) {
                latest = e;
            }
        }
        return latest != null && !latest.firing() ? java.util.Optional.of(latest) : java.util.Optional.empty();
    }

    private boolean sameAlert(AlertEvent event) {
        return event.tenant().equals(tenant) && event.rule().equals(rule)
                && labels.entrySet().stream().allMatch(l -> l.getValue().equals(event.labels().get(l.getKey())));
    }

    boolean matchedBy(AlertEvent event) {
        return event.firing() == firing && sameAlert(event);
    }

    /** {@code slo_burn_rate_page_fast firing for acme {slo=availability}}. */
    String describe() {
        String extra = labels.isEmpty() ? "" : new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", " {", "}"));
        return rule + (firing ? " firing" : " resolved") + " for " + tenant + extra;
    }
}
