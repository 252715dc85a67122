package dev.agentplatform.monitoring.slo;

/**
 * One SLO of a tenant: which SLI, the target ratio of good events, and for latency the threshold
 * that makes an execution slow.
 */
public record SloTarget(SloKind kind, double target, long latencyThresholdMs) {

    public SloTarget {
        BurnRate.budget(target);
        if (latencyThresholdMs <= 0) {
            throw new IllegalArgumentException("latency threshold must be positive");
        }
    }
}
