package dev.agentplatform.worker.service;

import dev.agentplatform.events.ExecutionCompleted;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Reads a job's done marker and cancel marker in one round trip (both keys share the tenant's hash
 * tag, so this works on Redis Cluster too), batched with other jobs' commands by the {@link RedisPipeline}.
 */
@ApplicationScoped
public class JobMarkers {

    /**
     * What Redis knows about a job before it runs: finished, or its completion is pending
     * publication (a crash after it was computed), or a cancel request waits for it.
     */
    public record State(boolean done, Optional<ExecutionCompleted> pendingCompletion, Optional<String> cancelReason) {
    }

    private final RedisPipeline redis;

    public JobMarkers(RedisPipeline redis) {
        this.redis = redis;
    }

    /** Reads the job's markers; {@code done} receives its state, or the failure, on the caller's context. */
    public void lookup(String tenantId, String jobId, BiConsumer<? super State, Throwable> done) {
        String doneKey = DoneMarkers.key(tenantId, jobId);
        String cancel = CancelMarkers.key(tenantId, jobId);
        redis.send(Request.cmd(Command.MGET).arg(doneKey).arg(cancel), (values, failure) -> {
            if (failure != null) {
                done.accept(null, failure);
                return;
            }
            State state;
            try {
                String marker = string(values, 0);
                ExecutionCompleted pending = DoneMarkers.pendingCompletion(marker);
                state = new State(marker != null && pending == null, Optional.ofNullable(pending),
                        Optional.ofNullable(string(values, 1)));
            } catch (RuntimeException e) {
                done.accept(null, e);
                return;
            }
            done.accept(state, null);
        });
    }

    private static String string(Response values, int index) {
        Response value = values == null ? null : values.get(index);
        return value == null ? null : value.toString();
    }
}
