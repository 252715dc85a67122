package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.newTenant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import dev.agentplatform.devstack.TracingOn;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.Topics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a submission continues the caller's trace: the job API answers its trace id,
 * the admission span carries the decision and limits, and the job's Kafka record carries one
 * {@code traceparent}, that of the publish span, equal to the event's.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class JobTracingTest {

    /** A caller's trace, as a W3C traceparent it sends with the request. */
    private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_PARENT = "00-" + CALLER_TRACE + "-b7ad6b7169203331-01";

    private static KafkaEvents kafka;

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void connect() {
        GatewayTestSupport.asPlatformAdmin();
        kafka = KafkaEvents.ofTestApplication();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void anAdmittedJobCarriesTheCallersTraceIntoItsRecordAndItsView() {
        String tenant = newTenant();
        Response response = given().contentType(ContentType.JSON).header("traceparent", CALLER_PARENT)
                .body(echoJob("traced")).post("/v1/tenants/{t}/jobs", tenant);
        response.then().statusCode(202);
        String jobId = response.jsonPath().getString("jobId");
        assertThat(response.jsonPath().getString("traceId")).isEqualTo(CALLER_TRACE);
        assertThat(given().get("/v1/tenants/{t}/jobs/{id}", tenant, jobId).jsonPath().getString("traceId"))
                .as("the stored job answers its trace id too").isEqualTo(CALLER_TRACE);

        ConsumerRecord<String, byte[]> record = kafka.awaitRecord(Topics.EXECUTIONS,
                r -> KafkaEvents.decode(r) instanceof ExecutionRequested e && e.jobId().equals(jobId), Duration.ofSeconds(20));
        ExecutionRequested event = (ExecutionRequested) KafkaEvents.decode(record);
        List<String> traceParents = StreamSupport.stream(record.headers().headers("traceparent").spliterator(), false)
                .map(h -> new String(h.value())).toList();
        assertThat(traceParents).as("exactly one traceparent header").containsExactly(event.traceParent());
        assertThat(event.traceParent()).startsWith("00-" + CALLER_TRACE + "-");

        SpanData admission = awaitSpan("admission", jobId);
        assertThat(admission.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(admission.getAttributes().get(AttributeKey.stringKey("admission.decision"))).isEqualTo("ADMITTED");
        assertThat(admission.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo(tenant);
        assertThat(admission.getAttributes().get(AttributeKey.longKey("admission.limit.max_concurrent_agents"))).isEqualTo(10L);
        assertThat(admission.getAttributes().get(AttributeKey.longKey("admission.usage.concurrent_agents"))).isEqualTo(1L);

        SpanData publish = awaitSpan(Topics.EXECUTIONS + " publish", jobId);
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(event.traceParent()).as("the record continues the trace from the publish span")
                .isEqualTo("00-" + CALLER_TRACE + "-" + publish.getSpanId() + "-01");
        SpanData server = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getSpanId().equals(admission.getParentSpanId()))
                .findFirst().orElseThrow(() -> new AssertionError("admission is not a child of the request's span"));
        assertThat(server.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(publish.getParentSpanId()).isEqualTo(server.getSpanId());
        // the admission span covers the admission's one Redis call: the Redis client's own span for it
        // is not recorded (quarkus.otel.instrument.vertx-redis-client=false); GET's spans are another request's
        assertThat(spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(CALLER_TRACE) && s.getStartEpochNanos() <= publish.getEndEpochNanos())
                .map(s -> s.getSpanId().equals(server.getSpanId()) ? "server" : s.getName()).sorted().toList())
                .as("the submission's spans in the gateway").containsExactly("admission", Topics.EXECUTIONS + " publish", "server");
    }

    @Test
    void aRejectedSubmissionsAdmissionSpanNamesTheExceededLimit() {
        String tenant = newTenant();
        RedisServer.shared().command("HSET", "tenant:{" + tenant + "}:quota", "maxConcurrentAgents", "1");
        given().contentType(ContentType.JSON).body(echoJob("first")).post("/v1/tenants/{t}/jobs", tenant)
                .then().statusCode(202);
        given().contentType(ContentType.JSON).body(echoJob("second")).post("/v1/tenants/{t}/jobs", tenant)
                .then().statusCode(429);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .anySatisfy(span -> {
                    assertThat(span.getName()).isEqualTo("admission");
                    assertThat(span.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo(tenant);
                    assertThat(span.getAttributes().get(AttributeKey.stringKey("admission.decision"))).isEqualTo("REJECTED");
                    assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("admission.limits_exceeded")))
                            .containsExactly("maxConcurrentAgents");
                    assertThat(span.getAttributes().get(AttributeKey.longKey("admission.limit.max_concurrent_agents")))
                            .isEqualTo(1L);
                }));
        AdmissionDecided rejected = (AdmissionDecided) kafka.awaitEvent(Topics.METRICS,
                e -> e instanceof AdmissionDecided d && d.tenantId().equals(tenant) && !d.admitted(), Duration.ofSeconds(20));
        assertThat(rejected.traceParent()).as("the decision event carries the admission's trace").isNotNull();
    }

    @Test
    void refusedRequestsSpansCarryNoExceptionEvents() {
        // a client's mistake is not the server's error: no exception event, no stack trace exported per refusal
        String tenant = newTenant(java.util.Map.of("maxConcurrentAgents", "1"));
        String unregistered = GatewayTestSupport.unknownTenant();
        given().contentType(ContentType.JSON).body(echoJob("first")).post("/v1/tenants/{t}/jobs", tenant).then().statusCode(202);
        List<String> traces = new java.util.ArrayList<>();
        traces.add(refused(given().contentType(ContentType.JSON).body(echoJob("over")), tenant, 429));
        traces.add(refused(given().contentType(ContentType.JSON).body(echoJob("nobody")), unregistered, 404));
        traces.add(refused(given().contentType(ContentType.JSON).body(java.util.Map.of("input", "no agent")), tenant, 400));
        GatewayTestSupport.anonymous();
        try {
            traces.add(refused(given().contentType(ContentType.JSON).body(echoJob("anonymous")), tenant, 401));
        } finally {
            GatewayTestSupport.asPlatformAdmin();
        }
        for (String trace : traces) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                    .filteredOn(s -> s.getTraceId().equals(trace) && s.getKind() == SpanKind.SERVER).singleElement()
                    .satisfies(server -> assertThat(server.getEvents()).as("events of the refusal's server span").isEmpty()));
        }
    }

    /** Sends the request with a traceparent of a new trace, checks its status, and answers the trace id. */
    private static String refused(io.restassured.specification.RequestSpecification request, String tenant, int status) {
        String trace = java.util.UUID.randomUUID().toString().replace("-", "");
        request.header("traceparent", "00-" + trace + "-b7ad6b7169203331-01").post("/v1/tenants/{t}/jobs", tenant)
                .then().statusCode(status).contentType("application/problem+json");
        return trace;
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
