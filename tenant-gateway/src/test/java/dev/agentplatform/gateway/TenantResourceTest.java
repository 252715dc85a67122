package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.submit;
import static dev.agentplatform.gateway.GatewayTestSupport.unknownTenant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class TenantResourceTest {

    @org.junit.jupiter.api.BeforeAll
    static void authenticate() {
        GatewayTestSupport.asPlatformAdmin();
    }

    private static Response put(String tenant, Object body, String header, String value) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (header != null) {
            request = request.header(header, value);
        }
        return request.put("/v1/tenants/{t}", tenant);
    }

    private static Map<String, Object> registration(String isolation, Map<String, Object> quota) {
        return Map.of("name", "Acme Corp", "isolationLevel", isolation, "quota", quota,
                "securityPolicies", Map.of("allowedAgents", List.of("echo"), "requireMfa", true),
                "compliance", Map.of("frameworks", List.of("GDPR"), "dataResidency", "eu"),
                "billing", Map.of("plan", "ENTERPRISE", "costCenter", "cc-1"),
                "sloOverrides", Map.of("availabilityTarget", 0.999, "latencyP95Ms", 800));
    }

    @Test
    void createReadReplaceWithETags() {
        String tenant = unknownTenant();
        put(tenant, registration("NAMESPACE", Map.of("maxConcurrentAgents", 3)), null, null).then().statusCode(201)
                .header("ETag", equalTo("\"1\""))
                .header("Location", endsWith("/v1/tenants/" + tenant))
                .body("tenantId", equalTo(tenant))
                .body("status", equalTo("ACTIVE"))
                .body("version", equalTo(1))
                .body("quota.maxConcurrentAgents", equalTo(3))
                .body("quota.maxMemoryMb", equalTo(2048))
                .body("quota.maxCpuCores", equalTo(2.0f))
                .body("quota.maxStorageGb", equalTo(10))
                .body("quota.maxRequestsPerMinute", equalTo(1000))
                .body("quota.maxExecutionTimeSeconds", equalTo(300));
        given().get("/v1/tenants/{t}", tenant).then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("name", equalTo("Acme Corp"))
                .body("isolationLevel", equalTo("NAMESPACE"))
                .body("securityPolicies.allowedAgents", hasItem("echo"))
                .body("compliance.frameworks", hasItem("GDPR"))
                .body("billing.plan", equalTo("ENTERPRISE"))
                .body("sloOverrides.latencyP95Ms", equalTo(800))
                .body("createdAt", notNullValue());

        put(tenant, registration("SHARED", Map.of()), "If-Match", "\"1\"").then().statusCode(200)
                .header("ETag", equalTo("\"2\""));
        put(tenant, registration("SHARED", Map.of()), "If-Match", "\"1\"").then().statusCode(412)
                .contentType("application/problem+json")
                .body("currentETag", equalTo("\"2\""));
        put(tenant, registration("SHARED", Map.of()), "If-None-Match", "*").then().statusCode(412);
        put(unknownTenant(), registration("SHARED", Map.of()), "If-Match", "*").then().statusCode(412);
        put(tenant, registration("SHARED", Map.of()), "If-Match", "not-an-etag").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theQuotaOfTheRegistrationIsWhatAdmissionEnforces() {
        String tenant = unknownTenant();
        put(tenant, registration("SHARED", Map.of("maxConcurrentAgents", 1)), null, null).then().statusCode(201);
        submit(tenant, echoJob("a")).then().statusCode(202);
        submit(tenant, echoJob("b")).then().statusCode(429).body("quota.maxConcurrentAgents", equalTo(1));
        put(tenant, registration("SHARED", Map.of("maxConcurrentAgents", 2)), null, null).then().statusCode(200);
        submit(tenant, echoJob("c")).then().statusCode(202);
        assertThat(RedisServer.shared().command("HGET", "tenant:{" + tenant + "}:quota", "maxCpuMilli")).isEqualTo("2000");
    }

    @Test
    void invalidRegistrationsAre400WithFieldViolations() {
        put(unknownTenant(), Map.of("name", "", "isolationLevel", "GALACTIC",
                "quota", Map.of("maxConcurrentAgents", 0, "maxMemoryMb", -5, "maxCpuCores", 0),
                "billing", Map.of("billingEmail", "nope")), null, null)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", containsInAnyOrder("name", "isolationLevel", "quota.maxConcurrentAgents",
                        "quota.maxMemoryMb", "quota.maxCpuCores", "billing.billingEmail"));
        put("Not_A_Tenant", registration("SHARED", Map.of()), null, null).then().statusCode(400)
                .body("violations.field", hasItem("tenantId"));
        given().contentType(ContentType.JSON).body("{\"name\": 3").put("/v1/tenants/{t}", unknownTenant())
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).put("/v1/tenants/{t}", unknownTenant())
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void deactivatedTenantsRefuseNewJobsAndUnknownOnesAre404() {
        String tenant = unknownTenant();
        put(tenant, registration("SHARED", Map.of()), null, null).then().statusCode(201);
        submit(tenant, echoJob("before")).then().statusCode(202);
        given().header("If-Match", "\"7\"").delete("/v1/tenants/{t}", tenant).then().statusCode(412);
        given().delete("/v1/tenants/{t}", tenant).then().statusCode(200)
                .body("status", equalTo("DEACTIVATED")).header("ETag", equalTo("\"2\""));
        submit(tenant, echoJob("after")).then().statusCode(409).contentType("application/problem+json");
        given().get("/v1/tenants/{t}", tenant).then().statusCode(200).body("status", equalTo("DEACTIVATED"));
        assertThat(RedisServer.shared().command("ZCARD", "tenant:{" + tenant + "}:leases"))
                .as("the running job keeps its lease").isEqualTo("1");

        put(tenant, registration("SHARED", Map.of()), null, null).then().statusCode(200).body("status", equalTo("ACTIVE"));
        submit(tenant, echoJob("again")).then().statusCode(202);

        String unknown = unknownTenant();
        given().get("/v1/tenants/{t}", unknown).then().statusCode(404).contentType("application/problem+json");
        given().delete("/v1/tenants/{t}", unknown).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listingPagesThroughEveryTenantInIdOrder() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String tenant = unknownTenant();
            put(tenant, registration("SHARED", Map.of()), null, null).then().statusCode(201);
            mine.add(tenant);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("limit", 2);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            Response page = request.get("/v1/tenants");
            page.then().statusCode(200);
            List<String> ids = page.jsonPath().getList("items.tenantId");
            assertThat(ids.size()).isLessThanOrEqualTo(2);
            seen.addAll(ids);
            cursor = page.jsonPath().getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsAll(mine).doesNotHaveDuplicates().isSorted();
        given().queryParam("limit", 0).get("/v1/tenants").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void bodiesDeclaredAboveTheServersLimitAre413Problems() throws Exception {
        // quarkus.http.limits.max-body-size is 10 MiB; the server alone would answer an empty 413
        byte[] body = ("{\"name\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://localhost:" + io.restassured.RestAssured.port + "/v1/tenants/big-body"))
                        .version(java.net.http.HttpClient.Version.HTTP_1_1)
                        .header("Content-Type", "application/json")
                        .header("Authorization", GatewayTestSupport.bearer(null, "platform-admin"))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("https://agentplatform.dev/problems/payload-too-large");
    }

    @Test
    void registryChangesAreAnnouncedWithTheTenantsSloTargets() {
        String tenant = unknownTenant();
        put(tenant, registration("SHARED", Map.of()), null, null).then().statusCode(201);
        try (dev.agentplatform.devstack.KafkaEvents kafka = dev.agentplatform.devstack.KafkaEvents.ofTestApplication()) {
            org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record = kafka.awaitRecord(
                    dev.agentplatform.events.Topics.METRICS,
                    r -> tenant.equals(r.key()) && dev.agentplatform.devstack.KafkaEvents.decode(r)
                            instanceof dev.agentplatform.events.TenantConfigured, java.time.Duration.ofSeconds(30));
            var configured = (dev.agentplatform.events.TenantConfigured) dev.agentplatform.devstack.KafkaEvents.decode(record);
            assertThat(configured.tenantId()).isEqualTo(tenant);
            assertThat(configured.active()).isTrue();
            assertThat(configured.slo()).isEqualTo(new dev.agentplatform.events.TenantConfigured.SloTargets(0.999, null, 800));
            assertThat(dev.agentplatform.devstack.KafkaEvents.header(record, "ce_type")).isEqualTo("tenant.configured");
            String updatedAt = given().get("/v1/tenants/{t}", tenant).then().statusCode(200).extract().path("updatedAt");
            assertThat(configured.occurredAt()).as("the version's own time").isEqualTo(java.time.Instant.parse(updatedAt));

            given().delete("/v1/tenants/{t}", tenant).then().statusCode(200);
            var deactivated = (dev.agentplatform.events.TenantConfigured) kafka.awaitEvent(dev.agentplatform.events.Topics.METRICS,
                    e -> e instanceof dev.agentplatform.events.TenantConfigured c && c.tenantId().equals(tenant) && !c.active(),
                    java.time.Duration.ofSeconds(30));
            assertThat(deactivated.slo()).as("targets kept for the jobs still running").isEqualTo(configured.slo());
        }
    }

    @jakarta.inject.Inject
    dev.agentplatform.gateway.tenant.TenantAnnouncer announcer;

    @Test
    void everyTenantIsAnnouncedAgainWithItsVersionsTime() {
        String first = unknownTenant();
        String second = unknownTenant();
        put(first, registration("SHARED", Map.of()), null, null).then().statusCode(201);
        put(second, registration("DEDICATED", Map.of()), null, null).then().statusCode(201);
        given().delete("/v1/tenants/{t}", second).then().statusCode(200);

        assertThat(announcer.announceAll().await().atMost(java.time.Duration.ofSeconds(30))).isGreaterThanOrEqualTo(2);
        try (dev.agentplatform.devstack.KafkaEvents kafka = dev.agentplatform.devstack.KafkaEvents.ofTestApplication()) {
            for (String tenant : List.of(first, second)) {
                String updatedAt = given().get("/v1/tenants/{t}", tenant).then().statusCode(200).extract().path("updatedAt");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> kafka
                        .events(dev.agentplatform.events.Topics.METRICS, e -> e instanceof dev.agentplatform.events.TenantConfigured c
                                && c.tenantId().equals(tenant) && c.occurredAt().equals(java.time.Instant.parse(updatedAt)))
                        .size() >= 2); // the write's own announcement and the repeated one: same version, same time
            }
            assertThat(kafka.events(dev.agentplatform.events.Topics.METRICS, e -> e instanceof dev.agentplatform.events.TenantConfigured c
                    && c.tenantId().equals(second)).stream().map(e -> ((dev.agentplatform.events.TenantConfigured) e).active())
                    .toList()).as("created active, then deactivated, then announced as it is now").containsExactly(true, false, false);
        }
    }
}
