package dev.agentplatform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.devstack.TracingOn;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.Topics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a job's run continues the trace of its record: the {@code agent run} span is a
 * child of the record's traceparent, the call to context-service carries the trace on, and the
 * job's lifecycle events carry the run span's traceparent.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
class WorkerTracingTest extends WorkerTestSupport {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISH_SPAN = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theRunContinuesTheRecordsTraceIntoContextServiceAndTheLifecycleEvents() {
        ExecutionRequested job = traced(job("echo", JsonNodeFactory.instance.objectNode().put("text", "traced"), 60));
        submit(job);

        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        SpanData run = awaitSpan("agent run", job.jobId());
        assertThat(run.getTraceId()).isEqualTo(TRACE);
        assertThat(run.getParentSpanId()).as("a child of the gateway's publish span").isEqualTo(PUBLISH_SPAN);
        assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(run.getAttributes().get(AttributeKey.stringKey("agent.id"))).isEqualTo("echo");
        assertThat(run.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo(job.tenantId());
        assertThat(run.getAttributes().get(AttributeKey.stringKey("job.status"))).isEqualTo("SUCCEEDED");

        String runParent = "00-" + TRACE + "-" + run.getSpanId() + "-01";
        assertThat(completed.traceParent()).isEqualTo(runParent);
        ExecutionStarted started = (ExecutionStarted) kafka.awaitEvent(Topics.METRICS,
                e -> e instanceof ExecutionStarted s && s.jobId().equals(job.jobId()), WAIT);
        assertThat(started.traceParent()).isEqualTo(runParent);

        int call = indexOfCallFor(job);
        String sent = ContextStubResource.TRACEPARENTS.get(call);
        assertThat(sent).as("the context call carries the job's trace").startsWith("00-" + TRACE + "-");
        String callerSpan = sent.split("-")[2];
        SpanData client = awaitSpanWithId(callerSpan);
        assertThat(client.getKind()).as("the REST client's span around the call").isEqualTo(SpanKind.CLIENT);
        assertThat(client.getParentSpanId()).as("under the run span").isEqualTo(run.getSpanId());
    }

    @Test
    void anAgentsOwnCallsAndTokensBelongToTheRun() {
        ExecutionRequested job = traced(job("llm-chat", JsonNodeFactory.instance.objectNode().put("prompt", "Traced hello"), 60));
        submit(job);

        assertThat(completionOf(job).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        SpanData run = awaitSpan("agent run", job.jobId());
        assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
                .isEqualTo((long) OpenAiStubResource.PROMPT_TOKENS);
        assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
                .isEqualTo((long) OpenAiStubResource.COMPLETION_TOKENS);
        String sent = OpenAiStubResource.TRACEPARENTS.entrySet().stream()
                .filter(e -> e.getKey().contains("Traced hello")).map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(sent).as("the LLM call carries the job's trace").startsWith("00-" + TRACE + "-");
        assertThat(awaitSpanWithId(sent.split("-")[2]).getParentSpanId()).isEqualTo(run.getSpanId());
    }

    @Test
    void aRecordWithoutTraceStartsOne() {
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("text", "untraced"), 60);
        submit(job);

        ExecutionCompleted completed = completionOf(job);
        SpanData run = awaitSpan("agent run", job.jobId());
        assertThat(run.getParentSpanId()).isEqualTo("0000000000000000");
        assertThat(completed.traceParent()).isEqualTo("00-" + run.getTraceId() + "-" + run.getSpanId() + "-01");
    }

    /** The job as the gateway would publish it: with the publish span's traceparent. */
    private static ExecutionRequested traced(ExecutionRequested job) {
        return new ExecutionRequested(job.id(), job.tenantId(), job.occurredAt(), "00-" + TRACE + "-" + PUBLISH_SPAN + "-01",
                job.jobId(), job.agentId(), job.input(), job.contextKeys(), job.contextScope(), job.maxExecutionSeconds(),
                job.reservation(), job.attempt(), null);
    }

    private SpanData awaitSpanWithId(String spanId) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getSpanId().equals(spanId)));
        return spans.getFinishedSpanItems().stream().filter(s -> s.getSpanId().equals(spanId)).findFirst().orElseThrow();
    }

    private static int indexOfCallFor(ExecutionRequested job) {
        List<String> queries = ContextStubResource.QUERIES;
        for (int i = 0; i < queries.size(); i++) {
            if (queries.get(i).startsWith("/v1/tenants/" + job.tenantId() + "/")) {
                return i;
            }
        }
        throw new AssertionError("no context call for tenant " + job.tenantId());
    }

    private SpanData awaitSpan(String name, String jobId) {
        SpanData[] found = new SpanData[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            found[0] = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals(name)
                            && jobId.equals(s.getAttributes().get(AttributeKey.stringKey("job.id"))))
                    .findFirst().orElse(null);
            assertThat(found[0]).as("span " + name + " of job " + jobId).isNotNull();
        });
        return found[0];
    }
}
