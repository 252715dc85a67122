package dev.agentplatform.worker.service;

import dev.agentplatform.worker.config.WorkerConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Remembers cancel requests in Redis for {@code worker.cancel-ttl}, so a job whose cancel arrives
 * before the job itself (or while no worker holds it) completes CANCELLED without running.
 */
@ApplicationScoped
public class CancelMarkers {

    private final ReactiveRedisDataSource redis;
    private final WorkerConfig config;

    public CancelMarkers(ReactiveRedisDataSource redis, WorkerConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Void> remember(String tenantId, String jobId, String reason) {
        return redis.value(String.class).set(key(tenantId, jobId), reason == null ? "" : reason,
                new SetArgs().ex(config.cancelTtl()));
    }

    /** The reason of the job's cancel request, empty when there was none. */
    public Uni<Optional<String>> find(String tenantId, String jobId) {
        return redis.value(String.class).get(key(tenantId, jobId)).map(Optional::ofNullable);
    }

    static String key(String tenantId, String jobId) {
        return "worker:{" + tenantId + "}:cancel:" + jobId;
    }
}
