package dev.agentplatform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.devstack.LogCapture;
import dev.agentplatform.events.ExecutionRequested;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lines about a job carry its tenant and job id in the MDC (fields of the JSON log format), and
 * the worker's credentials (its token for context-service, the LLM API key) never reach the logs.
 */
@QuarkusTest
class JobLogTest extends WorkerTestSupport {

    private static final String[] DEBUG = {"dev.agentplatform", "io.quarkus.rest.client", "org.jboss.resteasy.reactive.client",
        "io.smallrye.faulttolerance", "io.vertx.core.http"};

    @AfterEach
    void contextBackUp() {
        ContextStubResource.FAILING.set(false);
    }

    @Test
    void aRedeliveredJobIsReportedWithItsTenantJobAndTraceInTheMdc() {
        ExecutionRequested untraced = job("echo", JsonNodeFactory.instance.objectNode().put("text", "twice"), 60);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        ExecutionRequested job = new ExecutionRequested(untraced.id(), untraced.tenantId(), untraced.occurredAt(),
                "00-" + traceId + "-00f067aa0ba902b7-01", untraced.jobId(), untraced.agentId(), untraced.input(),
                untraced.contextKeys(), untraced.contextScope(), untraced.maxExecutionSeconds(), untraced.reservation(),
                untraced.attempt(), null);
        try (LogCapture logs = LogCapture.start(DEBUG)) {
            submit(job);
            completionOf(job);
            submit(job);
            LogCapture.Line line = Awaitility.await().atMost(WAIT).until(() -> logs.lines().stream()
                    .filter(l -> l.message().contains("job " + job.jobId() + " of tenant " + job.tenantId() + " already completed"))
                    .findFirst().orElse(null), l -> l != null);
            assertThat(line.mdc()).containsEntry(JobLog.TENANT_ID, job.tenantId()).containsEntry(JobLog.JOB_ID, job.jobId())
                    .containsEntry(JobLog.TRACE_ID, traceId);
            // Lines about the job at DEBUG too (the completion), and none carries another job's id.
            List<LogCapture.Line> aboutTheJob = logs.lines().stream().filter(l -> l.message().contains(job.jobId())).toList();
            assertThat(aboutTheJob).allSatisfy(l -> assertThat(l.mdc()).containsEntry(JobLog.JOB_ID, job.jobId()));
        }
    }

    @Test
    void aDegradedContextIsReportedWithTheTenantAndWithoutTheWorkersCredentials() {
        ContextStubResource.FAILING.set(true);
        ExecutionRequested job = job("llm-chat", JsonNodeFactory.instance.objectNode().put("prompt", "hello"), 60);
        try (LogCapture logs = LogCapture.start(DEBUG)) {
            submit(job);
            completionOf(job);
            LogCapture.Line line = Awaitility.await().atMost(WAIT).until(() -> logs.lines().stream()
                    .filter(l -> l.message().contains("context for tenant " + job.tenantId() + " unavailable"))
                    .findFirst().orElse(null), l -> l != null);
            assertThat(line.mdc()).containsEntry(JobLog.TENANT_ID, job.tenantId());
            assertThat(logs.text()).doesNotContain(ContextStubResource.TOKEN).doesNotContain("test-key");
        }
    }
}
