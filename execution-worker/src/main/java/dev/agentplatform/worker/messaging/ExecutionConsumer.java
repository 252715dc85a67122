package dev.agentplatform.worker.messaging;

import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.ExecutionCompleted;
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
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
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
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private volatile Cancellable subscription;

    public ExecutionConsumer(@Channel(Channels.EXECUTIONS_IN) Multi<Message<byte[]>> records, ExecutionService executions,
            AgentRegistry agents, MetricsPublisher metrics, DoneMarkers done, JobMarkers markers, RunningJobs running,
            ExecutionMetrics meters, WorkerConfig config, RunTracing tracing) {
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
        return Uni.createFrom().deferred(() -> consume(message))
                .onTermination().invoke(inFlight::decrementAndGet)
                .onFailure().recoverWithUni(failure -> nack(message, failure));
    }

    private Uni<Void> consume(Message<byte[]> message) {
        ConsumerRecord<?, byte[]> record = recordOf(message);
        PlatformEvent event;
        try {
            event = CloudEventRecords.decode(record);
        } catch (EventDecodingException e) {
            return nack(message, e);
        }
        if (!(event instanceof ExecutionRequested job)) {
            LOG.debugf("ignoring %s on %s", event.type(), record.topic());
            return ack(message);
        }
        String traceParent = CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TRACEPARENT)
                .orElse(job.traceParent());
        Span run = tracing.start(job, traceParent);
        return process(RunTracing.continuedBy(job, run), run)
                .onItemOrFailure().invoke((ok, failure) -> tracing.end(run, failure))
                .chain(() -> ack(message));
    }

    private Uni<Void> process(ExecutionRequested job, Span run) {
        Optional<Agent> agent = agents.find(job.agentId());
        // Claimed before the Redis read: a cancel that lands after the read still finds the token.
        Optional<CancelToken> claim = running.claim(job.jobId());
        if (claim.isEmpty()) {
            CancelToken holder = running.holder(job.jobId());
            Uni<Void> released = holder == null ? Uni.createFrom().voidItem() : holder.whenReleased();
            return released.chain(() -> process(job, run));
        }
        CancelToken token = claim.get();
        return Steps.retried(markers.lookup(job.tenantId(), job.jobId()))
                .chain(state -> {
                    if (state.done()) {
                        JobLog.log(job.tenantId(), job.jobId(), job.traceParent(), () -> LOG.infof(
                                "job %s of tenant %s already completed; not running it again", job.jobId(), job.tenantId()));
                        return Uni.createFrom().voidItem();
                    }
                    if (state.pendingCompletion().isPresent()) {
                        JobLog.log(job.tenantId(), job.jobId(), job.traceParent(), () -> LOG.infof(
                                "job %s of tenant %s: republishing its pending completion", job.jobId(), job.tenantId()));
                        return publish(job, state.pendingCompletion().get(), run);
                    }
                    if (agent.isEmpty()) {
                        return complete(job, executions.unknownAgent(job), run)
                                .chain(() -> Uni.createFrom().failure(new UnknownAgentException(job.agentId())));
                    }
                    return state.cancelReason().isPresent()
                            ? complete(job, executions.cancelledWhileQueued(job, state.cancelReason().get()), run)
                            : run(job, agent.get(), token, run);
                })
                .onTermination().invoke(() -> running.unregister(job.jobId(), token));
    }

    private Uni<Void> run(ExecutionRequested job, Agent agent, CancelToken token, Span run) {
        meters.started(job.tenantId(), job.agentId());
        return executions.run(job, agent, token)
                .chain(completed -> complete(job, completed, run))
                .onTermination().invoke(() -> meters.finished(job.tenantId(), job.agentId()));
    }

    /** Remembers the completion, publishes it, then marks the job done: see {@link DoneMarkers}. */
    private Uni<Void> complete(ExecutionRequested job, ExecutionCompleted completed, Span run) {
        byte[] json = EventCodec.encode(completed);
        return Steps.retried(done.markPending(completed, json)).chain(() -> publish(job, completed, json, run));
    }

    private Uni<Void> publish(ExecutionRequested job, ExecutionCompleted completed, Span run) {
        return publish(job, completed, EventCodec.encode(completed), run);
    }

    /** Publishes the completion ({@code json}: its encoding, the same bytes as the pending marker's). */
    private Uni<Void> publish(ExecutionRequested job, ExecutionCompleted completed, byte[] json, Span run) {
        tracing.completed(run, completed);
        return Steps.retried(metrics.publish(completed, json))
                .chain(() -> Steps.retried(done.markDone(job.tenantId(), job.jobId(), completed.id())))
                .invoke(() -> {
                    meters.completed(completed);
                    JobLog.log(job.tenantId(), job.jobId(), job.traceParent(), () -> LOG.debugf("job %s of tenant %s: %s in %d ms (attempt %d)",
                            job.jobId(), job.tenantId(), completed.status(), completed.durationMs(), completed.attempt()));
                });
    }

    private static Uni<Void> ack(Message<byte[]> message) {
        return Uni.createFrom().completionStage(message::ack);
    }

    /** Rejects a record: the channel's dead-letter strategy sends it on with the failure as reason. */
    private static Uni<Void> nack(Message<byte[]> message, Throwable failure) {
        LOG.warnf("rejecting record to the dead-letter topic: %s", failure.getMessage());
        return Uni.createFrom().completionStage(() -> message.nack(failure));
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
}
