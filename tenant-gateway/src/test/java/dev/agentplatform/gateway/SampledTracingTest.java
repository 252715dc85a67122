package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.newTenant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisTestResource;
import dev.agentplatform.devstack.TracingOn;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.Topics;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the share of traces recorded set to none at deploy time ({@code quarkus.otel.traces.sampler.arg=0}),
 * a submission that starts its trace here is not recorded, yet its job still has a trace id and its
 * record an unsampled traceparent (so the worker does not record it either); a caller's sampled
 * traceparent is still followed.
 */
@QuarkusTest
@TestProfile(SampledTracingTest.NoneRecorded.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class SampledTracingTest {

    /** Tracing on, as in {@link JobTracingTest}, but no trace started here is recorded. */
    public static class NoneRecorded extends TracingOn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("quarkus.otel.traces.sampler.arg", "0.0");
            return overrides;
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void asAdmin() {
        GatewayTestSupport.asPlatformAdmin();
    }

    @Test
    void aJobWhoseTraceIsNotRecordedKeepsItsTraceIdAndPassesTheDecisionOn() {
        String tenant = newTenant();
        String unsampledJob = given().contentType(ContentType.JSON).body(echoJob("not recorded"))
                .post("/v1/tenants/{t}/jobs", tenant).then().statusCode(202).extract().path("jobId");
        String unsampledTrace = given().get("/v1/tenants/{t}/jobs/{id}", tenant, unsampledJob).then().statusCode(200)
                .extract().path("traceId");
        assertThat(unsampledTrace).as("the job's trace id").matches("[0-9a-f]{32}");

        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().contentType(ContentType.JSON).header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01")
                .body(echoJob("recorded")).post("/v1/tenants/{t}/jobs", tenant).then().statusCode(202);

        try (KafkaEvents kafka = KafkaEvents.ofTestApplication()) {
            ExecutionRequested event = (ExecutionRequested) kafka.awaitEvent(Topics.EXECUTIONS,
                    e -> e instanceof ExecutionRequested r && r.jobId().equals(unsampledJob), Duration.ofSeconds(20));
            assertThat(event.traceParent()).as("the record's traceparent: this trace, not sampled")
                    .startsWith("00-" + unsampledTrace + "-").endsWith("-00");
        }
        // the caller's sampled trace is recorded (parent based); once its spans are exported, the
        // first job's would have been too, had they been recorded
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .anySatisfy(span -> {
                    assertThat(span.getTraceId()).isEqualTo(callerTrace);
                    assertThat(span.getName()).isEqualTo(Topics.EXECUTIONS + " publish");
                }));
        assertThat(spans.getFinishedSpanItems()).noneSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(unsampledTrace));
    }
}
