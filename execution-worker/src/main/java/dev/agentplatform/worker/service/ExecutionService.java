package dev.agentplatform.worker.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.common.problem.Timeouts;
import dev.agentplatform.common.tracing.TraceParents;
import dev.agentplatform.common.tracing.Traced;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.worker.agent.Agent;
import dev.agentplatform.worker.agent.AgentContext;
import dev.agentplatform.worker.agent.AgentFailure;
import dev.agentplatform.worker.agent.AgentRun;
import dev.agentplatform.worker.agent.RunMeter;
import dev.agentplatform.worker.client.ContextClient;
import dev.agentplatform.worker.config.WorkerConfig;
import dev.agentplatform.worker.messaging.MetricsPublisher;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.impl.ContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Runs one job: publish its start, resolve its context, validate its input, run its agent within
 * its deadline, which bounds all attempts together (retrying transient failures with exponential backoff, each attempt announced by
 * its own start event), and describe the outcome as a completion. Agent failures, timeouts and
 * cancellation become FAILED, TIMED_OUT and CANCELLED completions, never exceptions, so every
 * job that starts also completes.
 */
@ApplicationScoped
public class ExecutionService {

    private final ContextClient context;
    private final InputValidator validator;
    private final MetricsPublisher metrics;
    private final WorkerIdentity identity;
    private final WorkerConfig.Retry retry;

    public ExecutionService(ContextClient context, InputValidator validator, MetricsPublisher metrics,
            WorkerIdentity identity, WorkerConfig config) {
        this.context = context;
        this.validator = validator;
        this.metrics = metrics;
        this.identity = identity;
        this.retry = config.retry();
    }

    /**
     * Runs the job; {@code done} receives its completion (or, should anything but the agent fail,
     * the failure) on {@code context}, the job's own. Written with callbacks rather than Mutiny
     * operators (each of which captured and restored the context at every step of every job); the
     * agent itself still answers with a {@link Uni}. The answer is a handle that gives the run up
     * (stops the agent's current attempt and everything after it) when the job is abandoned.
     */
    public Cancellable run(ExecutionRequested job, Agent agent, CancelToken cancel, ContextInternal context,
            BiConsumer<ExecutionCompleted, Throwable> done) {
        Run run = new Run(job, agent, cancel, context, done, new Outcome(job, identity.id(), Instant.now(), new RunMeter()));
        run.start();
        return run;
    }

    /** One job's run, step by step; every step after the first continues on the job's context. */
    private final class Run implements Cancellable {

        private final ExecutionRequested job;
        private final Agent agent;
        private final CancelToken cancel;
        private final ContextInternal jobContext;
        private final BiConsumer<ExecutionCompleted, Throwable> done;
        private final Duration deadline;
        private Outcome outcome;
        private AgentContext agentContext;
        private volatile boolean abandoned;
        private volatile Cancellable current;

        Run(ExecutionRequested job, Agent agent, CancelToken cancel, ContextInternal context,
                BiConsumer<ExecutionCompleted, Throwable> done, Outcome outcome) {
            this.job = job;
            this.agent = agent;
            this.cancel = cancel;
            this.jobContext = context;
            this.done = done;
            this.outcome = outcome;
            this.deadline = Duration.ofSeconds(job.maxExecutionSeconds());
        }

        @Override
        public void cancel() {
            abandoned = true;
            Cancellable attempt = current;
            if (attempt != null) {
                attempt.cancel();
            }
        }

        boolean abandoned() {
            return abandoned;
        }

        void start() {
            Steps.retried(d -> metrics.send(started(job, job.attempt()), jobContext, d), jobContext, this::abandoned,
                    ignored -> guarded(this::resolve));
        }

        /**
         * Jobs without context keys skip the remote call (and its fault-tolerance bookkeeping). The call
         * is made in the job's trace (its traceparent is the run span's), which the REST client passes on.
         */
        private void resolve() {
            if (job.contextKeys().isEmpty()) {
                prepared(AgentContext.empty());
                return;
            }
            current = Traced.within(TraceParents.parent(job.traceParent()),
                    () -> ExecutionService.this.context.resolve(job.tenantId(), job.contextKeys(), job.contextScope()))
                    .subscribe().with(
                            resolved -> jobContext.emit(resolved, ctx -> guarded(() -> prepared(ctx))),
                            failure -> jobContext.emit(failure, f -> finish(null, f)));
        }

        private void prepared(AgentContext ctx) {
            if (abandoned) {
                return;
            }
            agentContext = ctx;
            outcome = outcome.degraded(ctx.degraded());
            if (ctx.degraded() && job.requiresContext()) {
                finish(outcome.failed(job.attempt(), ExecutionStatus.FAILED, "ContextUnavailable",
                        "the tenant's policy requires context and context-service could not provide it"), null);
                return;
            }
            List<String> violations = outcome.meter().measure(() -> validator.violations(agent, job.input()));
            if (!violations.isEmpty()) {
                finish(outcome.failed(job.attempt(), ExecutionStatus.FAILED, "InvalidInput", String.join("; ", violations)), null);
                return;
            }
            attempt(job.attempt());
        }

