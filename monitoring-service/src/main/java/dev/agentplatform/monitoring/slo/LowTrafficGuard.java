package dev.agentplatform.monitoring.slo;

/**
 * A burn-rate pair may only fire when its short window holds at least {@code minEvents} valid
 * events (the long window holds at least as many). Without it one failure among the first ten
 * requests of a quiet tenant is an error ratio of 10 %, a burn rate of 100 at 99.9 %: a page for
 * nothing. The price: a tenant with less traffic than that per short window is only alerted by the
 * pairs whose short window is long enough.
 */
public record LowTrafficGuard(long minEvents) {

    public LowTrafficGuard {
        if (minEvents < 1) {
            throw new IllegalArgumentException("min events must be at least 1");
        }
    }

    public boolean allows(long shortWindowEvents, long longWindowEvents) {
        return shortWindowEvents >= minEvents && longWindowEvents >= minEvents;
    }
}
