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
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.Severity;
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
 */
class WalkingSkeletonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration READY = Duration.ofSeconds(120);
    private static final String ADMIN_TOKEN = DevTokens.mint(null, List.of("platform-admin"), Duration.ofHours(2));

    private static KafkaBroker kafka;
    private static RedisServer redis;
    private static KafkaEvents events;
    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    @BeforeAll
    static void startPlatform() throws Exception {
        kafka = KafkaBroker.start();
        kafka.createTopics(Topics.DEFAULT_PARTITIONS);
        redis = RedisServer.start();
        events = new KafkaEvents(kafka.bootstrapServers());
        Path root = Path.of(System.getProperty("platform.root", ".."));
        Path logs = Path.of(System.getProperty("e2e.logs", "target/e2e-logs"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : List.of("context-service", "monitoring-service", "execution-worker", "tenant-gateway")) {
            ports.put(name, FreePort.find());
        }
        Map<String, String> common = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.redis.hosts", redis.url(),
                "quarkus.rest-client.context-service.url", "http://localhost:" + ports.get("context-service"));
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
    void failingAgentRunsRaiseAnAlertOnTheAlertsTopic() throws Exception {
        String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> submitted = send("POST", gateway() + "/v1/tenants/" + tenant + "/jobs",
                    "{\"agentId\":\"chaos\",\"input\":{\"failureRate\":1.0}}");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            locations.add(submitted.headers().firstValue("Location").orElseThrow());
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

        List<PlatformEvent> firing = events.events(Topics.ALERTS,
                e -> e instanceof AlertFiring a && a.tenantId().equals(tenant) && a.rule().equals("error_rate_high"));
        // Other rules (quota utilization of the burst of submissions) may fire for the tenant too.
        assertThat(firing).as("one transition, not one alert per failure").hasSize(1);
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
