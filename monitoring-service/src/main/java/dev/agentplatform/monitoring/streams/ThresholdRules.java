package dev.agentplatform.monitoring.streams;

import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.Severity;
import dev.agentplatform.monitoring.rules.RecentExecutions;
import dev.agentplatform.monitoring.service.TenantPolicy;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The seed's threshold rules as verdicts: pure functions of the recent executions or one admission. */
final class ThresholdRules {

    private ThresholdRules() {
    }

    /** Whether {@link #errorRate} is breached (without building its verdict). */
    static boolean errorRateBreached(RecentExecutions r, TenantPolicy p) {
        return r.size() >= p.minExecutions() && r.errorRate() > p.errorRateThreshold();
    }

    /** Whether {@link #responseTime} is breached. */
    static boolean responseTimeBreached(RecentExecutions r, TenantPolicy p) {
        return r.size() >= p.minExecutions() && r.averageDurationMs() > p.responseTimeThresholdMs();
    }

    /** Whether {@link #resourceUtilization} is breached. */
    static boolean resourceUtilizationBreached(RecentExecutions r, TenantPolicy p) {
        return r.measuredUtilizations() >= p.minExecutions() && r.averageCpuUtilization() > p.resourceUtilizationThreshold();
    }

    /** {@code error_rate_high}: of the last N executions (at least the minimum), the share failed is above the threshold. */
    static Evaluation errorRate(ExecutionCompleted e, RecentExecutions r, TenantPolicy p) {
        boolean breached = errorRateBreached(r, p);
        Supplier<String> summary = () -> breached
                ? String.format(Locale.ROOT, "%d of the last %d executions of agent %s for tenant %s failed (%.0f%% > %.0f%%)",
                        r.failures(), r.size(), e.agentId(), e.tenantId(), r.errorRate() * 100, p.errorRateThreshold() * 100)
                : String.format(Locale.ROOT, "error rate of agent %s for tenant %s is back to %.0f%% over the last %d executions",
                        e.agentId(), e.tenantId(), r.errorRate() * 100, r.size());
        return agentVerdict(e, MonitorProcessor.ERROR_RATE, breached, r.errorRate(), p.errorRateThreshold(),
                Map.of("last" + r.size(), r.errorRate()), summary, r.latestFailureTrace().orElse(null));
    }

    /** {@code response_time_high}: the average duration of the last N executions is above the threshold (so is the p95). */
    static Evaluation responseTime(ExecutionCompleted e, RecentExecutions r, TenantPolicy p) {
        double avg = r.averageDurationMs();
        long p95 = r.p95DurationMs();
        boolean breached = responseTimeBreached(r, p);
        Supplier<String> summary = () -> String.format(Locale.ROOT,
                "%s: the last %d executions of agent %s for tenant %s took %.0f ms on average, p95 %d ms (threshold %d ms)",
                breached ? "slow" : "back to normal", r.size(), e.agentId(), e.tenantId(), avg, p95,
                p.responseTimeThresholdMs());
        return agentVerdict(e, MonitorProcessor.RESPONSE_TIME, breached, avg, p.responseTimeThresholdMs(),
                Map.of("last" + r.size() + "_avg_ms", avg, "last" + r.size() + "_p95_ms", (double) p95), summary,
                r.slowestTrace().orElse(null));
    }

    /** {@code resource_utilization_high}: CPU used over CPU reserved, averaged over the measured recent executions. */
    static Evaluation resourceUtilization(ExecutionCompleted e, RecentExecutions r, TenantPolicy p) {
        double cpu = r.averageCpuUtilization();
        boolean breached = resourceUtilizationBreached(r, p);
        Supplier<String> summary = () -> String.format(Locale.ROOT,
                "%s: agent %s of tenant %s used %.0f%% of its reserved CPU over %d measured executions (threshold %.0f%%)",
                breached ? "near its reservation" : "back under its reservation", e.agentId(), e.tenantId(), cpu * 100,
                r.measuredUtilizations(), p.resourceUtilizationThreshold() * 100);
        return agentVerdict(e, MonitorProcessor.RESOURCE_UTILIZATION, breached, cpu, p.resourceUtilizationThreshold(),
                Map.of("cpu", cpu), summary, r.busiestTrace().orElse(null));
    }

    /** {@code quota_utilization_high}: the tenant's fullest quota dimension at an admission is above the threshold. */
    static Evaluation quotaUtilization(AdmissionDecided a, TenantPolicy p) {
        var fullest = a.utilization().entrySet().stream().max(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        double value = fullest.map(Map.Entry::getValue).orElse(0.0);
        boolean breached = value > p.quotaUtilizationThreshold();
        Supplier<String> summary = () -> fullest.map(f -> String.format(Locale.ROOT, "tenant %s uses %.0f%% of its %s quota (threshold %.0f%%)",
                a.tenantId(), f.getValue() * 100, f.getKey(), p.quotaUtilizationThreshold() * 100))
                .orElse("tenant " + a.tenantId() + " reports no quota utilization");
        return new Evaluation(a.tenantId(), null, MonitorProcessor.QUOTA_UTILIZATION, Severity.WARNING,
                Map.of("tenant", a.tenantId()), breached, value, p.quotaUtilizationThreshold(),
                Map.copyOf(a.utilization()), summary, breached ? a.traceParent() : null);
    }

    private static Evaluation agentVerdict(ExecutionCompleted e, String rule, boolean breached, double value,
            double threshold, Map<String, Double> windows, Supplier<String> summary, String traceParent) {
        return new Evaluation(e.tenantId(), e.agentId(), rule, Severity.WARNING,
                Map.of("tenant", e.tenantId(), "agent", e.agentId()), breached, value, threshold, windows, summary,
                traceParent);
    }
}
