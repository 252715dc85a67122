package dev.agentplatform.worker.service;

import dev.agentplatform.common.tracing.TraceParents;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ResourceUsage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code agent run} span of a job: a child of the gateway's publish span (the record's
 * {@code traceparent}), from the moment the worker takes the record until its completion is
 * published, with the agent, tenant, final status and token counts as attributes. The job's
 * started and completed events carry this span's traceparent, so whatever they cause (alerts)
 * stays in the job's trace.
 */
@ApplicationScoped
public class RunTracing {

    private final Tracer tracer;

    public RunTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the run span under {@code traceParent} (the record header; the event's when there is none). */
    public Span start(ExecutionRequested job, String traceParent) {
        return tracer.spanBuilder("agent run").setParent(TraceParents.parent(traceParent))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.operation.type", "process")
                .setAttribute("tenant.id", job.tenantId()).setAttribute("job.id", job.jobId())
                .setAttribute("agent.id", job.agentId()).setAttribute("job.attempt", job.attempt())
                .startSpan();
    }

    /** The job as the rest of the run sees it: its events continue the run span, not the publish span. */
    public static ExecutionRequested continuedBy(ExecutionRequested job, Span run) {
        String traceParent = TraceParents.of(run);
        if (traceParent == null) {
            return job;
        }
        return new ExecutionRequested(job.id(), job.tenantId(), job.occurredAt(), traceParent, job.jobId(),
                job.agentId(), job.input(), job.contextKeys(), job.contextScope(), job.maxExecutionSeconds(),
                job.reservation(), job.attempt(), job.contextRequired());
    }

    /** Records how the job ended. */
    public void completed(Span run, ExecutionCompleted completed) {
        run.setAttribute("job.status", completed.status().name());
        run.setAttribute("job.attempt", completed.attempt());
        run.setAttribute("job.duration_ms", completed.durationMs());
        run.setAttribute("context.degraded", completed.contextDegraded());
        ResourceUsage usage = completed.resources();
        if (usage != null && usage.promptTokens() != null) {
            run.setAttribute("gen_ai.usage.input_tokens", usage.promptTokens());
        }
        if (usage != null && usage.completionTokens() != null) {
            run.setAttribute("gen_ai.usage.output_tokens", usage.completionTokens());
        }
        if (!completed.succeeded()) {
            run.setAttribute("error.type", String.valueOf(completed.errorType()));
            run.setStatus(StatusCode.ERROR, String.valueOf(completed.errorMessage()));
        }
    }

    /** Ends the run span; a failure is a record that could not be processed (sent to the dead-letter topic). */
    public void end(Span run, Throwable failure) {
        if (failure != null) {
            run.recordException(failure);
            run.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        run.end();
    }
}
