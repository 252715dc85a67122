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
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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

    public Uni<ExecutionCompleted> run(ExecutionRequested job, Agent agent, CancelToken cancel) {
        Outcome outcome = new Outcome(job, identity.id(), Instant.now(), new RunMeter());
        return Steps.retried(metrics.publish(started(job, job.attempt())))
                .chain(() -> resolve(job))
                .chain(ctx -> prepared(job, agent, ctx, outcome.degraded(ctx.degraded()), cancel));
    }

    /**
     * Jobs without context keys skip the remote call (and its fault-tolerance bookkeeping). The call
     * is made in the job's trace (its traceparent is the run span's), which the REST client passes on.
     */
    private Uni<AgentContext> resolve(ExecutionRequested job) {
        return job.contextKeys().isEmpty() ? Uni.createFrom().item(AgentContext.empty())
                : Traced.within(TraceParents.parent(job.traceParent()),
                        () -> context.resolve(job.tenantId(), job.contextKeys(), job.contextScope()));
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

    private Uni<ExecutionCompleted> prepared(ExecutionRequested job, Agent agent, AgentContext ctx, Outcome outcome,
            CancelToken cancel) {
        if (ctx.degraded() && job.requiresContext()) {
            return Uni.createFrom().item(outcome.failed(job.attempt(), ExecutionStatus.FAILED, "ContextUnavailable",
                    "the tenant's policy requires context and context-service could not provide it"));
        }
        List<String> violations = outcome.meter().measure(() -> validator.violations(agent, job.input()));
        if (!violations.isEmpty()) {
            return Uni.createFrom().item(outcome.failed(job.attempt(), ExecutionStatus.FAILED, "InvalidInput",
                    String.join("; ", violations)));
        }
        return attempt(job, agent, ctx, outcome, cancel, job.attempt());
    }

    private Uni<ExecutionCompleted> attempt(ExecutionRequested job, Agent agent, AgentContext ctx, Outcome outcome,
            CancelToken cancel, int attempt) {
        Duration deadline = Duration.ofSeconds(job.maxExecutionSeconds());
        // One deadline for the whole job, retries included: the gateway's lease is sized by it.
        Duration remaining = deadline.minus(Duration.between(outcome.startedAt(), Instant.now()));
        if (remaining.isNegative() || remaining.isZero()) {
            return Uni.createFrom().item(outcome.failedWith(attempt, new DeadlineExceeded(), deadline));
        }
        AgentRun run = new AgentRun(job.tenantId(), job.jobId(), attempt, job.input(), ctx, outcome.meter());
        // In the job's trace, so an agent's own calls (an LLM endpoint) are spans of the run.
        // The deadline's timer forgets it when the run answers (a job's deadline is minutes long).
        Uni<JsonNode> execution = Timeouts.failAfter(Traced.within(TraceParents.parent(job.traceParent()), () -> invoke(agent, run)),
                remaining, DeadlineExceeded::new);
        return Uni.combine().any().<JsonNode>of(execution, cancel.whenCancelled())
                .map(output -> outcome.succeeded(attempt, output))
                .onFailure().recoverWithUni(failure -> afterFailure(job, agent, ctx, outcome, cancel, attempt, failure, deadline));
    }

    private Uni<ExecutionCompleted> afterFailure(ExecutionRequested job, Agent agent, AgentContext ctx, Outcome outcome,
            CancelToken cancel, int attempt, Throwable failure, Duration deadline) {
        boolean retryable = failure instanceof AgentFailure f && f.isTransient() && !cancel.isCancelled()
                && attempt - job.attempt() + 1 < retry.maxAttempts();
        if (!retryable) {
            return Uni.createFrom().item(outcome.failedWith(attempt, failure, deadline));
        }
        int next = attempt + 1;
        Uni<Void> backoff = Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt - job.attempt()));
        return Uni.combine().any().<Void>of(backoff, cancel.whenCancelled())
                .chain(() -> Steps.retried(metrics.publish(started(job, next))))
                .chain(() -> attempt(job, agent, ctx, outcome, cancel, next))
                .onFailure(CancelToken.Cancelled.class).recoverWithItem(c -> outcome.failedWith(attempt, c, deadline));
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
