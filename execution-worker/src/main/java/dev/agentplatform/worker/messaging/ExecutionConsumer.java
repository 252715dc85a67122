package dev.agentplatform.worker.messaging;

import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.worker.Channels;
import dev.agentplatform.worker.agent.Agent;
import dev.agentplatform.worker.agent.AgentRegistry;
import dev.agentplatform.worker.config.WorkerConfig;
import dev.agentplatform.worker.service.CancelToken;
import dev.agentplatform.worker.service.DoneMarkers;
import dev.agentplatform.worker.service.ExecutionMetrics;
import dev.agentplatform.worker.service.ExecutionService;
import dev.agentplatform.worker.service.JobMarkers;
import dev.agentplatform.worker.service.RunTracing;
import dev.agentplatform.worker.service.RunningJobs;
import dev.agentplatform.worker.service.Steps;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.jboss.logging.Logger;

/**
 * Consumes admitted jobs at least once, up to {@code worker.max-concurrency} at a time. Records of
 * one partition may finish out of order; the connector's throttled commit strategy commits a
 * partition only up to its oldest unfinished record, so only finished work is ever committed.
 * A record is acknowledged after its completion is acknowledged by Kafka and remembered in Redis.
 * Records that are not valid jobs, and jobs naming an unknown agent, are rejected to the dead-letter
 * topic (the latter after a FAILED completion, so the gateway frees the job's lease).
 */
@ApplicationScoped
public class ExecutionConsumer {

    private static final Logger LOG = Logger.getLogger(ExecutionConsumer.class);

    private final Multi<Message<byte[]>> records;
    private final ExecutionService executions;
    private final AgentRegistry agents;
    private final MetricsPublisher metrics;
    private final DoneMarkers done;
    private final JobMarkers markers;
    private final RunningJobs running;
    private final ExecutionMetrics meters;
    private final WorkerConfig config;
    private final RunTracing tracing;
    private final ContextInternal fallback;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private volatile Cancellable subscription;

    public ExecutionConsumer(@Channel(Channels.EXECUTIONS_IN) Multi<Message<byte[]>> records, ExecutionService executions,
            AgentRegistry agents, MetricsPublisher metrics, DoneMarkers done, JobMarkers markers, RunningJobs running,
            ExecutionMetrics meters, WorkerConfig config, RunTracing tracing, Vertx vertx) {
        this.fallback = ((VertxInternal) vertx).createEventLoopContext();
        this.tracing = tracing;
        this.records = records;
        this.executions = executions;
        this.agents = agents;
        this.metrics = metrics;
        this.done = done;
        this.markers = markers;
        this.running = running;
        this.meters = meters;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        subscription = records.onItem().transformToUni(this::handle).merge(config.maxConcurrency())
                .subscribe().with(ignored -> { }, failure -> LOG.error("job stream failed", failure));
    }

