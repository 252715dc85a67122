package dev.agentplatform.monitoring.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest figures the stream processor computed per tenant, for the dashboard: burn rate per
 * SLO and window and budget remaining (after each execution of the tenant), and the quota
 * utilization of the newest admission. Stream threads write, the dashboard reads; in memory only,
 * so after a restart a tenant has none until its next event (its SLO state is in the stores).
 */
@ApplicationScoped
public class LatestFigures {

    /** One admission's figures: utilization per quota dimension (0..1, above 1 when over quota). */
    public record Quota(Instant at, boolean admitted, Map<String, Double> utilization) {
    }

    /** Burn rates per SLO and window label, and budget remaining per SLO. */
    public record Slo(Map<String, Map<String, Double>> burnRates, Map<String, Double> budgetRemaining) {
    }

    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, Double>>> burnRates = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Double>> budgets = new ConcurrentHashMap<>();

    /** Keeps the admission if it is not older than the one kept. */
    public void quota(String tenantId, Instant at, boolean admitted, Map<String, Double> utilization) {
        Quota next = new Quota(at, admitted, Map.copyOf(utilization));
        quotas.merge(tenantId, next, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    public void burnRate(String tenantId, String slo, String window, double value) {
        burnRates(tenantId, slo).put(window, value);
    }

    /** The live burn rates by window of a tenant's SLO, for a writer that updates them often. */
    public Map<String, Double> burnRates(String tenantId, String slo) {
        return burnRates.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(slo, s -> new ConcurrentHashMap<>());
    }

    public void budgetRemaining(String tenantId, String slo, double value) {
        budgets.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>()).put(slo, value);
    }

    public Optional<Quota> quota(String tenantId) {
        return Optional.ofNullable(quotas.get(tenantId));
    }

    /** A copy of the tenant's SLO figures (the windows of one SLO may be one event apart). */
    public Optional<Slo> slo(String tenantId) {
        Map<String, Map<String, Double>> rates = burnRates.get(tenantId);
        if (rates == null) {
            return Optional.empty();
        }
        Map<String, Map<String, Double>> copy = new TreeMap<>();
        rates.forEach((slo, windows) -> copy.put(slo, new TreeMap<>(windows)));
        return Optional.of(new Slo(copy, new TreeMap<>(budgets.getOrDefault(tenantId, Map.of()))));
    }

    /** Tenants with an admission seen. */
    public List<String> quotaTenants() {
        return List.copyOf(quotas.keySet());
    }
}
