package dev.agentplatform.monitoring.streams;

import dev.agentplatform.events.Severity;
import dev.agentplatform.monitoring.rules.Fingerprint;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The verdict of one rule on one set of labels at one event time, with what an alert would say.
 *
 * @param breached        whether the rule's condition holds
 * @param summary         the human summary for a firing alert (or of the recovery, when not breached);
 *                        computed only when a transition is published, as formatting costs more than the rule
 * @param traceParent     a breaching execution's traceparent, when known
 */
public record Evaluation(String tenantId, String agentId, String rule, Severity severity, Map<String, String> labels,
        boolean breached, double value, double threshold, Map<String, Double> windows, Supplier<String> summary,
        String traceParent) {

    public Evaluation {
        labels = Map.copyOf(labels);
        windows = Map.copyOf(windows);
    }

    public String fingerprint() {
        return Fingerprint.cached(rule, labels);
    }
}
