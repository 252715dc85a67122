package dev.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplatform.devstack.DevTokens;
import dev.agentplatform.devstack.FreePort;
import dev.agentplatform.devstack.KafkaBroker;
import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.Severity;
import dev.agentplatform.events.TraceContext;
import dev.agentplatform.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path through the four packaged services, each its own JVM, on a real Kafka broker and
 * a real Redis: submit over HTTP, run on the worker with context from context-service, follow the
 * job to SUCCEEDED on the gateway, and read an alert from agent.alerts with a plain Kafka consumer.
 * Every service exports its spans over OTLP/HTTP to a receiver the test runs, so the test also sees
 * that one job is one trace across the services.
 */
class WalkingSkeletonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration READY = Duration.ofSeconds(120);
    private static final String ADMIN_TOKEN = DevTokens.mint(null, List.of("platform-admin"), Duration.ofHours(2));

    private static KafkaBroker kafka;
    private static RedisServer redis;
    private static KafkaEvents events;
    private static OtlpReceiver otlp;
    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    @BeforeAll
    static void startPlatform() throws Exception {
        kafka = KafkaBroker.start();
        kafka.createTopics(Topics.DEFAULT_PARTITIONS);
        redis = RedisServer.start();
        events = new KafkaEvents(kafka.bootstrapServers());
        otlp = OtlpReceiver.start();
        Path root = Path.of(System.getProperty("platform.root", ".."));
        Path logs = Path.of(System.getProperty("e2e.logs", "target/e2e-logs"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : List.of("context-service", "monitoring-service", "execution-worker", "tenant-gateway")) {
            ports.put(name, FreePort.find());
        }
        Map<String, String> common = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.redis.hosts", redis.url(),
                "quarkus.rest-client.context-service.url", "http://localhost:" + ports.get("context-service"),
                // Traces: the documented endpoint setting, over OTLP/HTTP, exported every 200 ms.
                "quarkus.otel.exporter.otlp.endpoint", otlp.endpoint(),
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "200ms");
        for (Map.Entry<String, Integer> service : ports.entrySet()) {
            Map<String, String> properties = new LinkedHashMap<>(common);
            if (service.getKey().equals("tenant-gateway") || service.getKey().equals("context-service")) {
                // Both verify bearer tokens; here against the development key pair.
                properties.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
                properties.put("mp.jwt.verify.publickey.location",
                        root.resolve("devstack/src/main/resources/dev-keys/jwt-public.pem").toAbsolutePath().toString());
            }
            if (service.getKey().equals("execution-worker")) {
                // context-service refuses unauthenticated calls: the worker presents a service token.
                properties.put("worker.context.token",
                        DevTokens.mint(null, List.of("platform-service"), Duration.ofHours(2)));
            }
            services.put(service.getKey(), ServiceProcess.start(root, service.getKey(), service.getValue(), properties, logs));
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY);
        }
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        for (ServiceProcess service : new ArrayList<>(services.values())) {
            service.close();
        }
        if (events != null) {
            events.close();
        }
        if (otlp != null) {
            otlp.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyServiceExposesHealthMetricsAndOpenApi() {
        for (ServiceProcess service : services.values()) {
            assertThat(service.status("/q/health/live")).as(service.baseUrl() + " live").isEqualTo(200);
            assertThat(service.status("/q/health/ready")).as(service.baseUrl() + " ready").isEqualTo(200);
            assertThat(service.status("/q/metrics")).as(service.baseUrl() + " metrics").isEqualTo(200);
            assertThat(service.status("/q/openapi")).as(service.baseUrl() + " openapi").isEqualTo(200);
        }
    }

    @Test
    void submittedJobRunsWithItsContextAndSucceeds() throws Exception {
        String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        HttpResponse<String> put = send("PUT", context() + "/v1/tenants/" + tenant + "/context/global/global/policy",
                "{\"value\":{\"dataHandling\":\"strict\",\"region\":\"eu\"}}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> projectPut = send("PUT", context() + "/v1/tenants/" + tenant + "/context/project/p1/policy",
                "{\"value\":{\"region\":\"us\"}}");
        assertThat(projectPut.statusCode()).as(projectPut.body()).isEqualTo(200);

        HttpResponse<String> submitted = send("POST", gateway() + "/v1/tenants/" + tenant + "/jobs",
                "{\"agentId\":\"echo\",\"input\":{\"text\":\"hello\"},\"contextKeys\":[\"policy\"],"
                        + "\"contextScope\":{\"project\":\"p1\"}}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        String jobId = JSON.readTree(submitted.body()).path("jobId").asText();
        assertThat(location).endsWith("/v1/tenants/" + tenant + "/jobs/" + jobId);

        JsonNode job = awaitJobStatus(location, "SUCCEEDED");
        assertThat(job.path("output").path("text").asText()).isEqualTo("hello");
        assertThat(job.path("workerId").asText()).isNotBlank();

        ExecutionCompleted completed = (ExecutionCompleted) events.awaitEvent(Topics.METRICS,
                e -> e instanceof ExecutionCompleted c && c.jobId().equals(jobId), Duration.ofSeconds(30));
        assertThat(completed.contextDegraded()).as("context-service answered the worker").isFalse();
        assertThat(events.awaitEvent(Topics.METRICS,
                e -> e instanceof ExecutionStarted s && s.jobId().equals(jobId), Duration.ofSeconds(30))).isNotNull();
    }

    @Test
    void oneSubmittedJobIsOneTraceAcrossGatewayWorkerAndContextService() throws Exception {
        String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        HttpResponse<String> put = send("PUT", context() + "/v1/tenants/" + tenant + "/context/global/global/policy",
                "{\"value\":{\"region\":\"eu\"}}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        HttpResponse<String> submitted = send("POST", gateway() + "/v1/tenants/" + tenant + "/jobs",
                "{\"agentId\":\"echo\",\"input\":{\"text\":\"traced\"},\"contextKeys\":[\"policy\"]}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(submitted.body());
        String jobId = accepted.path("jobId").asText();
        String traceId = accepted.path("traceId").asText();
        assertThat(traceId).as("the job API answers the job's trace id").matches("[0-9a-f]{32}");
        JsonNode job = awaitJobStatus(submitted.headers().firstValue("Location").orElseThrow(), "SUCCEEDED");
        assertThat(job.path("traceId").asText()).isEqualTo(traceId);

        // The trace travels in the records: the job's and its completion's traceparent.
        ConsumerRecord<String, byte[]> requested = events.awaitRecord(Topics.EXECUTIONS,
                r -> KafkaEvents.decode(r) instanceof ExecutionRequested e && e.jobId().equals(jobId), Duration.ofSeconds(30));
        assertThat(TraceContext.traceIdOf(KafkaEvents.header(requested, CloudEventAttributes.HEADER_TRACEPARENT)))
                .isEqualTo(traceId);
        ExecutionCompleted completed = (ExecutionCompleted) events.awaitEvent(Topics.METRICS,
                e -> e instanceof ExecutionCompleted c && c.jobId().equals(jobId), Duration.ofSeconds(30));
        assertThat(TraceContext.traceIdOf(completed.traceParent())).isEqualTo(traceId);

        // The exported spans: one trace with spans of the gateway, the worker and context-service.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(otlp.trace(traceId)).extracting(OtlpReceiver.ReceivedSpan::service)
                        .contains("tenant-gateway", "execution-worker", "context-service"));
        List<OtlpReceiver.ReceivedSpan> trace = otlp.trace(traceId);
        OtlpReceiver.ReceivedSpan admission = span(trace, "tenant-gateway", "admission");
        assertThat(admission.attributes()).containsEntry("admission.decision", "ADMITTED")
                .containsEntry("job.id", jobId).containsKey("admission.limit.max_concurrent_agents");
        OtlpReceiver.ReceivedSpan publish = span(trace, "tenant-gateway", Topics.EXECUTIONS + " publish");
        OtlpReceiver.ReceivedSpan run = span(trace, "execution-worker", "agent run");
        assertThat(run.parentSpanId()).as("the run continues the record's trace").isEqualTo(publish.spanId());
        assertThat(run.attributes()).containsEntry("agent.id", "echo").containsEntry("tenant.id", tenant)
                .containsEntry("job.status", "SUCCEEDED");
        OtlpReceiver.ReceivedSpan resolve = span(trace, "context-service", "context resolve");
        assertThat(ancestors(trace, resolve)).as("context resolve hangs under the worker's run")
                .contains(run.spanId(), publish.parentSpanId());
        assertThat(completed.traceParent()).contains(run.spanId());
        assertThat(otlp.spans()).filteredOn(s -> jobId.equals(s.attributes().get("job.id")))
                .as("every span of the job is in its one trace")
                .allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId));
    }

    @Test
    void failingAgentRunsRaiseAnAlertOnTheAlertsTopic() throws Exception {
        String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        List<String> locations = new ArrayList<>();
        Map<String, String> jobOfTrace = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> submitted = send("POST", gateway() + "/v1/tenants/" + tenant + "/jobs",
                    "{\"agentId\":\"chaos\",\"input\":{\"failureRate\":1.0}}");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            locations.add(submitted.headers().firstValue("Location").orElseThrow());
            JsonNode accepted = JSON.readTree(submitted.body());
            jobOfTrace.put(accepted.path("traceId").asText(), accepted.path("jobId").asText());
        }
        for (String location : locations) {
            JsonNode job = awaitJobStatus(location, "FAILED");
            assertThat(job.path("error").path("type").asText()).isEqualTo("ChaosFailure");
        }

        ConsumerRecord<String, byte[]> record = events.awaitRecord(Topics.ALERTS,
                r -> KafkaEvents.decode(r) instanceof AlertFiring a && a.tenantId().equals(tenant)
                        && a.rule().equals("error_rate_high"), Duration.ofSeconds(30));
        AlertFiring alert = (AlertFiring) KafkaEvents.decode(record);
        assertThat(KafkaEvents.header(record, CloudEventAttributes.HEADER_TYPE)).isEqualTo("alert.firing");
        assertThat(record.key()).isEqualTo(alert.fingerprint());
        assertThat(alert.rule()).isEqualTo("error_rate_high");
        assertThat(alert.agentId()).isEqualTo("chaos");
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.value()).isEqualTo(1.0);
        // trace id -> job -> alert, both ways: the alert names the trace of a job that breached the rule,
        // and that trace holds the evaluation that fired it.
        assertThat(jobOfTrace).containsKey(alert.traceId());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(otlp.trace(alert.traceId()))
                .anySatisfy(s -> {
                    assertThat(s.service()).isEqualTo("monitoring-service");
                    assertThat(s.name()).isEqualTo("rule evaluation");
                }));

        List<PlatformEvent> firing = events.events(Topics.ALERTS,
                e -> e instanceof AlertFiring a && a.tenantId().equals(tenant) && a.rule().equals("error_rate_high"));
        // Other rules (quota utilization of the burst of submissions) may fire for the tenant too.
        assertThat(firing).as("one transition, not one alert per failure").hasSize(1);
    }

    private static OtlpReceiver.ReceivedSpan span(List<OtlpReceiver.ReceivedSpan> trace, String service, String name) {
        return trace.stream().filter(s -> s.service().equals(service) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " of " + service + " in " + trace));
    }

    /** The span ids above {@code span} in its trace, nearest first. */
    private static List<String> ancestors(List<OtlpReceiver.ReceivedSpan> trace, OtlpReceiver.ReceivedSpan span) {
        List<String> out = new ArrayList<>();
        String parent = span.parentSpanId();
        while (!parent.isEmpty() && out.size() < trace.size()) {
            out.add(parent);
            String id = parent;
            parent = trace.stream().filter(s -> s.spanId().equals(id)).map(OtlpReceiver.ReceivedSpan::parentSpanId)
                    .findFirst().orElse("");
        }
        return out;
    }

    /** The gateway admits jobs of registered tenants only. */
    /**
     * Registers a tenant with room for five concurrent jobs: the worker retries a chaos failure
     * before completing the job, so the failing jobs hold their reservations for a while.
     */
    private static void registerTenant(String tenant) throws IOException, InterruptedException {
        HttpResponse<String> registered = send("PUT", gateway() + "/v1/tenants/" + tenant,
                "{\"name\":\"e2e " + tenant + "\",\"isolationLevel\":\"SHARED\","
                        + "\"quota\":{\"maxCpuCores\":8,\"maxMemoryMb\":8192}}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    private static JsonNode awaitJobStatus(String location, String status) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> response = send("GET", location, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            last[0] = JSON.readTree(response.body());
            assertThat(last[0].path("status").asText()).as(response.body()).isEqualTo(status);
        });
        return last[0];
    }

    private static HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (url.startsWith(gateway())) {
            request.header("Authorization", "Bearer " + tokenFor(url.substring(gateway().length())));
        } else if (url.startsWith(context())) {
            request.header("Authorization", "Bearer " + tokenFor(url.substring(context().length())));
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Development tokens: a tenant's own submitter/viewer token on its job and context paths, a
     * platform admin's for the registry.
     */
    private static String tokenFor(String path) {
        java.util.regex.Matcher tenantPath = java.util.regex.Pattern.compile("^/v1/tenants/([^/]+)/").matcher(path);
        return tenantPath.find() ? DevTokens.mint(tenantPath.group(1), List.of("submitter", "viewer")) : ADMIN_TOKEN;
    }

    private static String gateway() {
        return services.get("tenant-gateway").baseUrl();
    }

    private static String context() {
        return services.get("context-service").baseUrl();
    }
}
