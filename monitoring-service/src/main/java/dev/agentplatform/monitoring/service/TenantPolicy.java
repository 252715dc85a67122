package dev.agentplatform.monitoring.service;

import dev.agentplatform.monitoring.slo.LowTrafficGuard;
import dev.agentplatform.monitoring.slo.SloKind;
import dev.agentplatform.monitoring.slo.SloTarget;
import java.util.List;
import java.util.Set;

/**
 * The rules of one tenant, defaults with its overrides applied.
 *
 * @param recentExecutions       executions the threshold rules look back over, per tenant and agent
 * @param minExecutions          executions needed before those rules may fire
 * @param errorRateThreshold     {@code error_rate_high} threshold (ratio)
 * @param responseTimeThresholdMs {@code response_time_high} threshold
 * @param quotaUtilizationThreshold {@code quota_utilization_high} threshold (ratio)
 * @param resourceUtilizationThreshold {@code resource_utilization_high} threshold (ratio)
 * @param resourceMinDurationMs  shorter executions do not count for resource utilization
 * @param slos                   the SLOs
 * @param guard                  the low-traffic guard of the burn-rate alerts
 * @param sloAgents              agents with SLOs of their own
 */
public record TenantPolicy(int recentExecutions, int minExecutions, double errorRateThreshold,
        long responseTimeThresholdMs, double quotaUtilizationThreshold, double resourceUtilizationThreshold,
        long resourceMinDurationMs, List<SloTarget> slos, LowTrafficGuard guard, Set<String> sloAgents) {

    public TenantPolicy {
        slos = List.copyOf(slos);
        sloAgents = Set.copyOf(sloAgents);
        if (recentExecutions < 1 || minExecutions < 1 || minExecutions > recentExecutions) {
            throw new IllegalArgumentException("need 1 <= min executions <= recent executions");
        }
    }

    /** The seed's figures. */
    public static TenantPolicy defaults() {
        return new TenantPolicy(10, 5, 0.05, 1000, 0.9, 0.8, 1000, List.of(
                new SloTarget(SloKind.AVAILABILITY, 0.999, 500),
                new SloTarget(SloKind.LATENCY, 0.95, 500),
                new SloTarget(SloKind.SUCCESS_RATE, 0.995, 500)), new LowTrafficGuard(20), Set.of());
    }

    public SloTarget slo(SloKind kind) {
        return slos.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
    }

    public long latencyThresholdMs() {
        return slo(SloKind.LATENCY).latencyThresholdMs();
    }

    /**
     * This policy with SLO targets set in the tenant registry: availability and success-rate targets
     * replace their SLOs' targets; {@code latencyP95Ms} makes the latency SLO "95 % of executions
     * within that many milliseconds" (the threshold every SLO of the tenant counts latency by).
     * Null arguments keep what this policy has.
     */
    public TenantPolicy withRegistryTargets(Double availability, Double successRate, Integer latencyP95Ms) {
        if (availability == null && successRate == null && latencyP95Ms == null) {
            return this;
        }
        long latencyMs = latencyP95Ms == null ? latencyThresholdMs() : latencyP95Ms;
        List<SloTarget> targets = slos.stream().map(slo -> switch (slo.kind()) {
            case AVAILABILITY -> new SloTarget(slo.kind(), availability == null ? slo.target() : availability, latencyMs);
            case SUCCESS_RATE -> new SloTarget(slo.kind(), successRate == null ? slo.target() : successRate, latencyMs);
            case LATENCY -> new SloTarget(slo.kind(), latencyP95Ms == null ? slo.target() : 0.95, latencyMs);
        }).toList();
        return new TenantPolicy(recentExecutions, minExecutions, errorRateThreshold, responseTimeThresholdMs,
                quotaUtilizationThreshold, resourceUtilizationThreshold, resourceMinDurationMs, targets, guard, sloAgents);
    }
}