        private void attempt(int attempt) {
            if (abandoned) {
                return;
            }
            // One deadline for the whole job, retries included: the gateway's lease is sized by it.
            Duration remaining = deadline.minus(Duration.between(outcome.startedAt(), Instant.now()));
            if (remaining.isNegative() || remaining.isZero()) {
                finish(outcome.failedWith(attempt, new DeadlineExceeded(), deadline), null);
                return;
            }
            new Attempt(this, attempt, new AgentRun(job.tenantId(), job.jobId(), attempt, job.input(), agentContext,
                    outcome.meter())).start(remaining);
        }

        /** The attempt's answer, on the job's context: a success completes the job, a failure may be retried. */
        void answered(int attempt, JsonNode output, Throwable failure) {
            current = null;
            if (abandoned) {
                return;
            }
            if (failure == null) {
                finish(outcome.succeeded(attempt, output), null);
            } else {
                afterFailure(attempt, failure);
            }
        }

        private void afterFailure(int attempt, Throwable failure) {
            boolean retryable = failure instanceof AgentFailure f && f.isTransient() && !cancel.isCancelled()
                    && attempt - job.attempt() + 1 < retry.maxAttempts();
            if (!retryable) {
                finish(outcome.failedWith(attempt, failure, deadline), null);
                return;
            }
            int next = attempt + 1;
            // The backoff or a cancel request, whichever comes first.
            AtomicBoolean settled = new AtomicBoolean();
            ScheduledFuture<?> timer = Timeouts.schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    jobContext.emit(null, ignored -> guarded(() -> Steps.retried(d -> metrics.send(started(job, next), jobContext, d),
                            jobContext, this::abandoned, published -> guarded(() -> attempt(next)))));
                }
            }, backoff(attempt - job.attempt()));
            cancel.onCancel(reason -> {
                if (settled.compareAndSet(false, true)) {
                    timer.cancel(false);
                    jobContext.emit(reason, r -> guarded(() -> finish(outcome.failedWith(attempt, new CancelToken.Cancelled(r), deadline), null)));
                }
            });
        }

        private void guarded(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                finish(null, e);
            }
        }

        private void finish(ExecutionCompleted completed, Throwable failure) {
            if (!abandoned) {
                abandoned = true;
                done.accept(completed, failure);
            }
        }
    }

    /**
     * One attempt of the agent, racing its deadline and the job's cancel request: the first of the
     * three settles the attempt (a deadline or cancel stops the agent's work), and the answer goes
     * back to the job's context. An agent that answers while it is subscribed to (echo, say) needs
     * neither timer nor cancel hook; its answer still counts as timed out if it came after the
     * deadline.
     */
    private static final class Attempt {

        private final Run owner;
        private final int number;
        private final AgentRun run;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile boolean subscribing;
        private volatile ScheduledFuture<?> deadline;
        private volatile Cancellable subscription;
        private JsonNode output;
        private Throwable failure;

        Attempt(Run owner, int number, AgentRun run) {
            this.owner = owner;
            this.number = number;
            this.run = run;
        }

        void start(Duration remaining) {
            owner.current = this::stop;
            long begun = System.nanoTime();
            subscribing = true;
            // In the job's trace, so an agent's own calls (an LLM endpoint) are spans of the run.
            try (Scope ignored = TraceParents.parent(owner.job.traceParent()).makeCurrent()) {
                subscription = invoke(owner.agent, run).subscribe().with(item -> settle(item, null), f -> settle(null, f));
            } finally {
                subscribing = false;
            }
            if (!settled.get()) {
                // Not answered at once: the deadline's timer, which forgets it when the run answers (a
                // job's deadline is minutes long), and the cancel request race the agent.
                long left = remaining.toNanos() - (System.nanoTime() - begun);
                if (left <= 0) {
                    settle(null, new DeadlineExceeded());
                } else {
                    ScheduledFuture<?> timer = Timeouts.schedule(() -> settle(null, new DeadlineExceeded()), Duration.ofNanos(left));
                    deadline = timer;
                    if (settled.get()) {
                        timer.cancel(false);
                    }
                    owner.cancel.onCancel(reason -> settle(null, new CancelToken.Cancelled(reason)));
                }
            } else if (failure == null && System.nanoTime() - begun >= remaining.toNanos()) {
                // Answered at once (an agent that works while subscribed to), but only after its deadline.
                output = null;
                failure = new DeadlineExceeded();
            }
            if (settled.get()) {
                stopIfFailed();
                answer();
            }
        }

        private void settle(JsonNode item, Throwable error) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            output = item;
            failure = error;
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
            if (!subscribing) {
                stopIfFailed();
                answer();
            }
        }

        /** A deadline or cancel request stops the agent's work (the agent's own failure has stopped it already). */
        private void stopIfFailed() {
            Cancellable agentWork = subscription;
            if (failure != null && agentWork != null) {
                agentWork.cancel();
            }
        }

        private void stop() {
            Cancellable agentWork = subscription;
            if (agentWork != null) {
                agentWork.cancel();
            }
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        private void answer() {
            if (answered.compareAndSet(false, true)) {
                owner.jobContext.emit(this, a -> a.owner.guarded(() -> a.owner.answered(a.number, a.output, a.failure)));
            }
        }
    }

    /** A completion for a job cancelled before it started: nothing ran, nothing was used. */
    public ExecutionCompleted cancelledWhileQueued(ExecutionRequested job, String reason) {
        return new Outcome(job, identity.id(), null, new RunMeter())
                .failed(job.attempt(), ExecutionStatus.CANCELLED, "Cancelled", reasonText(reason));
    }

    /** A completion for a job naming an agent this worker does not have. */
    public ExecutionCompleted unknownAgent(ExecutionRequested job) {
        return new Outcome(job, identity.id(), null, new RunMeter())
                .failed(job.attempt(), ExecutionStatus.FAILED, "UnknownAgent", "no agent with id " + job.agentId());
    }

    /** Exponential: initial, 2×initial, 4×initial ... capped. */
    Duration backoff(int retriesSoFar) {
        long millis = retry.initialBackoff().toMillis() << Math.min(20, retriesSoFar);
        return Duration.ofMillis(Math.min(millis, retry.maxBackoff().toMillis()));
    }

    private static Uni<JsonNode> invoke(Agent agent, AgentRun run) {
        try {
            // The synchronous part of execute() (building requests, parsing input) is the run's work too.
            return run.meter().measure(() -> agent.execute(run));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private ExecutionStarted started(ExecutionRequested job, int attempt) {
        return new ExecutionStarted(UUID.randomUUID().toString(), job.tenantId(), Instant.now(), job.traceParent(),
                job.jobId(), job.agentId(), identity.id(), attempt);
    }

    private static String reasonText(String reason) {
        return reason == null || reason.isBlank() ? "cancel requested" : reason;
    }

    /** Past the job's deadline. */
    static final class DeadlineExceeded extends RuntimeException {
        DeadlineExceeded() {
            super("deadline exceeded", null, false, false);
        }
    }

    /** Builds the completion of one job. */
    private record Outcome(ExecutionRequested job, String workerId, Instant startedAt, RunMeter meter,
            boolean contextDegraded) {

        Outcome(ExecutionRequested job, String workerId, Instant startedAt, RunMeter meter) {
            this(job, workerId, startedAt, meter, false);
        }

        Outcome degraded(boolean degraded) {
            return new Outcome(job, workerId, startedAt, meter, degraded);
        }

        ExecutionCompleted succeeded(int attempt, JsonNode output) {
            return completed(attempt, ExecutionStatus.SUCCEEDED, output, null, null);
        }

        ExecutionCompleted failedWith(int attempt, Throwable failure, Duration deadline) {
            if (failure instanceof DeadlineExceeded) {
                return failed(attempt, ExecutionStatus.TIMED_OUT, "DeadlineExceeded",
                        "the run exceeded its deadline of " + deadline.toSeconds() + " s");
            }
            if (failure instanceof CancelToken.Cancelled cancelled) {
                return failed(attempt, ExecutionStatus.CANCELLED, "Cancelled", reasonText(cancelled.getMessage()));
            }
            if (failure instanceof AgentFailure agentFailure) {
                return failed(attempt, ExecutionStatus.FAILED, agentFailure.type(), agentFailure.getMessage());
            }
            return failed(attempt, ExecutionStatus.FAILED, failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()));
        }

        ExecutionCompleted failed(int attempt, ExecutionStatus status, String type, String message) {
            return completed(attempt, status, null, type, message);
        }

        private ExecutionCompleted completed(int attempt, ExecutionStatus status, JsonNode output, String errorType,
                String errorMessage) {
            Instant endedAt = Instant.now();
            ResourceUsage usage = new ResourceUsage(meter.cpuTimeMs(), meter.allocatedBytes(), job.reservation().memoryMb(),
                    job.reservation().cpuCores(), meter.promptTokens(), meter.completionTokens(), meter.costUsd());
            long duration = startedAt == null ? 0 : Duration.between(startedAt, endedAt).toMillis();
            return new ExecutionCompleted(UUID.randomUUID().toString(), job.tenantId(), endedAt, job.traceParent(),
                    job.jobId(), job.agentId(), workerId, status, startedAt, duration, output, errorType, errorMessage,
                    attempt, usage, contextDegraded);
        }
    }
}
