package dev.agentplatform.gateway.service;

import dev.agentplatform.gateway.AdmissionDecision;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's spans of a submission: {@code admission} (the decision, the exceeded limits, usage
 * and quota as attributes) and {@code agent.executions publish} (until the broker acknowledges the
 * record). Both are children of the HTTP request's span, passed explicitly because the Redis and
 * Kafka callbacks that end them do not run in the request's context.
 */
@ApplicationScoped
public class JobTracing {

    static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant.id");
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("agent.id");
    static final AttributeKey<String> JOB = AttributeKey.stringKey("job.id");

    private final Tracer tracer;

    public JobTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the admission span under {@code request}, the HTTP request's context. */
    public Span startAdmission(Context request, String tenantId, String jobId, String agentId) {
        return tracer.spanBuilder("admission").setParent(request)
                .setAttribute(TENANT, tenantId).setAttribute(JOB, jobId).setAttribute(AGENT, agentId)
                .startSpan();
    }

    /** Records the decision on the admission span and ends it. */
    public void decided(Span admission, AdmissionDecision decision) {
        admission.setAttribute("admission.decision", decision.outcome().name());
        admission.setAttribute(AttributeKey.stringArrayKey("admission.limits_exceeded"), decision.limitsExceeded());
        if (decision.usage() != null) {
            admission.setAttribute("admission.usage.concurrent_agents", decision.usage().concurrentAgents());
            admission.setAttribute("admission.usage.memory_mb", decision.usage().memoryMb());
            admission.setAttribute("admission.usage.cpu_cores", decision.usage().cpuCores());
            admission.setAttribute("admission.usage.requests_in_window", decision.usage().requestsInWindow());
        }
        if (decision.quota() != null) {
            setIfPresent(admission, "admission.limit.max_concurrent_agents", decision.quota().maxConcurrentAgents());
            setIfPresent(admission, "admission.limit.max_memory_mb", decision.quota().maxMemoryMb());
            setIfPresent(admission, "admission.limit.max_requests_per_minute", decision.quota().maxRequestsPerMinute());
            setIfPresent(admission, "admission.limit.max_execution_time_seconds", decision.quota().maxExecutionTimeSeconds());
            if (decision.quota().maxCpuCores() != null) {
                admission.setAttribute("admission.limit.max_cpu_cores", decision.quota().maxCpuCores());
            }
        }
        admission.end();
    }

    /** Ends a span whose work succeeded. */
    public void succeeded(Span span) {
        span.end();
    }

    /** Ends a span whose work failed (Redis gave no decision, Kafka no acknowledgement). */
    public void failed(Span span, Throwable failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        span.end();
    }

    /**
     * Starts the span of handing a job's record to Kafka: a sibling of the admission span under the
     * request's span, or a child of the admission span when there is no request span.
     */
    public Span startPublish(Context request, Span admission, String topic, String tenantId, String jobId) {
        Context parent = Span.fromContext(request).getSpanContext().isValid() ? request : request.with(admission);
        return tracer.spanBuilder(topic + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation.type", "send")
                .setAttribute(TENANT, tenantId).setAttribute(JOB, jobId)
                .startSpan();
    }

    private static void setIfPresent(Span span, String key, Integer value) {
        if (value != null) {
            span.setAttribute(key, value.longValue());
        }
    }
}
