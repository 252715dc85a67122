package dev.agentplatform.worker.service;

import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventTypes;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.worker.config.WorkerConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Remembers which jobs already had their completion published, so a redelivered record is
 * acknowledged without running the job again. Before the completion is published the marker holds
 * the completion itself ({@code pending:} + JSON); once Kafka acknowledged it, the completion's id.
 * A crash in between leaves the pending completion, which the redelivery republishes unchanged
 * (same event id, so consumers deduplicate it) instead of running the job again.
 *
 * <p>Both writes go through the {@link RedisPipeline}, batched with other jobs' commands; for one
 * job they stay two separate, ordered writes (the done marker is only written after Kafka
 * acknowledged the completion, which itself is only sent after the pending write was
 * acknowledged), so the argument above holds unchanged.
 */
@ApplicationScoped
public class DoneMarkers {

    static final String PENDING = "pending:";

    private static final byte[] PENDING_BYTES = PENDING.getBytes(StandardCharsets.UTF_8);

    private final RedisPipeline redis;
    private final WorkerConfig config;

    public DoneMarkers(RedisPipeline redis, WorkerConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /**
     * Stores the completion ({@code json}: its {@link EventCodec} encoding) as the job's pending
     * marker; {@code done} receives null or the failure, on the caller's context.
     */
    public void markPending(ExecutionCompleted completed, byte[] json, BiConsumer<Object, Throwable> done) {
        Buffer value = Buffer.buffer(PENDING_BYTES.length + json.length).appendBytes(PENDING_BYTES).appendBytes(json);
        set(key(completed.tenantId(), completed.jobId()), value, done);
    }

    /** Marks the job done with its completion's id; {@code done} receives null or the failure, on the caller's context. */
    public void markDone(String tenantId, String jobId, String completionId, BiConsumer<Object, Throwable> done) {
        set(key(tenantId, jobId), Buffer.buffer(completionId), done);
    }

    private void set(String key, Buffer value, BiConsumer<Object, Throwable> done) {
        redis.send(Request.cmd(Command.SET).arg(key).arg(value).arg("EX").arg(config.doneMarkerTtl().toSeconds()),
                (reply, failure) -> done.accept(null, failure));
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
