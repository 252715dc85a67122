package dev.agentplatform.monitoring.metrics;

import dev.agentplatform.monitoring.streams.SloObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.agentplatform.monitoring.service.LatestFigures;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code slo_burn_rate{tenant,slo,window}} and {@code slo_error_budget_remaining{tenant,slo}}:
 * the last figures the stream processor computed for each tenant (stream threads write, the
 * scrape reads; each value is one atomic double). The same figures and the quota utilization
 * of admissions also go to the dashboard's {@link LatestFigures}.
 */
@ApplicationScoped
public class SloMetrics implements SloObserver {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final LatestFigures latest;

    public SloMetrics(MeterRegistry registry, LatestFigures latest) {
        this.registry = registry;
        this.latest = latest;
    }

    @Override
    public void burnRate(String tenantId, String slo, String window, double value) {
        set("slo_burn_rate", "Error ratio in the window over the SLO's error budget (1 - target)", value,
                "tenant", tenantId, "slo", slo, "window", window);
        latest.burnRate(tenantId, slo, window, value);
    }

    @Override
    public void budgetRemaining(String tenantId, String slo, double value) {
        set("slo_error_budget_remaining", "Share of the SLO period's error budget left", value,
                "tenant", tenantId, "slo", slo);
        latest.budgetRemaining(tenantId, slo, value);
    }

    @Override
    public void quotaUtilization(String tenantId, Instant at, boolean admitted, Map<String, Double> utilization) {
        latest.quota(tenantId, at, admitted, utilization);
    }

    @Override
    public void lateEventDropped(String tenantId) {
        Counter.builder("monitoring_late_events_dropped").description("Events older than the allowed lateness")
                .tag("tenant", tenantId).register(registry).increment();
    }

    private void set(String name, String description, double value, String... tags) {
        String key = name + String.join(",", tags);
        values.computeIfAbsent(key, k -> {
            AtomicLong holder = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder(name, holder, h -> Double.longBitsToDouble(h.get())).description(description).tags(tags)
                    .register(registry);
            return holder;
        }).set(Double.doubleToLongBits(value));
    }
}
