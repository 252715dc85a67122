package dev.agentplatform.context.cache;

import dev.agentplatform.context.config.ContextConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The replica's caches and their invalidation across replicas: a write publishes the cache key it
 * changed on a Redis channel, and every replica (this one included) drops that key from all its
 * caches when the message arrives. The writer also drops it locally before answering, so its own
 * next read never sees the old value.
 */
@ApplicationScoped
public class Invalidations {

    private final ReactiveRedisDataSource redis;
    private final ContextConfig config;
    private final Vertx vertx;
    private final String redisUrl;
    private final List<TtlCache<?>> caches = new CopyOnWriteArrayList<>();
    private volatile InvalidationListener listener;

    public Invalidations(ReactiveRedisDataSource redis, ContextConfig config, Vertx vertx,
            @ConfigProperty(name = "quarkus.redis.hosts") String redisUrl) {
        this.redis = redis;
        this.config = config;
        this.vertx = vertx;
        this.redisUrl = redisUrl.split(",")[0].trim();
    }

    void start(@Observes StartupEvent started) {
        listener = new InvalidationListener(vertx, redisUrl, config.invalidation().channel(),
                config.invalidation().reconnectDelay(), this::invalidateLocally, this::invalidateAllLocally).start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (listener != null) {
            listener.close();
        }
    }

    /** A cache that is bypassed while this replica cannot hear invalidations. */
    public <V> TtlCache<V> cache(String name, Duration ttl, int maxSize) {
        TtlCache<V> cache = new TtlCache<>(name, ttl, maxSize, this::subscribed);
        caches.add(cache);
        return cache;
    }

    public boolean subscribed() {
        InvalidationListener current = listener;
        return current != null && current.subscribed();
    }

    /** Drops the key here, then tells every replica; completes once Redis accepted the message. */
    public Uni<Void> publish(String cacheKey) {
        invalidateLocally(cacheKey);
        return redis.pubsub(String.class).publish(config.invalidation().channel(), cacheKey);
    }

    void invalidateLocally(String cacheKey) {
        caches.forEach(cache -> cache.invalidate(cacheKey));
    }

    void invalidateAllLocally() {
        caches.forEach(TtlCache::invalidateAll);
    }
}
