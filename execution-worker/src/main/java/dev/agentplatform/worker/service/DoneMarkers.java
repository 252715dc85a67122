package dev.agentplatform.worker.service;

import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventTypes;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.worker.config.WorkerConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * Remembers which jobs already had their completion published, so a redelivered record is
 * acknowledged without running the job again. Before the completion is published the marker holds
 * the completion itself ({@code pending:} + JSON); once Kafka acknowledged it, the completion's id.
 * A crash in between leaves the pending completion, which the redelivery republishes unchanged
 * (same event id, so consumers deduplicate it) instead of running the job again.
 */
@ApplicationScoped
public class DoneMarkers {

    static final String PENDING = "pending:";

    private final ReactiveRedisDataSource redis;
    private final WorkerConfig config;

    public DoneMarkers(ReactiveRedisDataSource redis, WorkerConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Void> markPending(ExecutionCompleted completed) {
        String json = new String(EventCodec.encode(completed), StandardCharsets.UTF_8);
        return redis.value(String.class).set(key(completed.tenantId(), completed.jobId()), PENDING + json,
                new SetArgs().ex(config.doneMarkerTtl()));
    }

    public Uni<Void> markDone(String tenantId, String jobId, String completionId) {
        return redis.value(String.class)
                .set(key(tenantId, jobId), completionId, new SetArgs().ex(config.doneMarkerTtl()));
    }

    /** The completion a marker value holds while it is pending, or null for a finished marker. */
    static ExecutionCompleted pendingCompletion(String value) {
        if (value == null || !value.startsWith(PENDING)) {
            return null;
        }
        return (ExecutionCompleted) EventCodec.decode(EventTypes.EXECUTION_COMPLETED,
                value.substring(PENDING.length()).getBytes(StandardCharsets.UTF_8));
    }

    public static String key(String tenantId, String jobId) {
        return "worker:{" + tenantId + "}:done:" + jobId;
    }
}
