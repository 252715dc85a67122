package dev.agentplatform.context.service;

import dev.agentplatform.context.ResolvedContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The {@code context resolve} span: a child of the HTTP request's span (which continues the
 * caller's trace), with the keys asked for, the providers consulted and those that failed (one
 * event each, with the reason) as attributes. A failing provider is not an error of the resolve.
 */
@ApplicationScoped
public class ResolveTracing {

    static final AttributeKey<List<String>> CONSULTED = AttributeKey.stringArrayKey("context.providers_consulted");
    static final AttributeKey<List<String>> FAILED = AttributeKey.stringArrayKey("context.providers_failed");

    private final Tracer tracer;

    public ResolveTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the span under the current (request) context. */
    public Span start(String tenantId, List<String> keys) {
        return tracer.spanBuilder("context resolve").setParent(Context.current())
                .setAttribute("tenant.id", tenantId)
                .setAttribute(AttributeKey.stringArrayKey("context.keys"), keys)
                .startSpan();
    }

    public void resolved(Span span, ResolvedContext resolved) {
        span.setAttribute(CONSULTED, resolved.providersConsulted());
        span.setAttribute(FAILED, resolved.providersFailed());
        span.setAttribute("context.entries_resolved", resolved.entries().size());
        if (resolved.providerErrors() != null) {
            resolved.providerErrors().forEach((provider, reason) -> span.addEvent("provider failed",
                    Attributes.of(AttributeKey.stringKey("context.provider"), provider,
                            AttributeKey.stringKey("error.message"), reason)));
        }
        span.end();
    }

    public void failed(Span span, Throwable failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        span.end();
    }
}
