package dev.agentplatform.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobLogTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void theStatementSeesTenantAndJobAndTheMdcIsRestoredAfterwards() {
        MDC.put(JobLog.TENANT_ID, "outer");
        List<Object> seen = new ArrayList<>();
        JobLog.log("acme", "job-1", () -> {
            seen.add(MDC.get(JobLog.TENANT_ID));
            seen.add(MDC.get(JobLog.JOB_ID));
        });
        assertThat(seen).containsExactly("acme", "job-1");
        assertThat(MDC.get(JobLog.TENANT_ID)).isEqualTo("outer");
        assertThat(MDC.get(JobLog.JOB_ID)).isNull();
    }

    @Test
    void aFailingStatementStillRestoresTheMdc() {
        try {
            JobLog.log("acme", null, () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the MDC must be clean all the same
        }
        assertThat(MDC.get(JobLog.TENANT_ID)).isNull();
        assertThat(MDC.get(JobLog.JOB_ID)).isNull();
    }

    @Test
    void theJobsTraceIsTakenFromItsTraceparentWhenNoSpanSetOne() {
        List<Object> seen = new ArrayList<>();
        JobLog.log("acme", "job-1", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", () -> {
            seen.add(MDC.get(JobLog.TRACE_ID));
            seen.add(MDC.get(JobLog.SPAN_ID));
        });
        assertThat(seen).containsExactly("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
        assertThat(MDC.get(JobLog.TRACE_ID)).isNull();
        assertThat(MDC.get(JobLog.SPAN_ID)).isNull();
    }

    @Test
    void aCurrentSpansIdsWinAndAMalformedTraceparentIsIgnored() {
        MDC.put(JobLog.TRACE_ID, "current-trace");
        MDC.put(JobLog.SPAN_ID, "current-span");
        List<Object> seen = new ArrayList<>();
        JobLog.log("acme", "job-1", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                () -> seen.add(MDC.get(JobLog.TRACE_ID)));
        MDC.clear();
        JobLog.log("acme", "job-1", "not-a-traceparent", () -> seen.add(MDC.get(JobLog.TRACE_ID)));
        assertThat(seen).containsExactly("current-trace", null);
    }
}
