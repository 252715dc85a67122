package dev.agentplatform.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantLabelLimitTest {

    private MeterRegistry registry;

    @BeforeEach
    void registry() {
        registry = new SimpleMeterRegistry();
        TenantLabelLimit limit = new TenantLabelLimit(2);
        registry.config().meterFilter(limit);
        limit.bindTo(registry);
    }

    private void count(String tenant, String status) {
        registry.counter("agent.requests", "tenant", tenant, "status", status).increment();
    }

    @Test
    void tenantsBeyondTheBoundShareTheOverflowSeries() {
        count("a", "ok");
        count("b", "ok");
        count("c", "ok");
        count("d", "ok");
        count("d", "failed");
        count("a", "failed");

        assertThat(registry.find("agent.requests").counters()).extracting(c -> c.getId().getTag("tenant"))
                .containsOnly("a", "b", "_overflow");
        assertThat(registry.get("agent.requests").tags("tenant", "_overflow", "status", "ok").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("agent.requests").tags("tenant", "_overflow", "status", "failed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("agent.requests").tags("tenant", "a", "status", "failed").counter().count()).isEqualTo(1.0);
        // three series of over-limit tenants (c/ok, d/ok, d/failed) were folded
        assertThat(registry.get("metrics_tenant_label_overflow").functionCounter().count()).isEqualTo(3.0);
        assertThat(registry.get("metrics_tenant_label_tracked").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void theBoundIsSharedAcrossMetricNames() {
        count("a", "ok");
        registry.counter("admission.decisions", "tenant", "b").increment();
        registry.counter("admission.decisions", "tenant", "c").increment();
        assertThat(registry.find("admission.decisions").counters()).extracting(c -> c.getId().getTag("tenant"))
                .containsOnly("b", "_overflow");
    }

    @Test
    void gaugesOfOverflowTenantsAreDroppedNotMerged() {
        registry.gauge("slo.burn.rate", io.micrometer.core.instrument.Tags.of("tenant", "a"), new AtomicInteger(1));
        registry.gauge("slo.burn.rate", io.micrometer.core.instrument.Tags.of("tenant", "b"), new AtomicInteger(2));
        registry.gauge("slo.burn.rate", io.micrometer.core.instrument.Tags.of("tenant", "c"), new AtomicInteger(3));
        assertThat(registry.find("slo.burn.rate").gauges()).extracting(g -> g.getId().getTag("tenant"))
                .containsOnly("a", "b");
    }

    @Test
    void metersWithoutATenantAreUntouched() {
        Counter c = registry.counter("lease.reclaims");
        c.increment();
        assertThat(registry.get("lease.reclaims").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("metrics_tenant_label_overflow").functionCounter().count()).isZero();
    }
}
