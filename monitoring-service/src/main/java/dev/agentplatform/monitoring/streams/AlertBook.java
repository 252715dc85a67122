package dev.agentplatform.monitoring.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.AlertResolved;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.PlatformEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Alertmanager-style lifecycle over the alerts store: an alert fires once when its rule is
 * breached, resolves once when it no longer is, and is re-announced only after the repeat
 * interval. Event ids derive from fingerprint and event time, so the same input gives the same
 * events, ids included (consumers deduplicate on them).
 */
final class AlertBook {

    private static final int CACHE_LIMIT = 200_000;

    private final KeyValueStore<String, String> store;
    private final Optional<Duration> repeatInterval;
    /** Decoded states in front of the store; this task is the only writer of its keys, so it cannot go stale. */
    private final Map<String, Optional<AlertState>> cache = new HashMap<>();
    /** Whether the alert of the last {@link #apply} is firing after it (saves a second lookup of its state). */
    private boolean firingAfterApply;

    AlertBook(KeyValueStore<String, String> store, Optional<Duration> repeatInterval) {
        this.store = store;
        this.repeatInterval = repeatInterval;
    }

    Optional<AlertState> get(String tenantId, String fingerprint) {
        return stateAt(StoreNames.key(tenantId, fingerprint));
    }

    /** The state under a store key ({@link StoreNames#key}{@code (tenant, fingerprint)}). */
    Optional<AlertState> stateAt(String key) {
        Optional<AlertState> state = cache.get(key);
        if (state == null) {
            state = Optional.ofNullable(store.get(key)).map(AlertBook::decode);
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(key, state);
        }
        return state;
    }

    boolean firing(String tenantId, String fingerprint) {
        return firingAt(StoreNames.key(tenantId, fingerprint));
    }

    /** Whether the alert under a store key is firing. */
    boolean firingAt(String key) {
        return stateAt(key).map(AlertState::firing).orElse(false);
    }

    /**
     * Applies a verdict; returns the transition to publish, if any. An inhibited verdict never
     * starts an alert (one already firing keeps firing until its own condition clears).
     */
    Optional<PlatformEvent> apply(Evaluation verdict, Instant at, boolean inhibited) {
        return apply(StoreNames.key(verdict.tenantId(), verdict.fingerprint()), verdict.breached(), at, inhibited,
                () -> verdict);
    }

    /**
     * As {@link #apply(Evaluation, Instant, boolean)} for the alert under {@code key}, whose rule is
     * {@code breached} or not; the full verdict is asked for only when there is a transition (most
     * evaluations change nothing, and a verdict's labels, windows and texts cost more than the rule).
     */
    Optional<PlatformEvent> apply(String key, boolean breached, Instant at, boolean inhibited,
            Supplier<Evaluation> verdict) {
        Optional<AlertState> current = stateAt(key);
        boolean firing = current.isPresent() && current.get().firing();
        if (breached && !firing && !inhibited) {
            firingAfterApply = true;
            return Optional.of(fire(checked(verdict.get(), breached), at, at));
        }
        if (breached && firing && repeatDue(current.get(), at)) {
            firingAfterApply = true;
            return Optional.of(fire(checked(verdict.get(), breached), current.get().startsAt(), at));
        }
        if (!breached && firing) {
            firingAfterApply = false;
            return Optional.of(resolve(checked(verdict.get(), breached), current.get(), at));
        }
        firingAfterApply = firing;
        return Optional.empty();
    }

    /** Whether the alert the last {@link #apply} was about is firing now: {@link #firingAt} of its key, without a lookup. */
    boolean firingAfterApply() {
        return firingAfterApply;
    }

    private static Evaluation checked(Evaluation verdict, boolean breached) {
        if (verdict.breached() != breached) {
            throw new IllegalStateException("verdict of " + verdict.rule() + " disagrees with its rule");
        }
        return verdict;
    }

    private boolean repeatDue(AlertState state, Instant at) {
        return repeatInterval.isPresent() && !at.isBefore(state.lastAnnouncedAt().plus(repeatInterval.get()));
    }

    private static String summary(Evaluation v) {
        return v.summary().get();
    }

    private AlertFiring fire(Evaluation v, Instant startsAt, Instant at) {
        String fingerprint = v.fingerprint();
        save(new AlertState(fingerprint, v.tenantId(), v.agentId(), v.rule(), v.severity(), v.labels(),
                AlertState.Status.FIRING, v.value(), v.threshold(), v.windows(), v.summary().get(), v.traceParent(),
                startsAt, null, at));
        return new AlertFiring(eventId(fingerprint, "firing", at), v.tenantId(), at, v.traceParent(), fingerprint,
                v.rule(), v.severity(), v.agentId(), v.value(), v.threshold(), summary(v), v.labels(), startsAt,
                v.windows(), null);
    }

    private AlertResolved resolve(Evaluation v, AlertState state, Instant at) {
        save(new AlertState(state.fingerprint(), state.tenantId(), state.agentId(), state.rule(), state.severity(),
                state.labels(), AlertState.Status.RESOLVED, v.value(), state.threshold(), v.windows(), v.summary().get(),
                state.traceParent(), state.startsAt(), at, state.lastAnnouncedAt()));
        return new AlertResolved(eventId(state.fingerprint(), "resolved", at), state.tenantId(), at,
                state.traceParent(), state.fingerprint(), state.rule(), state.severity(), state.agentId(), v.value(),
                state.threshold(), v.summary().get(), state.labels(), state.startsAt(), at, v.windows(), null);
    }

    private void save(AlertState state) {
        String key = StoreNames.key(state.tenantId(), state.fingerprint());
        store.put(key, encode(state));
        cache.put(key, Optional.of(state));
    }

    private static String eventId(String fingerprint, String transition, Instant at) {
        return UUID.nameUUIDFromBytes((fingerprint + '/' + transition + '/' + at).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    static String encode(AlertState state) {
        try {
            return EventCodec.mapper().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode alert state", e);
        }
    }

    static AlertState decode(String json) {
        try {
            return EventCodec.mapper().readValue(json, AlertState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt alert state", e);
        }
    }
}
