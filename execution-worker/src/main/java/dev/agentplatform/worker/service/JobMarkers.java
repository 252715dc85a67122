package dev.agentplatform.worker.service;

import dev.agentplatform.events.ExecutionCompleted;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Reads a job's done marker and cancel marker in one round trip (both keys share the tenant's hash
 * tag, so this works on Redis Cluster too).
 */
@ApplicationScoped
public class JobMarkers {

    /**
     * What Redis knows about a job before it runs: finished, or its completion is pending
     * publication (a crash after it was computed), or a cancel request waits for it.
     */
    public record State(boolean done, Optional<ExecutionCompleted> pendingCompletion, Optional<String> cancelReason) {
    }

    private final ReactiveRedisDataSource redis;

    public JobMarkers(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<State> lookup(String tenantId, String jobId) {
        String done = DoneMarkers.key(tenantId, jobId);
        String cancel = CancelMarkers.key(tenantId, jobId);
        return redis.value(String.class).mget(done, cancel)
                .map(values -> {
                    String marker = values.get(done);
                    ExecutionCompleted pending = DoneMarkers.pendingCompletion(marker);
                    return new State(marker != null && pending == null, Optional.ofNullable(pending),
                            Optional.ofNullable(values.get(cancel)));
                });
    }
}
