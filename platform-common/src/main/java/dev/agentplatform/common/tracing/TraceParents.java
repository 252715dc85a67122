package dev.agentplatform.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * The W3C {@code traceparent} that platform events carry in their body and in their Kafka record
 * header, turned into an OpenTelemetry parent context and back. The services write and read it
 * themselves instead of leaving it to the messaging connector, so a record has exactly one
 * {@code traceparent} and it always equals the event's.
 */
public final class TraceParents {

    private static final TextMapGetter<String> SINGLE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private TraceParents() {
    }

    /** The traceparent of a span, or null when the span is not recorded anywhere (tracing off). */
    public static String of(Span span) {
        return span == null ? null : of(span.getSpanContext());
    }

    /** The traceparent of a span context, or null when it is invalid. */
    public static String of(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The trace id of a span, or null when tracing is off. */
    public static String traceIdOf(Span span) {
        return span != null && span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
    }

    /**
     * A parent context continuing the remote trace of {@code traceParent}; the root context (a new
     * trace) when there is none or it is malformed.
     */
    public static Context parent(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent.trim(), SINGLE);
    }
}
