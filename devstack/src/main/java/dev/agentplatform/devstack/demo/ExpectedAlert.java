package dev.agentplatform.devstack.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An alert transition a phase of the demo must cause: the rule firing (or resolving) for a tenant,
 * with at least the given labels.
 */
record ExpectedAlert(String tenant, String rule, boolean firing, Map<String, String> labels) {

    ExpectedAlert {
        labels = Map.copyOf(labels);
    }

    static ExpectedAlert firing(String tenant, String rule, Map<String, String> labels) {
        return new ExpectedAlert(tenant, rule, true, labels);
    }

    static ExpectedAlert resolved(String tenant, String rule, Map<String, String> labels) {
        return new ExpectedAlert(tenant, rule, false, labels);
    }

    boolean matchedBy(AlertEvent event) {
        return event.firing() == firing && event.tenant().equals(tenant) && event.rule().equals(rule)
                && labels.entrySet().stream().allMatch(l -> l.getValue().equals(event.labels().get(l.getKey())));
    }

    /** {@code slo_burn_rate_page_fast firing for acme {slo=availability}}. */
    String describe() {
        String extra = labels.isEmpty() ? "" : new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", " {", "}"));
        return rule + (firing ? " firing" : " resolved") + " for " + tenant + extra;
    }
}
