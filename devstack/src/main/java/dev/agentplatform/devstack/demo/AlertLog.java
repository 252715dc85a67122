package dev.agentplatform.devstack.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Every alert transition seen so far, in arrival order, and the checks the demo makes against
 * them. Threads add; the driver waits on it.
 */
final class AlertLog {

    private final List<AlertEvent> events = new ArrayList<>();

    synchronized void add(AlertEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<AlertEvent> all() {
        return List.copyOf(events);
    }

    /** How many transitions arrived so far: the position the next one will take. */
    synchronized int size() {
        return events.size();
    }

    /** The first transition that meets the expectation, if one arrived. */
    synchronized Optional<AlertEvent> match(ExpectedAlert expected) {
        return expected.firstIn(events);
    }

    /** The expectations no transition has met yet, in the given order. */
    synchronized List<ExpectedAlert> missing(Collection<ExpectedAlert> expected) {
        return expected.stream().filter(e -> e.firstIn(events).isEmpty()).toList();
    }

    /** Alerts of a tenant whose latest transition is firing, by fingerprint. */
    synchronized Map<String, AlertEvent> firing(String tenant) {
        Map<String, AlertEvent> latest = new LinkedHashMap<>();
        for (AlertEvent e : events) {
            if (e.tenant().equals(tenant)) {
                latest.put(e.fingerprint(), e);
            }
        }
        latest.values().removeIf(e -> !e.firing());
        return latest;
    }

    synchronized long fired(String tenant) {
        return events.stream().filter(e -> e.firing() && e.tenant().equals(tenant)).count();
    }

    synchronized long resolved(String tenant) {
        return events.stream().filter(e -> !e.firing() && e.tenant().equals(tenant)).count();
    }

    /** Waits until the condition holds (checked on every new transition and every 200 ms); false on timeout. */
    boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
            return true;
        }
    }

    boolean awaitAll(Collection<ExpectedAlert> expected, Duration timeout) throws InterruptedException {
        return await(() -> missing(expected).isEmpty(), timeout);
    }
}
