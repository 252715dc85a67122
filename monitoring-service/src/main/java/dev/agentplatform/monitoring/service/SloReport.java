package dev.agentplatform.monitoring.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's SLOs at the latest event time seen for it.
 *
 * @param asOf      the event time the figures are for
 * @param period    the SLO period (ISO-8601)
 * @param minEvents the low-traffic guard: events a short window needs before a burn alert may fire
 */
public record SloReport(String tenant, Instant asOf, String period, long minEvents, List<Objective> objectives) {

    /**
     * One SLO.
     *
     * @param sli             good / valid events over the period
     * @param budgetRemaining share of the period's error budget left (negative: overspent)
     * @param windows         per window label (5m … 3d)
     */
    public record Objective(String slo, double target, Long latencyThresholdMs, double sli, long events,
            long badEvents, double budgetRemaining, Map<String, Window> windows) {
    }

    /** One window: valid and bad events, the SLI and the burn rate over it. */
    public record Window(long events, long badEvents, double sli, double burnRate) {
    }
}
