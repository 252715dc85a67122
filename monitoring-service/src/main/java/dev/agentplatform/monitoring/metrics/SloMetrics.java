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
    /** A gauge's name and tags (window null for the budget): its key without building a string per update. */
    private record GaugeKey(String name, String tenant, String slo, String window) {
    }

    private final Map<GaugeKey, AtomicLong> values = new ConcurrentHashMap<>();
    private final LatestFigures latest;

    public SloMetrics(MeterRegistry registry, LatestFigures latest) {
        this.registry = registry;
        this.latest = latest;
    }

    @Override
    public void burnRate(String tenantId, String slo, String window, double value) {
        set(new GaugeKey("slo_burn_rate", tenantId, slo, window),
                "Error ratio in the window over the SLO's error budget (1 - target)", value);
        latest.burnRate(tenantId, slo, window, value);
    }

    @Override
    public void budgetRemaining(String tenantId, String slo, double value) {
        set(new GaugeKey("slo_error_budget_remaining", tenantId, slo, null), "Share of the SLO period's error budget left",
                value);
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

    private void set(GaugeKey key, String description, double value) {
        AtomicLong holder = values.get(key);
        if (holder == null) {
            holder = values.computeIfAbsent(key, k -> {
                AtomicLong h = new AtomicLong(Double.doubleToLongBits(Double.NaN));
                String[] tags = k.window() == null ? new String[] {"tenant", k.tenant(), "slo", k.slo()}
                        : new String[] {"tenant", k.tenant(), "slo", k.slo(), "window", k.window()};
                Gauge.builder(k.name(), h, g -> Double.longBitsToDouble(g.get())).description(description).tags(tags)
                        .register(registry);
                return h;
            });
        }
        holder.set(Double.doubleToLongBits(value));
    }
}
