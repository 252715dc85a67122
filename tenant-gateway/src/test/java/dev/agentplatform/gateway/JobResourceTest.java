package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.newTenant;
import static dev.agentplatform.gateway.GatewayTestSupport.redis;
import static dev.agentplatform.gateway.GatewayTestSupport.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.devstack.Burst;
import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class JobResourceTest {

    private static KafkaEvents kafka;

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
    void admittedJobIsAcceptedAndPublishedKeyedByTenant() {
        String tenant = newTenant();
        Response response = submit(tenant, Map.of("agentId", "echo", "input", Map.of("text", "hi"),
                "contextKeys", java.util.List.of("policy"), "contextScope", Map.of("project", "p1"),
                "complexity", "high", "modelSize", "large"));
        response.then().statusCode(202)
                .body("status", equalTo("QUEUED"))
                .body("reservation.memoryMb", equalTo(768))
                .body("reservation.cpuCores", equalTo(0.9f))
                .body("reservation.expectedDurationSeconds", equalTo(60));
        String jobId = response.jsonPath().getString("jobId");
        assertThat(response.header("Location")).as("the job's absolute URI: clients follow it as it is")
                .isEqualTo("http://localhost:" + RestAssured.port + "/v1/tenants/" + tenant + "/jobs/" + jobId);

        ConsumerRecord<String, byte[]> record = kafka.awaitRecord(Topics.EXECUTIONS,
                r -> KafkaEvents.decode(r) instanceof ExecutionRequested e && e.jobId().equals(jobId), Duration.ofSeconds(20));
        ExecutionRequested event = (ExecutionRequested) KafkaEvents.decode(record);
        assertThat(record.key()).isEqualTo(tenant);
        assertThat(KafkaEvents.header(record, CloudEventAttributes.HEADER_TYPE)).isEqualTo("execution.requested");
        assertThat(event.tenantId()).isEqualTo(tenant);
        assertThat(event.agentId()).isEqualTo("echo");
        assertThat(event.input().path("text").asText()).isEqualTo("hi");
        assertThat(event.contextKeys()).containsExactly("policy");
        assertThat(event.contextScope()).containsEntry("project", "p1");
        assertThat(event.maxExecutionSeconds()).isEqualTo(300);
    }

    @Test
    void jobOfATenantWithItsOwnTopicIsPublishedThereWithTheSameRecord() {
        String tenant = newTenant(Map.of("isolation", "DEDICATED"));
        String jobId = submit(tenant, echoJob("own topic")).then().statusCode(202).extract().path("jobId");

        ConsumerRecord<String, byte[]> record = kafka.awaitRecord(Topics.executionsFor(tenant),
                r -> KafkaEvents.decode(r) instanceof ExecutionRequested e && e.jobId().equals(jobId), Duration.ofSeconds(30));
        ExecutionRequested event = (ExecutionRequested) KafkaEvents.decode(record);
        assertThat(record.key()).isEqualTo(tenant);
        assertThat(KafkaEvents.header(record, CloudEventAttributes.HEADER_TYPE)).isEqualTo("execution.requested");
        assertThat(KafkaEvents.header(record, CloudEventAttributes.HEADER_ID)).isEqualTo(event.id());
        assertThat(KafkaEvents.header(record, CloudEventAttributes.HEADER_TENANT)).isEqualTo(tenant);
        assertThat(event.tenantId()).isEqualTo(tenant);
    }

    @Test
    void jobFollowsStartAndCompletionEventsAndTheLeaseIsReleasedOnce() {
        String tenant = newTenant();
        RedisServer.shared().command("HSET", "tenant:{" + tenant + "}:quota", "maxConcurrentAgents", "2");
        String first = submit(tenant, echoJob("one")).then().statusCode(202).extract().path("jobId");
        String second = submit(tenant, echoJob("two")).then().statusCode(202).extract().path("jobId");
        submit(tenant, echoJob("three")).then().statusCode(429);

        Instant started = Instant.now();
        kafka.send(Topics.METRICS, tenant, new ExecutionStarted(UUID.randomUUID().toString(), tenant, started, null,
                first, "echo", "worker-1", 1), "/test");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/v1/tenants/{t}/jobs/{id}", tenant, first).then().body("status", equalTo("RUNNING")));

        ExecutionCompleted completed = completion(tenant, first, started);
        kafka.send(Topics.METRICS, tenant, completed, "/test");
        kafka.send(Topics.METRICS, tenant, completed, "/test"); // redelivery must not release a second lease
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/v1/tenants/{t}/jobs/{id}", tenant, first).then()
                        .body("status", equalTo("SUCCEEDED"))
                        .body("output.text", equalTo("one"))
                        .body("workerId", equalTo("worker-1"))
                        .body("durationMs", equalTo(42)));

        // One lease was freed: exactly one more job fits, and the second job still holds its lease.
        submit(tenant, echoJob("four")).then().statusCode(202);
        submit(tenant, echoJob("five")).then().statusCode(429);
        given().get("/v1/tenants/{t}/jobs/{id}", tenant, second).then().body("status", equalTo("QUEUED"));
    }

    @Test
    void overQuotaIsA429ProblemNamingTheLimit() {
        String tenant = newTenant();
        RedisServer.shared().command("HSET", "tenant:{" + tenant + "}:quota", "maxConcurrentAgents", "1");
        submit(tenant, echoJob("a")).then().statusCode(202);
        submit(tenant, echoJob("b")).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://agentplatform.dev/problems/quota-exceeded"))
                .body("status", equalTo(429))
                .body("limitsExceeded", hasItem("maxConcurrentAgents"))
                .body("currentUsage.concurrentAgents", equalTo(1))
                .body("quota.maxConcurrentAgents", equalTo(1));
    }

    @Test
    void quotaProblemCarriesEveryFigureAndTheRateLimitHeaders() {
        String tenant = GatewayTestSupport.newTenant(Map.of("maxMemoryMb", "600", "maxRequestsPerMinute", "50"));
        submit(tenant, echoJob("a")).then().statusCode(202)
                .header("RateLimit-Policy", equalTo("\"requests-per-minute\";q=50;w=60"))
                .header("RateLimit", containsString(";r=49;"));
        submit(tenant, echoJob("b")).then().statusCode(202);
        submit(tenant, echoJob("c")).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("1"))
                .header("RateLimit-Policy", equalTo("\"requests-per-minute\";q=50;w=60"))
                .header("RateLimit", containsString(";r=48;"))
                .body("limitsExceeded", equalTo(java.util.List.of("maxMemoryMb")))
                .body("currentUsage.memoryMb", equalTo(512))
                .body("currentUsage.concurrentAgents", equalTo(2))
                .body("currentUsage.cpuCores", equalTo(1.0f))
                .body("currentUsage.requestsPerMinute", equalTo(2))
                .body("quota.maxMemoryMb", equalTo(600))
                .body("quota.maxConcurrentAgents", equalTo(10))
                .body("quota.maxCpuCores", equalTo(2.0f))
                .body("quota.maxRequestsPerMinute", equalTo(50))
                .body("quota.maxExecutionTimeSeconds", equalTo(300));
    }

    @Test
    void aJobExpectedToRunLongerThanTheTenantAllowsIsRefused() {
        String tenant = GatewayTestSupport.newTenant(Map.of("maxExecutionTimeSeconds", "45"));
        submit(tenant, Map.of("agentId", "echo", "complexity", "high")).then().statusCode(429)
                .body("limitsExceeded", equalTo(java.util.List.of("maxExecutionTimeSeconds")));
        submit(tenant, Map.of("agentId", "echo", "complexity", "low")).then().statusCode(202);
    }

    @Test
    void aTenantsSecurityPolicyLimitsWhichAgentsItsJobsMayRun() {
        String tenant = GatewayTestSupport.unknownTenant();
        register(tenant, Map.of("name", "Locked down", "isolationLevel", "SHARED",
                "securityPolicies", Map.of("allowedAgents", java.util.List.of("echo", "summarize"))));
        submit(tenant, Map.of("agentId", "chaos", "input", Map.of())).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agentplatform.dev/problems/forbidden"))
                .body("detail", containsString("chaos"));
        assertThat(GatewayTestSupport.redis("ZCARD", "tenant:{" + tenant + "}:leases")).isEqualTo("0");
        submit(tenant, echoJob("allowed")).then().statusCode(202);
        // Replacing the registration without the policy lets every agent run again.
        register(tenant, Map.of("name", "Open", "isolationLevel", "SHARED"));
        submit(tenant, Map.of("agentId", "chaos", "input", Map.of())).then().statusCode(202);
    }

    private static void register(String tenant, Map<String, Object> registration) {
        given().contentType(ContentType.JSON).body(registration).when().put("/v1/tenants/{t}", tenant)
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    }

    @Test
    void unknownTenantIs404AndDeactivatedTenantIs409() {
        submit(GatewayTestSupport.unknownTenant(), echoJob("x")).then().statusCode(404)
                .contentType("application/problem+json");
        String tenant = newTenant();
        RedisServer.shared().command("HSET", "tenant:{" + tenant + "}:quota", "status", "INACTIVE");
        submit(tenant, echoJob("x")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agentplatform.dev/problems/conflict"));
    }

    @Test
    void admissionDecisionsArePublishedForAdmittedAndRejectedRequests() {
        String tenant = GatewayTestSupport.newTenant(Map.of("maxConcurrentAgents", "1"));
        String jobId = submit(tenant, echoJob("a")).then().statusCode(202).extract().path("jobId");
        submit(tenant, echoJob("b")).then().statusCode(429);
        AdmissionDecided admitted = (AdmissionDecided) kafka.awaitEvent(Topics.METRICS,
                e -> e instanceof AdmissionDecided d && d.tenantId().equals(tenant) && d.admitted(), Duration.ofSeconds(30));
        assertThat(admitted.jobId()).isEqualTo(jobId);
        assertThat(admitted.utilization()).containsEntry("concurrentAgents", 1.0);
        AdmissionDecided rejected = (AdmissionDecided) kafka.awaitEvent(Topics.METRICS,
                e -> e instanceof AdmissionDecided d && d.tenantId().equals(tenant) && !d.admitted(), Duration.ofSeconds(30));
        assertThat(rejected.limitsExceeded()).containsExactly("maxConcurrentAgents");
        assertThat(rejected.agentId()).isEqualTo("echo");
    }

    @Test
    void dedicatedTenantsGetTheirOwnExecutionTopic() {
        String tenant = GatewayTestSupport.newTenant(Map.of("isolation", "DEDICATED"));
        String jobId = submit(tenant, echoJob("mine")).then().statusCode(202).extract().path("jobId");
        ConsumerRecord<String, byte[]> record = kafka.awaitRecord(Topics.executionsFor(tenant),
                r -> KafkaEvents.decode(r) instanceof ExecutionRequested e && e.jobId().equals(jobId), Duration.ofSeconds(30));
        assertThat(record.key()).isEqualTo(tenant);
    }

    @Test
    void expiredLeasesAreReclaimedOnTheNextSubmissionAndCounted() {
        String tenant = GatewayTestSupport.newTenant(Map.of("maxConcurrentAgents", "1"));
        String jobId = submit(tenant, echoJob("crashes")).then().statusCode(202).extract().path("jobId");
        double before = reclaimsCounted();
        // The worker "crashed": move the lease's expiry into the past instead of waiting 6 minutes.
        RedisServer.shared().command("ZADD", "tenant:{" + tenant + "}:leases", "XX", "1", jobId);
        submit(tenant, echoJob("next")).then().statusCode(202);
        assertThat(reclaimsCounted()).isEqualTo(before + 1);
    }

    private static double reclaimsCounted() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("lease_reclaims_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * A burst of concurrent submissions, more than Quarkus' default Redis pool holds (6 connections,
     * 24 waiting), is admitted in full: a healthy Redis never makes the gateway answer 503. A first,
     * smaller burst opens the pool's connections, so that the one checked is not also the JVM's and
     * the pool's cold start, which on a slow machine could outlast the 2 s Redis timeout (an honest
     * 503, but not the fault this test is about: a full wait queue refuses at once).
     */
    @Test
    void aBurstOfConcurrentSubmissionsIsAdmittedInFull() throws Exception {
        String tenant = newTenant(Map.of("maxConcurrentAgents", "1000", "maxMemoryMb", "100000000",
                "maxCpuMilli", "100000000", "maxRequestsPerMinute", "100000"));
        int warmUp = 32;
        Burst.of(warmUp, 32, i -> submit(tenant, echoJob("warm-up " + i)).statusCode());
        long warmedUp = Long.parseLong(redis("ZCARD", "tenant:{" + tenant + "}:leases"));
        int submissions = 100;
        List<Integer> statuses = Burst.of(submissions, 100, i -> submit(tenant, echoJob("burst " + i)).statusCode());
        assertThat(statuses).hasSize(submissions).containsOnly(202);
        assertThat(redis("ZCARD", "tenant:{" + tenant + "}:leases")).isEqualTo(Long.toString(warmedUp + submissions));
    }

    @Test
    void invalidBodyIs400WithFieldViolations() {
        submit(newTenant(), Map.of("agentId", "Not An Agent!", "contextScope", Map.of("galaxy", "x")))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agentplatform.dev/problems/validation"))
                .body("violations.field", hasItem("agentId"))
                .body("violations.size()", equalTo(2));
    }

    @Test
    void missingAgentIs400() {
        submit(newTenant(), Map.of("input", Map.of())).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("agentId"));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"agentId\": ")
                .post("/v1/tenants/{t}/jobs", newTenant())
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agentplatform.dev/problems/malformed-body"));
    }

    @Test
    void wrongTypeIs400NamingTheField() {
        submit(newTenant(), Map.of("agentId", "echo", "complexity", "extreme")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("complexity"));
    }

    @Test
    void emptyBodyIs400() {
        given().contentType(ContentType.JSON).post("/v1/tenants/{t}/jobs", newTenant())
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void badTenantIdIs400() {
        submit("Bad_Tenant", echoJob("x")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("tenantId"));
    }

    @Test
    void unknownJobIs404Problem() {
        given().get("/v1/tenants/{t}/jobs/{id}", newTenant(), UUID.randomUUID().toString())
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agentplatform.dev/problems/not-found"));
    }

    @Test
    void malformedJobIdIs400() {
        given().get("/v1/tenants/{t}/jobs/{id}", newTenant(), "not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void wrongMediaTypeIs415Problem() {
        given().contentType(ContentType.TEXT).body("hello").post("/v1/tenants/{t}/jobs", newTenant())
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void unknownPathIs404Problem() {
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    private static ExecutionCompleted completion(String tenant, String jobId, Instant started) {
        return new ExecutionCompleted(UUID.randomUUID().toString(), tenant, started.plusMillis(42), null, jobId,
                "echo", "worker-1", ExecutionStatus.SUCCEEDED, started, 42,
                JsonNodeFactory.instance.objectNode().put("text", "one"), null, null, 1, ResourceUsage.none(), false);
    }
}
