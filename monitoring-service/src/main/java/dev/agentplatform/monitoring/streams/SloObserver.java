package dev.agentplatform.monitoring.streams;

import java.time.Instant;
import java.util.Map;

/** Receives the figures the processor computes, for metrics; must not block. */
public interface SloObserver {

    SloObserver NONE = new SloObserver() {
    };

    /** Burn rate of a tenant-wide SLO over a window, after an event of the tenant. */
    default void burnRate(String tenantId, String slo, String window, double value) {
    }

    /** Share of the period's budget left of a tenant-wide SLO. */
    default void budgetRemaining(String tenantId, String slo, double value) {
    }

    /** The quota utilization per dimension an admission of the tenant reported (the newest one judged). */
    default void quotaUtilization(String tenantId, Instant at, boolean admitted, Map<String, Double> utilization) {
    }

    /** An event older than the allowed lateness was dropped. */
    default void lateEventDropped(String tenantId) {
    }
}
