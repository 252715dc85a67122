package dev.agentplatform.monitoring.streams;

import dev.agentplatform.monitoring.slo.BurnRate;
import dev.agentplatform.monitoring.slo.BurnWindow;
import dev.agentplatform.monitoring.slo.SloTarget;
import java.time.Duration;
import java.util.Locale;

/** The human summaries of alerts: what is wrong and, for burn rates, how fast the budget goes. */
final class AlertTexts {

    private AlertTexts() {
    }

    static String burnFiring(String scope, SloTarget slo, BurnWindow pair, double longRate, double shortRate,
            Duration period) {
        String exhaustion = BurnRate.timeToExhaustion(longRate, period).map(AlertTexts::human).orElse("never");
        return String.format(Locale.ROOT,
                "%s SLO (%s) of %s burns its %s error budget %.1fx as fast as sustainable over %s (%.1fx over %s), "
                        + "above %.1fx: at this rate the whole budget is gone in %s; the last %s alone used %.1f%% of it",
                slo.kind().label(), percent(slo.target()), scope, human(period), longRate,
                BurnWindow.label(pair.longWindow()), shortRate, BurnWindow.label(pair.shortWindow()), pair.threshold(),
                exhaustion, BurnWindow.label(pair.longWindow()),
                100 * BurnRate.budgetConsumed(longRate, pair.longWindow(), period));
    }

    static String burnResolved(String scope, SloTarget slo, BurnWindow pair, double longRate, double shortRate) {
        return String.format(Locale.ROOT, "%s SLO of %s back under %.1fx: burn rate %.1fx over %s, %.1fx over %s",
                slo.kind().label(), scope, pair.threshold(), longRate, BurnWindow.label(pair.longWindow()), shortRate,
                BurnWindow.label(pair.shortWindow()));
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%s%%", trim(ratio * 100));
    }

    /** 3d 4h, 2h 5m, 43m, 51s. */
    static String human(Duration d) {
        if (d.toDays() > 0) {
            return d.toHoursPart() == 0 ? d.toDays() + "d" : d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toMinutesPart() == 0 ? d.toHours() + "h" : d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
