package dev.agentplatform.monitoring.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arithmetic against the SRE Workbook, chapter 5 (tables 5-4 to 5-8). */
class BurnRateTest {

    private static final Duration MONTH = Duration.ofDays(30);

    @ParameterizedTest(name = "{0} errors at {1} burn at {2}")
    @CsvSource({
            "0.001, 0.999, 1",
            "0.0144, 0.999, 14.4",
            "0.006, 0.999, 6",
            "1.0, 0.999, 1000",
            "0.05, 0.95, 1",
            "0.025, 0.995, 5",
            "0, 0.999, 0"})
    void burnRateIsErrorRatioOverBudget(double errorRatio, double target, double expected) {
        assertThat(BurnRate.of(errorRatio, target)).isCloseTo(expected, within(1e-9));
    }

    /** Table 5-8: the thresholds are the burn rates that consume 2 %, 5 % and 10 % of the budget. */
    @ParameterizedTest(name = "{1} of a 30-day budget in {0} h is burn rate {2}")
    @CsvSource({
            "1, 0.02, 14.4",
            "6, 0.05, 6",
            "72, 0.10, 1"})
    void workbookThresholdsAreBudgetShares(long hours, double share, double threshold) {
        Duration window = Duration.ofHours(hours);
        assertThat(BurnRate.budgetConsumed(threshold, window, MONTH)).isCloseTo(share, within(1e-9));
        assertThat(BurnRate.thresholdFor(share, window, MONTH)).isCloseTo(threshold, within(1e-9));
    }

    @ParameterizedTest(name = "burn {0} over {1} min consumes {2}")
    @CsvSource({
            "1, 43200, 1.0",
            "1000, 60, 1.3888888888888888",
            "14.4, 5, 0.0016666666666666668",
            "2, 21600, 1.0"})
    void budgetConsumedIsBurnRateTimesWindowOverPeriod(double burnRate, long minutes, double expected) {
        assertThat(BurnRate.budgetConsumed(burnRate, Duration.ofMinutes(minutes), MONTH))
                .isCloseTo(expected, within(1e-9));
    }

    /**
     * Time to fire = (1 − SLO) / error ratio × window × burn rate. Table 5-6 (1 h, 14.4, 99.9 %):
     * a 100 % outage fires after 0.864 min = 51.84 s; table 5-7 (6 h, 6): 21.6 s.
     */
    @ParameterizedTest(name = "{0} target, {1} errors, {2} s window, burn {3}: fires after {4} s")
    @CsvSource({
            "0.999, 1.0, 3600, 14.4, 51.84",
            "0.999, 0.1, 3600, 14.4, 518.4",
            "0.999, 0.0144, 3600, 14.4, 3600",
            "0.999, 1.0, 21600, 6, 129.6",
            "0.999, 0.01, 21600, 6, 12960",
            "0.999, 1.0, 259200, 1, 259.2",
            "0.999, 0.002, 259200, 1, 129600",
            "0.995, 1.0, 3600, 14.4, 259.2",
            "0.995, 0.5, 300, 14.4, 43.2",
            "0.95, 1.0, 3600, 14.4, 2592",
            "0.95, 0.9, 1800, 6, 600"})
    void timeToFireFollowsTheWorkbook(double target, double errorRatio, long windowSeconds, double threshold,
            double expectedSeconds) {
        Duration fire = BurnRate.timeToFire(target, errorRatio, Duration.ofSeconds(windowSeconds), threshold)
                .orElseThrow();
        assertThat(fire.toNanos() / 1e9).isCloseTo(expectedSeconds, within(1e-6));
    }

    @Test
    void anErrorRatioBelowTheThresholdNeverFires() {
        assertThat(BurnRate.timeToFire(0.999, 0.0143, Duration.ofHours(1), 14.4)).isEmpty();
        assertThat(BurnRate.timeToFire(0.999, 0.0009, Duration.ofDays(3), 1)).isEmpty();
        assertThat(BurnRate.timeToFire(0.999, 0, Duration.ofHours(1), 14.4)).isEmpty();
    }

    @Test
    void budgetRemainingOverThePeriod() {
        assertThat(BurnRate.budgetRemaining(0, 0, 0.999)).isEqualTo(1.0);
        assertThat(BurnRate.budgetRemaining(0, 1_000_000, 0.999)).isEqualTo(1.0);
        assertThat(BurnRate.budgetRemaining(500, 1_000_000, 0.999)).isCloseTo(0.5, within(1e-9));
        assertThat(BurnRate.budgetRemaining(1_000, 1_000_000, 0.999)).isCloseTo(0.0, within(1e-9));
        assertThat(BurnRate.budgetRemaining(2_000, 1_000_000, 0.999)).isCloseTo(-1.0, within(1e-9));
        assertThat(BurnRate.budgetRemaining(25, 1_000, 0.95)).isCloseTo(0.5, within(1e-9));
        assertThatThrownBy(() -> BurnRate.budgetRemaining(2, 1, 0.999)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeToExhaustionIsPeriodOverBurnRate() {
        assertThat(BurnRate.timeToExhaustion(14.4, MONTH)).contains(Duration.ofMinutes(3000));
        assertThat(BurnRate.timeToExhaustion(1000, MONTH)).contains(Duration.ofMillis(2_592_000));
        assertThat(BurnRate.timeToExhaustion(0, MONTH)).isEmpty();
    }

    @Test
    void rejectsTargetsAndRatiosOutsideTheirRange() {
        assertThatThrownBy(() -> BurnRate.of(0.1, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BurnRate.of(0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BurnRate.of(1.1, 0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BurnRate.of(Double.NaN, 0.9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWorkbookPairsAndTheirWindows() {
        assertThat(BurnWindow.WORKBOOK).extracting(BurnWindow::threshold).containsExactly(14.4, 6.0, 1.0);
        assertThat(BurnWindow.WINDOWS).extracting(BurnWindow::label).containsExactly("5m", "30m", "1h", "6h", "3d");
        BurnWindow fast = BurnWindow.WORKBOOK.get(0);
        assertThat(fast.breached(14.5, 20)).isTrue();
        assertThat(fast.breached(14.4, 20)).as("strictly above").isFalse();
        assertThat(fast.breached(20, 14)).as("both windows").isFalse();
        assertThat(BurnWindow.WORKBOOK.get(2).inhibitedBy(fast)).isTrue();
        assertThat(BurnWindow.WORKBOOK.get(1).inhibitedBy(fast)).isTrue();
        assertThat(fast.inhibitedBy(BurnWindow.WORKBOOK.get(1))).isFalse();
        assertThat(fast.inhibitedBy(BurnWindow.WORKBOOK.get(2))).as("a ticket inhibits nothing").isFalse();
    }

    @Test
    void lowTrafficGuardNeedsEnoughEventsInBothWindows() {
        LowTrafficGuard guard = new LowTrafficGuard(20);
        assertThat(guard.allows(10, 1000)).as("one failure in ten requests does not page").isFalse();
        assertThat(guard.allows(20, 20)).isTrue();
        assertThatThrownBy(() -> new LowTrafficGuard(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
