package dev.agentplatform.gateway.service;

import dev.agentplatform.gateway.AdmissionDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code admission_decisions_total{tenant,decision,limit}}, {@code tenant_quota_utilization_ratio{tenant,resource}}
 * and {@code lease_reclaims_total}. A rejection is counted once, under the first limit it exceeded
 * (in the order concurrent agents, memory, CPU, requests per minute, execution time); every other
 * decision has {@code limit="none"}. Utilization is the last figure admission or the usage endpoint saw.
 */
@ApplicationScoped
public class AdmissionMetrics {

    private final MeterRegistry registry;
    private final Counter reclaims;
    private final Map<String, Map<String, AtomicLong>> utilization = new ConcurrentHashMap<>();
    private final Map<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();

    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reclaims = Counter.builder("lease.reclaims").description("Expired leases reclaimed by admission")
                .register(registry);
    }

    public void decided(String tenantId, AdmissionDecision decision) {
        String limit = decision.exceeded() == null || decision.exceeded().isEmpty() ? "none"
                : decision.exceeded().get(0).name().toLowerCase();
        // One lookup in a map of our own rather than a Micrometer registration per decision.
        decisions.computeIfAbsent(new DecisionKey(tenantId, decision.outcome(), limit), key -> Counter.builder("admission.decisions")
                .description("Admission decisions by outcome and first exceeded limit")
                .tag("tenant", key.tenant()).tag("decision", key.outcome().name().toLowerCase()).tag("limit", key.limit())
                .register(registry)).increment();
        reclaimed(decision.leasesReclaimed());
        if (decision.usage() != null && decision.quota() != null) {
            utilization(tenantId, decision.utilization());
        }
    }

    private record DecisionKey(String tenant, AdmissionDecision.Outcome outcome, String limit) {
    }

    public void reclaimed(long leases) {
        if (leases > 0) {
            reclaims.increment(leases);
        }
    }

    /** Usage over quota per dimension, keyed as {@link AdmissionDecision#utilization()} keys them. */
    public void utilization(String tenantId, Map<String, Double> ratios) {
        Map<String, AtomicLong> gauges = utilization.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>());
        ratios.forEach((dimension, ratio) -> gauges.computeIfAbsent(dimension, key -> {
            String resource = snakeCase(dimension);
            AtomicLong holder = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder("tenant.quota.utilization.ratio", holder, h -> Double.longBitsToDouble(h.get()))
                    .description("Usage over quota per tenant and resource (1 = the quota is exhausted)")
                    .tag("tenant", tenantId).tag("resource", resource).register(registry);
            return holder;
        }).set(Double.doubleToLongBits(ratio)));
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
