package dev.agentplatform.worker.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Sends the per-job Redis commands of all jobs in flight as pipelined batches: a command is queued,
 * and the queue is flushed as one {@code batch} (one connection lease, one write, one read of all
 * replies) on the next turn of the caller's event loop. Jobs that reach a Redis step in the same turn,
 * typically the jobs of one poll or the jobs whose previous replies arrived in the same read, share
 * a round trip. Each command still completes on its own; nothing waits for a batch to fill, so a
 * lone command costs one event-loop turn more than before. The batch is flushed on the caller's
 * event loop (its root context), and each reply is handed back on the caller's own (duplicated)
 * context, as the Redis client itself would, so per-job context data (trace context) stays with
 * its job.
 *
 * <p>Semantics are those of sending each command alone: a batch is a pipeline, not a transaction
 * (commands of different jobs are independent and a job never has two commands in flight at once,
 * so their relative order does not matter). If a batch fails as a whole, each of its commands is
 * sent again alone, so one failing command fails only its own job's step (which
 * {@link Steps#retried} then retries), never its neighbours'.
 *
 * <p>Replies are handed to a callback rather than through a {@link io.smallrye.mutiny.Uni}: the
 * job pipeline that uses this is written with callbacks (see {@code ExecutionConsumer}).
 *
 * <p>The Redis client reports a batch as one operation, so these commands no longer produce a Redis
 * client span each; the job's {@code agent run} span covers them.
 */
@ApplicationScoped
public class RedisPipeline {

    /** Upper bound of commands per batch; more queued commands go out in further batches at once. */
    static final int MAX_BATCH = 512;

    private final Redis redis;
    private final ContextInternal fallback;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    public RedisPipeline(ReactiveRedisDataSource redis, Vertx vertx) {
        this.redis = redis.getRedis().getDelegate();
        this.fallback = ((VertxInternal) vertx).createEventLoopContext();
    }

    /**
     * Sends {@code request} with the next batch; {@code done} receives the reply, or the failure of
     * this command, on the caller's context (the caller's thread's, when it has no event-loop context).
     */
    public void send(Request request, BiConsumer<? super Response, Throwable> done) {
        Context current = Vertx.currentContext();
        ContextInternal caller = current instanceof ContextInternal internal && internal.isEventLoopContext() ? internal : null;
        queue.add(new Queued(request, done, caller));
        if (flushScheduled.compareAndSet(false, true)) {
            (caller != null ? caller.unwrap() : fallback).runOnContext(ignored -> flush());
        }
    }

    private void flush() {
        flushScheduled.set(false);
        Queued next;
        List<Queued> batch = new ArrayList<>();
        while ((next = queue.poll()) != null) {
            batch.add(next);
            if (batch.size() == MAX_BATCH) {
                send(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private void send(List<Queued> batch) {
        List<Request> requests = new ArrayList<>(batch.size());
        for (Queued queued : batch) {
            requests.add(queued.request());
        }
        redis.batch(requests).onComplete(result -> {
            if (result.succeeded()) {
                List<Response> replies = result.result();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).succeed(replies.get(i));
                }
            } else {
                batch.forEach(this::sendAlone);
            }
        });
    }

    private void sendAlone(Queued queued) {
        redis.send(queued.request()).onComplete(result -> {
            if (result.succeeded()) {
                queued.succeed(result.result());
            } else {
                queued.fail(result.cause());
            }
        });
    }

    /** A command waiting for its batch, with the context (if any) its reply is handed back on. */
    private record Queued(Request request, BiConsumer<? super Response, Throwable> done, ContextInternal context) {

        void succeed(Response reply) {
            if (context == null) {
                done.accept(reply, null);
            } else {
                context.emit(reply, r -> done.accept(r, null));
            }
        }

        void fail(Throwable failure) {
            if (context == null) {
                done.accept(null, failure);
            } else {
                context.emit(failure, f -> done.accept(null, f));
            }
        }
    }
}
