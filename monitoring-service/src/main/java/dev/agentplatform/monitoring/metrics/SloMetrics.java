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

    private static final String BURN_RATE_HELP = "Error ratio in the window over the SLO's error budget (1 - target)";
    private static final String BUDGET_HELP = "Share of the SLO period's error budget left";

    private final Map<GaugeKey, AtomicLong> values = new ConcurrentHashMap<>();
    private final LatestFigures latest;

    public SloMetrics(MeterRegistry registry, LatestFigures latest) {
        this.registry = registry;
        this.latest = latest;
    }

    @Override
    public void burnRate(String tenantId, String slo, String window, double value) {
        set(new GaugeKey("slo_burn_rate", tenantId, slo, window), BURN_RATE_HELP, value);
        latest.burnRate(tenantId, slo, window, value);
    }

    @Override
    public void budgetRemaining(String tenantId, String slo, double value) {
        set(new GaugeKey("slo_error_budget_remaining", tenantId, slo, null), BUDGET_HELP, value);
        latest.budgetRemaining(tenantId, slo, value);
    }

    /** Resolves each window's gauge once, then updates it (and the dashboard's figure) without lookups by tags. */
    @Override
    public SloFigures figures(String tenantId, String slo) {
        return new SloFigures() {
            private String[] windows = new String[0];
            private AtomicLong[] holders = new AtomicLong[0];
            private LatestFigures.Figure[] latestRates = new LatestFigures.Figure[0];
            private AtomicLong budgetHolder;
            private LatestFigures.Figure latestBudget;

            @Override
            public void burnRate(String window, double value) {
                for (int i = 0; i < windows.length; i++) {
                    if (windows[i].equals(window)) {
                        holders[i].set(Double.doubleToLongBits(value));
                        latestRates[i].set(value);
                        return;
                    }
                }
                AtomicLong holder = gauge(new GaugeKey("slo_burn_rate", tenantId, slo, window), BURN_RATE_HELP);
                holder.set(Double.doubleToLongBits(value));
                int n = windows.length;
                windows = java.util.Arrays.copyOf(windows, n + 1);
                holders = java.util.Arrays.copyOf(holders, n + 1);
                latestRates = java.util.Arrays.copyOf(latestRates, n + 1);
                windows[n] = window;
                holders[n] = holder;
                latestRates[n] = latest.burnRateFigure(tenantId, slo, window, value);
                latestRates[n].set(value);
            }

            @Override
            public void budgetRemaining(double value) {
                if (budgetHolder == null) {
                    budgetHolder = gauge(new GaugeKey("slo_error_budget_remaining", tenantId, slo, null), BUDGET_HELP);
                    latestBudget = latest.budgetFigure(tenantId, slo, value);
                }
                budgetHolder.set(Double.doubleToLongBits(value));
                latestBudget.set(value);
            }
        };
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
        gauge(key, description).set(Double.doubleToLongBits(value));
    }

    private AtomicLong gauge(GaugeKey key, String description) {
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
        return holder;
    }
}
