package dev.agentplatform.monitoring.slo;

import java.time.Duration;
import java.util.Optional;

/**
 * The error-budget arithmetic of the Google SRE Workbook, chapter 5 ("Alerting on SLOs"). Pure
 * functions, so every figure the alerts and the API show can be checked against the book.
 */
public final class BurnRate {

    /** The SLO period the budget is defined over. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private BurnRate() {
    }

    /** The error budget of a target, as a ratio: 1 − target (0.001 for 99.9 %). */
    public static double budget(double target) {
        requireTarget(target);
        return 1 - target;
    }

    /** How fast the budget goes: error ratio / (1 − target). 1 spends exactly the budget in the period. */
    public static double of(double errorRatio, double target) {
        requireRatio(errorRatio);
        return errorRatio / budget(target);
    }

    /** Share of the period's budget a window at this burn rate consumes: burn rate × window / period. */
    public static double budgetConsumed(double burnRate, Duration window, Duration period) {
        return burnRate * window.toMillis() / period.toMillis();
    }

    /** The burn rate at which a window consumes {@code share} of the period's budget (inverse of the above). */
    public static double thresholdFor(double share, Duration window, Duration period) {
        return share * period.toMillis() / window.toMillis();
    }

    /**
     * How long a sudden error ratio must last before a window's burn rate exceeds the threshold,
     * from steady good traffic: (1 − target) / error ratio × window × threshold. Empty when the
     * error ratio can never reach it (the window would have to be longer than itself).
     */
    public static Optional<Duration> timeToFire(double target, double errorRatio, Duration window, double threshold) {
        requireRatio(errorRatio);
        if (errorRatio == 0) {
            return Optional.empty();
        }
        double fraction = budget(target) / errorRatio * threshold;
        if (fraction > 1 + 1e-9) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(fraction * window.toNanos())));
    }

    /** How long the whole period's budget lasts at this burn rate: period / burn rate. */
    public static Optional<Duration> timeToExhaustion(double burnRate, Duration period) {
        if (burnRate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(period.toNanos() / burnRate)));
    }

    /**
     * Share of the period's budget still left after {@code bad} of {@code total} events failed:
     * 1 − (bad / total) / (1 − target). Negative when the budget is overspent; 1 with no traffic.
     */
    public static double budgetRemaining(long bad, long total, double target) {
        if (bad < 0 || total < 0 || bad > total) {
            throw new IllegalArgumentException("need 0 <= bad <= total, got " + bad + "/" + total);
        }
        if (total == 0) {
            return 1;
        }
        return 1 - of((double) bad / total, target);
    }

    private static void requireTarget(double target) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("an SLO target is a ratio strictly between 0 and 1, got " + target);
        }
    }

    private static void requireRatio(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("an error ratio lies in [0, 1], got " + ratio);
        }
    }
}
