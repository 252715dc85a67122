package dev.agentplatform.common.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the {@code tenant} label: the first {@code maxTenants} distinct tenants a process sees keep
 * their own series; meters of any further tenant are counted under {@code tenant="_overflow"}
 * (counters, timers and histograms, whose sums stay correct) or dropped (gauges, whose values
 * cannot be merged). {@code metrics_tenant_label_overflow_total} counts the series folded or dropped
 * this way, so a dashboard can tell that the bound was reached. The set of tracked tenants lives
 * as long as the process.
 */
public final class TenantLabelLimit implements MeterFilter {

    /** The label this limit bounds. */
    public static final String TAG = "tenant";
    /** The value that replaces a tenant beyond the bound. */
    public static final String OVERFLOW = "_overflow";

    private final int maxTenants;
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();
    private final AtomicLong overflowed = new AtomicLong();

    public TenantLabelLimit(int maxTenants) {
        if (maxTenants < 1) {
            throw new IllegalArgumentException("maxTenants must be at least 1, was " + maxTenants);
        }
        this.maxTenants = maxTenants;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String tenant = id.getTag(TAG);
        if (tenant == null || OVERFLOW.equals(tenant) || admit(tenant)) {
            return id;
        }
        overflowed.incrementAndGet();
        return id.replaceTags(id.getTags().stream()
                .map(tag -> TAG.equals(tag.getKey()) ? Tag.of(TAG, OVERFLOW) : tag).toList());
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        boolean droppedGauge = id.getType() == Meter.Type.GAUGE && OVERFLOW.equals(id.getTag(TAG));
        return droppedGauge ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    /** Registers {@code metrics_tenant_label_overflow_total} and {@code metrics_tenant_label_tracked}. */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("metrics_tenant_label_overflow", overflowed, AtomicLong::doubleValue)
                .description("Series whose tenant label was folded into _overflow (or dropped, for gauges)")
                .register(registry);
        Gauge.builder("metrics_tenant_label_tracked", tracked, Set::size)
                .description("Distinct tenants with their own series (bounded by platform.metrics.max-tenants)")
                .register(registry);
    }

    private boolean admit(String tenant) {
        if (tracked.contains(tenant)) {
            return true;
        }
        synchronized (tracked) {
            if (tracked.size() < maxTenants) {
                tracked.add(tenant);
                return true;
            }
            return tracked.contains(tenant);
        }
    }
}
