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

    /**
     * One tenant-wide SLO's figures, reported as {@link #burnRate} and {@link #budgetRemaining}
     * would: the processor keeps one per tenant and SLO, so an implementation can resolve what a
     * report updates once rather than on every event. Used by one stream thread at a time.
     */
    interface SloFigures {
        void burnRate(String window, double value);

        void budgetRemaining(double value);
    }

    /** The figures of a tenant-wide SLO; by default they go to {@link #burnRate} and {@link #budgetRemaining}. */
    default SloFigures figures(String tenantId, String slo) {
        SloObserver observer = this;
        return new SloFigures() {
            @Override
            public void burnRate(String window, double value) {
                observer.burnRate(tenantId, slo, window, value);
            }

            @Override
            public void budgetRemaining(double value) {
                observer.budgetRemaining(tenantId, slo, value);
            }
        };
    }

    /** An event older than the allowed lateness was dropped. */
    default void lateEventDropped(String tenantId) {
    }
}
