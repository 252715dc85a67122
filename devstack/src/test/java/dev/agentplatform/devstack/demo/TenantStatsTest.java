package dev.agentplatform.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TenantStatsTest {

    @Test
    void countsRefusalsPerLimitAndOutcomesWithTheirP95() {
        TenantStats stats = new TenantStats();
        for (int i = 0; i < 5; i++) {
            stats.submitted();
        }
        stats.admitted();
        stats.admitted();
        stats.rejected(List.of("maxConcurrentAgents"));
        stats.rejected(List.of("maxConcurrentAgents", "maxCpuCores"));
        stats.rejected(List.of());
        stats.completed(true, 40);
        stats.completed(false, 900);

        TenantStats.Snapshot s = stats.snapshot();
        assertThat(s.submitted()).isEqualTo(5);
        assertThat(s.admitted()).isEqualTo(2);
        assertThat(s.rejected()).as("refusals, though one may name two limits").isEqualTo(3);
        assertThat(s.rejectedByLimit()).containsExactly(Map.entry("maxConcurrentAgents", 2L),
                Map.entry("maxCpuCores", 1L), Map.entry("unknown", 1L));
        assertThat(s.succeeded()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.completed()).isEqualTo(2);
        assertThat(s.p95Ms()).isEqualTo(900);
    }

    @Test
    void keepsEveryDurationUnderConcurrentUpdates() throws InterruptedException {
        TenantStats stats = new TenantStats();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 1; i <= 250; i++) {
                    stats.completed(true, i);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stats.snapshot().succeeded()).isEqualTo(1000);
        assertThat(stats.snapshot().p95Ms()).isEqualTo(238);
    }
}
