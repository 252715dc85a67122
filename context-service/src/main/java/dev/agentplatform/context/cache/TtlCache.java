package dev.agentplatform.context.cache;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A replica-local cache with a time to live per value. Two rules keep it from serving what a write
 * replaced: a load that started before an invalidation does not store its (possibly old) result
 * (an epoch counter detects the overlap), and while {@code trusted} is false (the invalidation
 * subscription is down, so invalidations may be missed) the cache neither serves nor stores.
 */
public final class TtlCache<V> {

    private final String name;
    private final Duration ttl;
    private final int maxSize;
    private final BooleanSupplier trusted;
    private final Map<String, Timed<V>> values = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    public TtlCache(String name, Duration ttl, int maxSize, BooleanSupplier trusted) {
        this.name = name;
        this.ttl = ttl;
        this.maxSize = maxSize;
        this.trusted = trusted;
    }

    private record Timed<V>(V value, long expiresAtNanos) {
    }

    public String name() {
        return name;
    }

    /** The cached value, or the loader's value (cached if no invalidation overlapped the load). */
    public Uni<V> get(String key, Supplier<Uni<V>> loader) {
        V cached = getIfPresent(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long started = epoch.get();
        return loader.get().invoke(value -> putIfUnchanged(key, value, started));
    }

    public V getIfPresent(String key) {
        if (!trusted.getAsBoolean()) {
            return null;
        }
        Timed<V> timed = values.get(key);
        if (timed == null || timed.expiresAtNanos() - System.nanoTime() <= 0) {
            return null;
        }
        return timed.value();
    }

    /** The current epoch, to pass to {@link #putIfUnchanged} for a load the caller runs itself. */
    public long epoch() {
        return epoch.get();
    }

    public void putIfUnchanged(String key, V value, long startedAtEpoch) {
        if (value == null || !trusted.getAsBoolean() || epoch.get() != startedAtEpoch) {
            return;
        }
        if (values.size() >= maxSize) {
            evictExpired();
        }
        if (values.size() < maxSize) {
            values.put(key, new Timed<>(value, System.nanoTime() + ttl.toNanos()));
        }
    }

    public void invalidate(String key) {
        epoch.incrementAndGet();
        values.remove(key);
    }

    public void invalidateAll() {
        epoch.incrementAndGet();
        values.clear();
    }

    public int size() {
        return values.size();
    }

    private void evictExpired() {
        long now = System.nanoTime();
        values.entrySet().removeIf(e -> e.getValue().expiresAtNanos() - now <= 0);
    }
}
