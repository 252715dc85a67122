package dev.agentplatform.monitoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentplatform.monitoring.config.MonitoringConfig;
import dev.agentplatform.monitoring.service.BurnHistory.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurnHistoryTest {

    private final LatestFigures latest = new LatestFigures();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final BurnHistory history = new BurnHistory(null, latest, dashboard(3, 2), clock);

    @Test
    void keepsTheLatestSamplesOfTenantsWithFigures() {
        for (int i = 1; i <= 5; i++) {
            latest.burnRate("acme", "availability", "5m", i * 10.0);
            latest.budgetRemaining("acme", "availability", 1 - i * 0.1);
            clock.now = clock.now.plusSeconds(5);
            history.sample(List.of("acme", "quiet"));
        }
        BurnHistory.History acme = history.history("acme");
        assertThat(acme.intervalSeconds()).isEqualTo(5.0);
        assertThat(acme.samples()).as("the ring keeps the last three").hasSize(3);
        assertThat(acme.samples()).extracting(s -> s.burnRates().get("availability").get("5m")).containsExactly(30.0, 40.0, 50.0);
        assertThat(acme.samples()).extracting(Sample::at).isSorted();
        assertThat(acme.samples().get(2).budgetRemaining().get("availability")).isCloseTo(0.5, within(1e-9));
        assertThat(history.history("quiet").samples()).as("no figures, no samples").isEmpty();
    }

    @Test
    void forgetsTenantsNoLongerOwnedAndSamplesAtMostTheMaximum() {
        for (String tenant : List.of("a", "b", "c")) {
            latest.burnRate(tenant, "availability", "5m", 1.0);
        }
        history.sample(List.of("a", "b", "c"));
        assertThat(history.history("c").samples()).as("max-tenants is two").isEmpty();
        assertThat(history.history("b").samples()).hasSize(1);
        history.sample(List.of("a"));
        assertThat(history.history("b").samples()).as("moved to another replica").isEmpty();
        assertThat(history.history("a").samples()).hasSize(2);
    }

    private static MonitoringConfig.Dashboard dashboard(int size, int maxTenants) {
        return new MonitoringConfig.Dashboard() {
            @Override
            public Duration sampleInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int historySize() {
                return size;
            }

            @Override
            public int maxTenants() {
                return maxTenants;
            }

            @Override
            public int recentTransitions() {
                return 10;
            }
        };
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
