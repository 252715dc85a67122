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

    /** One figure, written by a stream thread and read by the dashboard: updated in place, without a map put. */
    public static final class Figure {
        private volatile double value;

        Figure(double value) {
            this.value = value;
        }

        public void set(double value) {
            this.value = value;
        }

        public double get() {
            return value;
        }
    }

    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, Figure>>> burnRates = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Figure>> budgets = new ConcurrentHashMap<>();

    /** Keeps the admission if it is not older than the one kept. */
    public void quota(String tenantId, Instant at, boolean admitted, Map<String, Double> utilization) {
        Quota next = new Quota(at, admitted, Map.copyOf(utilization));
        quotas.merge(tenantId, next, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    public void burnRate(String tenantId, String slo, String window, double value) {
        burnRateFigure(tenantId, slo, window, value).set(value);
    }

    /** The burn-rate figure of a tenant's SLO and window (created with {@code initial}), for a writer that updates it often. */
    public Figure burnRateFigure(String tenantId, String slo, String window, double initial) {
        return burnRates.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(slo, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(window, w -> new Figure(initial));
    }

    public void budgetRemaining(String tenantId, String slo, double value) {
        budgetFigure(tenantId, slo, value).set(value);
    }

    /** The budget-remaining figure of a tenant's SLO (created with {@code initial}), for a writer that updates it often. */
    public Figure budgetFigure(String tenantId, String slo, double initial) {
        return budgets.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>()).computeIfAbsent(slo, s -> new Figure(initial));
    }

    public Optional<Quota> quota(String tenantId) {
        return Optional.ofNullable(quotas.get(tenantId));
    }

    /** A copy of the tenant's SLO figures (the windows of one SLO may be one event apart). */
    public Optional<Slo> slo(String tenantId) {
        Map<String, Map<String, Figure>> rates = burnRates.get(tenantId);
        if (rates == null) {
            return Optional.empty();
        }
        Map<String, Map<String, Double>> copy = new TreeMap<>();
        rates.forEach((slo, windows) -> copy.put(slo, values(windows)));
        return Optional.of(new Slo(copy, values(budgets.getOrDefault(tenantId, Map.of()))));
    }

    private static Map<String, Double> values(Map<String, Figure> figures) {
        Map<String, Double> values = new TreeMap<>();
        figures.forEach((key, figure) -> values.put(key, figure.get()));
        return values;
    }

    /** Tenants with an admission seen. */
    public List<String> quotaTenants() {
        return List.copyOf(quotas.keySet());
    }
}
