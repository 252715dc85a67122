package dev.agentplatform.monitoring.slo;

import dev.agentplatform.events.Severity;
import java.time.Duration;
import java.util.List;

/**
 * One pair of the multiwindow, multi-burn-rate alert: it fires when the burn rate over both the
 * long and the short window exceeds the threshold. The long window makes it significant, the
 * short one makes it stop soon after the trouble stops.
 *
 * @param rule      the alert rule name
 * @param longWindow  the window that decides significance
 * @param shortWindow the window (1/12 of the long one) that resets the alert quickly
 * @param threshold the burn rate both windows must exceed
 * @param severity  CRITICAL pages, WARNING opens a ticket
 * @param rank      0 is the fastest page; a firing pair inhibits the pairs of higher rank
 */
public record BurnWindow(String rule, Duration longWindow, Duration shortWindow, double threshold,
        Severity severity, int rank) {

    public static final String PAGE_FAST = "slo_burn_rate_page_fast";
    public static final String PAGE_SLOW = "slo_burn_rate_page_slow";
    public static final String TICKET = "slo_burn_rate_ticket";

    /** Table 5-8 of the SRE Workbook: 2 % of the budget in 1 h, 5 % in 6 h (pages), 10 % in 3 d (ticket). */
    public static final List<BurnWindow> WORKBOOK = List.of(
            new BurnWindow(PAGE_FAST, Duration.ofHours(1), Duration.ofMinutes(5), 14.4, Severity.CRITICAL, 0),
            new BurnWindow(PAGE_SLOW, Duration.ofHours(6), Duration.ofMinutes(30), 6, Severity.CRITICAL, 1),
            new BurnWindow(TICKET, Duration.ofDays(3), Duration.ofHours(6), 1, Severity.WARNING, 2));

    /** The distinct windows the pairs use, shortest first: 5m, 30m, 1h, 6h, 3d. */
    public static final List<Duration> WINDOWS = WORKBOOK.stream()
            .flatMap(w -> java.util.stream.Stream.of(w.shortWindow(), w.longWindow()))
            .distinct().sorted().toList();

    /** Whether both windows burn faster than the threshold. */
    public boolean breached(double longBurnRate, double shortBurnRate) {
        return longBurnRate > threshold && shortBurnRate > threshold;
    }

    /** Whether a firing pair of {@code other} rank silences this one (same SLO and tenant). */
    public boolean inhibitedBy(BurnWindow other) {
        return other.severity == Severity.CRITICAL && other.rank < rank;
    }

    /** A window's label value: 5m, 30m, 1h, 6h, 3d. */
    public static String label(Duration window) {
        if (window.toDaysPart() > 0 && window.toHoursPart() == 0 && window.toMinutesPart() == 0) {
            return window.toDays() + "d";
        }
        if (window.toMinutesPart() == 0 && window.toSecondsPart() == 0) {
            return window.toHours() + "h";
        }
        return window.toMinutes() + "m";
    }
}
