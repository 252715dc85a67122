package dev.agentplatform.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static AlertEvent alert(boolean firing, String tenant, String rule, String severity, Map<String, String> labels) {
        return new AlertEvent(firing, tenant, rule, severity, labels, "summary", rule + "/" + labels, T0);
    }

    @Test
    void anExpectationNeedsTheTenantRuleTransitionAndItsLabels() {
        ExpectedAlert page = ExpectedAlert.firing("acme", "slo_burn_rate_page_fast", Map.of("slo", "availability"));
        assertThat(page.matchedBy(alert(true, "acme", "slo_burn_rate_page_fast", "CRITICAL",
                Map.of("tenant", "acme", "slo", "availability")))).isTrue();
        assertThat(page.matchedBy(alert(true, "acme", "slo_burn_rate_page_fast", "CRITICAL",
                Map.of("tenant", "acme", "slo", "success_rate")))).as("another SLO").isFalse();
        assertThat(page.matchedBy(alert(false, "acme", "slo_burn_rate_page_fast", "CRITICAL",
                Map.of("tenant", "acme", "slo", "availability")))).as("resolved, not firing").isFalse();
        assertThat(page.matchedBy(alert(true, "globex", "slo_burn_rate_page_fast", "CRITICAL",
                Map.of("tenant", "globex", "slo", "availability")))).as("another tenant").isFalse();
        assertThat(page.matchedBy(alert(true, "acme", "slo_burn_rate_page_slow", "CRITICAL",
                Map.of("tenant", "acme", "slo", "availability")))).as("another rule").isFalse();
    }

    @Test
    void reportsMetExpectationsWithTheirArrivalAndTheMissingOnes() {
        ExpectedAlert quota = ExpectedAlert.firing("noisy", "quota_utilization_high", Map.of());
        ExpectedAlert resolvedPage = ExpectedAlert.resolved("acme", "slo_burn_rate_page_fast", Map.of("slo", "availability"));
        AlertEvent seen = alert(true, "noisy", "quota_utilization_high", "WARNING", Map.of("tenant", "noisy"));

        List<String> lines = Expectations.report(List.of(quota, resolvedPage), List.of(seen), e -> "+00:41");

        assertThat(lines).containsExactly("ok       +00:41  quota_utilization_high firing for noisy",
                "MISSING  slo_burn_rate_page_fast resolved for acme {slo=availability}");
    }

    @Test
    void theLogKnowsWhatIsMissingWhatFiresAndCounts() throws InterruptedException {
        AlertLog log = new AlertLog();
        ExpectedAlert errorRate = ExpectedAlert.firing("acme", "error_rate_high", Map.of("agent", "chaos"));
        ExpectedAlert resolved = ExpectedAlert.resolved("acme", "error_rate_high", Map.of("agent", "chaos"));
        Map<String, String> labels = Map.of("tenant", "acme", "agent", "chaos");

        log.add(alert(true, "acme", "error_rate_high", "WARNING", labels));
        log.add(alert(true, "acme", "slo_burn_rate_page_fast", "CRITICAL", Map.of("tenant", "acme", "slo", "availability")));
        assertThat(log.missing(List.of(errorRate, resolved))).containsExactly(resolved);
        assertThat(log.firing("acme")).hasSize(2);

        log.add(alert(false, "acme", "error_rate_high", "WARNING", labels));
        assertThat(log.missing(List.of(errorRate, resolved))).isEmpty();
        assertThat(log.firing("acme").values()).extracting(AlertEvent::rule).containsExactly("slo_burn_rate_page_fast");
        assertThat(log.fired("acme")).isEqualTo(2);
        assertThat(log.resolved("acme")).isEqualTo(1);
        assertThat(log.fired("globex")).isZero();
    }

    @Test
    void waitingEndsWhenTheTransitionArrivesOrTheTimeIsUp() throws Exception {
        AlertLog log = new AlertLog();
        ExpectedAlert quota = ExpectedAlert.firing("noisy", "quota_utilization_high", Map.of());
        assertThat(log.awaitAll(List.of(quota), Duration.ofMillis(50))).isFalse();

        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            log.add(alert(true, "noisy", "quota_utilization_high", "WARNING", Map.of("tenant", "noisy")));
        });
        producer.start();
        assertThat(log.awaitAll(List.of(quota), Duration.ofSeconds(20))).isTrue();
        producer.join();
    }

    @Test
    void transitionsBeforeAnExpectationsStartDoNotMeetIt() {
        AlertLog log = new AlertLog();
        Map<String, String> labels = Map.of("tenant", "noisy");
        log.add(alert(true, "noisy", "quota_utilization_high", "WARNING", labels));
        ExpectedAlert later = ExpectedAlert.firing("noisy", "quota_utilization_high", Map.of()).from(log.size());
        assertThat(log.missing(List.of(later))).containsExactly(later);
        log.add(alert(false, "noisy", "quota_utilization_high", "WARNING", labels));
        log.add(alert(true, "noisy", "quota_utilization_high", "WARNING", labels));
        assertThat(log.missing(List.of(later))).isEmpty();
        assertThat(log.match(later)).get().extracting(AlertEvent::firing).isEqualTo(true);
    }

    @Test
    void anAlertThatFlapsBackToFiringIsNotResolved() {
        AlertLog log = new AlertLog();
        Map<String, String> labels = Map.of("tenant", "noisy");
        ExpectedAlert fired = ExpectedAlert.firing("noisy", "quota_utilization_high", Map.of()).from(log.size());
        ExpectedAlert resolved = fired.resolution();
        log.add(alert(true, "noisy", "quota_utilization_high", "WARNING", labels));
        log.add(alert(false, "noisy", "quota_utilization_high", "WARNING", labels));
        assertThat(log.missing(List.of(fired, resolved))).isEmpty();

        log.add(alert(true, "noisy", "quota_utilization_high", "WARNING", labels));
        assertThat(log.missing(List.of(fired, resolved))).containsExactly(resolved);

        log.add(alert(false, "noisy", "quota_utilization_high", "WARNING", labels));
        log.add(alert(true, "acme", "quota_utilization_high", "WARNING", Map.of("tenant", "acme")));
        assertThat(log.missing(List.of(fired, resolved))).as("another tenant's alert is another alert").isEmpty();
        assertThat(resolved.describe()).isEqualTo("quota_utilization_high resolved for noisy");
    }

    @Test
    void showsTheLabelsBesidesTheTenant() {
        assertThat(alert(true, "acme", "r", "WARNING", Map.of("tenant", "acme", "slo", "latency", "agent", "chaos"))
                .extraLabels()).isEqualTo("{agent=chaos, slo=latency}");
        assertThat(alert(true, "acme", "r", "WARNING", Map.of("tenant", "acme")).extraLabels()).isEmpty();
    }
}