    /**
     * Stops taking work and lets in-flight jobs finish, up to {@code worker.shutdown-grace}, before
     * the connector commits and closes. Records that arrive meanwhile stay unacknowledged, so they
     * are not committed and another worker (or this one, restarted) gets them.
     */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        draining = true;
        long until = System.nanoTime() + config.shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            sleep(Duration.ofMillis(50));
        }
        if (inFlight.get() == 0) {
            LOG.info("shutdown: every in-flight job finished");
        } else {
            LOG.warnf("shutdown: %d job(s) still running after the grace period; they will be redelivered", inFlight.get());
        }
        Cancellable current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    /** Jobs being processed right now. */
    public int inFlight() {
        return inFlight.get();
    }

    private Uni<Void> handle(Message<byte[]> message) {
        if (draining) {
            return Uni.createFrom().voidItem();
        }
        inFlight.incrementAndGet();
        return Uni.createFrom().emitter(emitter -> {
            Job job = new Job(message, emitter, jobContext());
            emitter.onTermination(job::terminated);
            job.start();
        });
    }

    /** The context a job continues on: the record's own (a duplicated event-loop context), else a fresh one. */
    private ContextInternal jobContext() {
        Context current = Vertx.currentContext();
        if (current instanceof ContextInternal internal && internal.isEventLoopContext()) {
            return internal;
        }
        return fallback.duplicate();
    }

    /**
     * One record, from decoding to its acknowledgement, written as callbacks rather than Mutiny
     * operators: a job used to go through about 35 of them, each capturing and restoring the context
     * (trace context, MDC) on the way, which cost more than the job's own work. The steps are those
     * of before, in the same order, each awaited before the next and each continuing on the record's
     * context: claim the job, read its markers, then either acknowledge it (done), republish its
     * pending completion, or run it; then remember the completion as pending, publish it, mark the
     * job done (see {@link DoneMarkers}); then release the claim, end the run span and acknowledge
     * the record. Any failure on the way releases the claim, ends the span with the failure and
     * sends the record to the dead-letter topic; a cancelled subscription (shutdown) abandons the job
     * where it stands, unacknowledged.
     */
    private final class Job {

        private final Message<byte[]> message;
        private final UniEmitter<? super Void> emitter;
        private final ContextInternal context;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean abandoned;
        private ExecutionRequested job;
        private Span run;
        private Agent agent;
        private CancelToken token;
        private volatile boolean metered;
        private volatile ExecutionMetrics.Meters jobMeters;
        private volatile Cancellable execution;

        Job(Message<byte[]> message, UniEmitter<? super Void> emitter, ContextInternal context) {
            this.message = message;
            this.emitter = emitter;
            this.context = context;
        }

        boolean abandoned() {
            return abandoned;
        }

        void start() {
            try {
                ConsumerRecord<?, byte[]> record = recordOf(message);
                PlatformEvent event;
                try {
                    event = CloudEventRecords.decode(record);
                } catch (EventDecodingException e) {
                    reject(e);
                    return;
                }
                if (!(event instanceof ExecutionRequested requested)) {
                    LOG.debugf("ignoring %s on %s", event.type(), record.topic());
                    acknowledge();
                    return;
                }
                String traceParent = CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TRACEPARENT)
                        .orElse(requested.traceParent());
                run = tracing.start(requested, traceParent);
                job = RunTracing.continuedBy(requested, run);
                agent = agents.find(job.agentId()).orElse(null);
                claim();
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void claim() {
            // Claimed before the Redis read: a cancel that lands after the read still finds the token.
            Optional<CancelToken> claim = running.claim(job.jobId());
            if (claim.isEmpty()) {
                CancelToken holder = running.holder(job.jobId());
                if (holder == null) {
                    claim();
                } else {
                    holder.onRelease(() -> context.emit(null, ignored -> guarded(this::claim)));
                }
                return;
            }
            token = claim.get();
            Steps.<JobMarkers.State>retried(cb -> markers.lookup(job.tenantId(), job.jobId(), cb), context, this::abandoned,
                    state -> guarded(() -> looked(state)));
        }

        private void looked(JobMarkers.State state) {
            if (state.done()) {
                JobLog.log(job.tenantId(), job.jobId(), job.traceParent(), () -> LOG.infof(
                        "job %s of tenant %s already completed; not running it again", job.jobId(), job.tenantId()));
                processed(null);
            } else if (state.pendingCompletion().isPresent()) {
                JobLog.log(job.tenantId(), job.jobId(), job.traceParent(), () -> LOG.infof(
                        "job %s of tenant %s: republishing its pending completion", job.jobId(), job.tenantId()));
                ExecutionCompleted pending = state.pendingCompletion().get();
                publish(pending, EventCodec.encode(pending), () -> processed(null));
            } else if (agent == null) {
                complete(executions.unknownAgent(job), () -> processed(new UnknownAgentException(job.agentId())));
            } else if (state.cancelReason().isPresent()) {
                complete(executions.cancelledWhileQueued(job, state.cancelReason().get()), () -> processed(null));
            } else {
                meters().started();
                metered = true;
                execution = executions.run(job, agent, token, context, (completed, failure) -> {
                    execution = null;
                    if (failure != null) {
                        fail(failure);
                    } else {
                        guarded(() -> complete(completed, () -> processed(null)));
                    }
                });
            }
        }

        /** Remembers the completion, publishes it, then marks the job done: see {@link DoneMarkers}. */
        private void complete(ExecutionCompleted result, Runnable then) {
            ExecutionCompleted completed = result;
            byte[] encoded = EventCodec.encode(result);
            if (encoded.length > config.maxCompletionBytes()) {
                completed = withoutOutput(result, encoded.length, config.maxCompletionBytes());
                encoded = EventCodec.encode(completed);
            }
            ExecutionCompleted publishing = completed;
            byte[] json = encoded;
            Steps.retried(cb -> done.markPending(publishing, json, cb), context,
                    this::abandoned, ignored -> guarded(() -> publish(publishing, json, then)));
        }

        /** Publishes the completion ({@code json}: its encoding, the same bytes as the pending marker's), then marks the job done. */
        private void publish(ExecutionCompleted completed, byte[] json, Runnable then) {
            tracing.completed(run, completed);
            Steps.retried(cb -> metrics.send(completed, json, context, cb), context, this::abandoned,
                    published -> guarded(() -> Steps.retried(
                            cb -> done.markDone(job.tenantId(), job.jobId(), completed.id(), cb),
                            context, this::abandoned, marked -> guarded(() -> {
                                meters().completed(completed);
                                if (LOG.isDebugEnabled()) {
                                    JobLog.log(job.tenantId(), job.jobId(), job.traceParent(), () -> LOG.debugf(
                                            "job %s of tenant %s: %s in %d ms (attempt %d)", job.jobId(), job.tenantId(),
                                            completed.status(), completed.durationMs(), completed.attempt()));
                                }
                                then.run();
                            }))));
        }

        /** The job's work is over: release it, end its span, then acknowledge the record (or reject it on {@code failure}). */
        private void processed(Throwable failure) {
            if (abandoned) {
                return;
            }
            abandoned = true;
            release();
            tracing.end(run, failure);
            if (failure == null) {
                acknowledge();
            } else {
                reject(failure);
            }
        }

        private void fail(Throwable failure) {
            if (run == null) {
                reject(failure);
            } else {
                processed(failure);
            }
        }

        private void guarded(Runnable step) {
            if (abandoned) {
                return;
            }
            try {
                step.run();
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /** The job's tenant/agent meters, looked up once per job. */
        private ExecutionMetrics.Meters meters() {
            ExecutionMetrics.Meters current = jobMeters;
            if (current == null) {
                current = meters.of(job.tenantId(), job.agentId());
                jobMeters = current;
            }
            return current;
        }

        /** Releases the claim and the meters (once), whether the job finished or was abandoned. */
        private void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            if (metered) {
                meters().finished();
            }
            if (token != null) {
                running.unregister(job.jobId(), token);
            }
        }

        private void acknowledge() {
            message.ack().whenComplete((ignored, failure) -> {
                if (failure == null) {
                    emitter.complete(null);
                } else {
                    reject(failure);
                }
            });
        }

        /** Rejects the record: the channel's dead-letter strategy sends it on with the failure as reason. */
        private void reject(Throwable failure) {
            abandoned = true;
            LOG.warnf("rejecting record to the dead-letter topic: %s", failure.getMessage());
            message.nack(failure).whenComplete((ignored, nackFailure) -> {
                if (nackFailure == null) {
                    emitter.complete(null);
                } else {
                    emitter.fail(nackFailure);
                }
            });
        }

        /** The record's Uni ended: completed, failed, or cancelled (shutdown), in which case the job is given up. */
        void terminated() {
            inFlight.decrementAndGet();
            if (!abandoned) {
                abandoned = true;
                Cancellable current = execution;
                if (current != null) {
                    current.cancel();
                }
            }
            if (job != null) {
                release();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<?, byte[]> recordOf(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<?, byte[]>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A job naming an agent this worker does not run. */
    static final class UnknownAgentException extends RuntimeException {
        UnknownAgentException(String agentId) {
            super("UnknownAgent: no agent with id " + agentId, null, false, false);
        }
    }

    /** A completion too large to publish, as a FAILED one without its output (everything else kept). */
    static ExecutionCompleted withoutOutput(ExecutionCompleted c, int bytes, int max) {
        return new ExecutionCompleted(c.id(), c.tenantId(), c.occurredAt(), c.traceParent(), c.jobId(), c.agentId(),
                c.workerId(), ExecutionStatus.FAILED, c.startedAt(), c.durationMs(), null, "OutputTooLarge",
                "the completion with the agent's output (" + c.status() + ") has " + bytes
                        + " bytes encoded; at most " + max + " can be published (worker.max-completion-bytes)",
                c.attempt(), c.resources(), c.contextDegraded());
    }
}
