package dev.agentplatform.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request's span records an exception event for a server error (5xx), with the dependency's
 * failure and its stack, and none for an answer to the client's mistake (4xx).
 */
class ProblemSpansTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final ProblemMappers mappers = new ProblemMappers();

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void aDependencyFailureIsRecordedOnTheRequestsSpanWithItsCause() {
        IOException cause = new IOException("connection refused");
        SpanData span = answered(m -> m.problem(ProblemException.unavailable("Redis is unavailable", 1, cause), null), 503);
        assertThat(span.getEvents()).singleElement().isInstanceOfSatisfying(ExceptionEventData.class, event -> {
            assertThat(event.getException()).isInstanceOf(ProblemException.class).hasMessage("Redis is unavailable")
                    .hasCause(cause);
            assertThat(event.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.stacktrace")))
                    .contains("Caused by: java.io.IOException: connection refused")
                    .contains(ProblemSpansTest.class.getName()); // the cause's stack, where it was created
        });
    }

    @Test
    void anUnexpectedErrorIsRecordedOnTheRequestsSpan() {
        IllegalStateException bug = new IllegalStateException("a bug");
        SpanData span = answered(m -> m.unexpected(bug, null), 500);
        assertThat(span.getEvents()).singleElement().isInstanceOfSatisfying(ExceptionEventData.class,
                event -> assertThat(event.getException()).isSameAs(bug));
    }

    @Test
    void answersToTheClientsMistakesAreNotRecorded() {
        assertThat(answered(m -> m.problem(ProblemException.notFound("tenant t has no job j"), null), 404).getEvents()).isEmpty();
        assertThat(answered(m -> m.problem(new ProblemException(ProblemType.QUOTA_EXCEEDED,
                "tenant t exceeded: maxConcurrentAgents"), null), 429).getEvents()).isEmpty();
    }

    @Test
    void aProblemHasNoStackOfItsOwn() {
        assertThat(ProblemException.notFound("nothing").getStackTrace()).isEmpty();
    }

    /** Maps inside a request's span, checks the status, and answers the ended span. */
    private SpanData answered(Function<ProblemMappers, Response> mapping, int status) {
        Span span = tracing.get("test").spanBuilder("POST /v1/tenants/{tenantId}/jobs").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            assertThat(mapping.apply(mappers).getStatus()).isEqualTo(status);
        } finally {
            span.end();
        }
        return exporter.getFinishedSpanItems().get(exporter.getFinishedSpanItems().size() - 1);
    }
}
