package dev.agentplatform.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

class TraceParentsTest {

    private static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aTraceparentBecomesARemoteParentAndBack() {
        SpanContext parent = Span.fromContext(TraceParents.parent(TRACE_PARENT)).getSpanContext();

        assertThat(parent.isValid()).isTrue();
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(parent.getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(parent.isSampled()).isTrue();
        assertThat(TraceParents.of(parent)).isEqualTo(TRACE_PARENT);
    }

    @Test
    void noOrAMalformedTraceparentStartsANewTrace() {
        assertThat(Span.fromContext(TraceParents.parent(null)).getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(TraceParents.parent("00-zz-00-01")).getSpanContext().isValid()).isFalse();
    }

    @Test
    void aSpanThatIsNotRecordedHasNoTraceparent() {
        assertThat(TraceParents.of(Span.getInvalid())).isNull();
        assertThat(TraceParents.traceIdOf(Span.getInvalid())).isNull();
        SpanContext unsampled = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                TraceFlags.getDefault(), TraceState.getDefault());
        assertThat(TraceParents.of(unsampled)).endsWith("-00");
    }
}
