package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.newTenant;
import static dev.agentplatform.gateway.GatewayTestSupport.redis;
import static dev.agentplatform.gateway.GatewayTestSupport.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisTestResource;
import dev.agentplatform.events.CancelRequested;
import dev.agentplatform.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class JobApiTest {

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

    private static Response submitWithKey(String tenant, String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/v1/tenants/{t}/jobs", tenant);
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheOriginalJobWithoutASecondAdmission() {
        String tenant = newTenant();
        String key = "order-" + UUID.randomUUID();
        String first = submitWithKey(tenant, key, "{\"agentId\":\"echo\",\"input\":{\"a\":1,\"b\":2}}")
                .then().statusCode(202).extract().path("jobId");
        Response again = submitWithKey(tenant, key, "{ \"input\": {\"b\":2, \"a\":1}, \"agentId\": \"echo\" }");
        again.then().statusCode(202).header("Idempotent-Replayed", "true")
                .header("Location", org.hamcrest.Matchers.endsWith("/jobs/" + first));
        assertThat(again.jsonPath().getString("jobId")).isEqualTo(first);
        assertThat(redis("ZCARD", "tenant:{" + tenant + "}:leases")).isEqualTo("1");
        assertThat(redis("ZCARD", "tenant:{" + tenant + "}:requests")).isEqualTo("1");

        submitWithKey(tenant, key, "{\"agentId\":\"echo\",\"input\":{\"a\":3}}").then().statusCode(409)
                .contentType("application/problem+json")
                .body("jobId", equalTo(first));
        assertThat(redis("ZCARD", "tenant:{" + tenant + "}:leases")).isEqualTo("1");
        submitWithKey(tenant, "bad key with spaces", "{\"agentId\":\"echo\"}").then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItem("idempotencyKey"));
    }

    @Test
    void recentJobsPageNewestFirstAndFilterByStatus() {
        String tenant = GatewayTestSupport.newTenant(Map.of("maxCpuMilli", "10000"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit(tenant, echoJob("job " + i)).then().statusCode(202).extract().path("jobId"));
        }
        redis("HSET", "tenant:{" + tenant + "}:job:" + ids.get(2), "status", "FAILED");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("limit", 2);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            Response page = request.get("/v1/tenants/{t}/jobs", tenant);
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("items.jobId"));
            cursor = page.jsonPath().getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(3);

        given().queryParam("status", "FAILED").get("/v1/tenants/{t}/jobs", tenant).then().statusCode(200)
                .body("items.jobId", equalTo(List.of(ids.get(2))));
        given().queryParam("status", "EXPLODED").get("/v1/tenants/{t}/jobs", tenant).then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("cursor", "garbage").get("/v1/tenants/{t}/jobs", tenant).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void cancellingPublishesARequestKeyedByJobIdAndFinishedJobsCannotBeCancelled() {
        String tenant = newTenant();
        String jobId = submit(tenant, echoJob("long")).then().statusCode(202).extract().path("jobId");
        given().delete("/v1/tenants/{t}/jobs/{id}", tenant, jobId).then().statusCode(202)
                .body("jobId", equalTo(jobId))
                .body("cancelRequestedAt", notNullValue());
        ConsumerRecord<String, byte[]> record = kafka.awaitRecord(Topics.CONTROL,
                r -> KafkaEvents.decode(r) instanceof CancelRequested c && c.jobId().equals(jobId), Duration.ofSeconds(30));
        assertThat(record.key()).isEqualTo(jobId);
        assertThat(((CancelRequested) KafkaEvents.decode(record)).tenantId()).isEqualTo(tenant);

        redis("HSET", "tenant:{" + tenant + "}:job:" + jobId, "status", "SUCCEEDED");
        given().delete("/v1/tenants/{t}/jobs/{id}", tenant, jobId).then().statusCode(409)
                .contentType("application/problem+json");
        given().delete("/v1/tenants/{t}/jobs/{id}", tenant, UUID.randomUUID().toString()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void usageReportsFiguresAndRatiosForEveryDimension() {
        String tenant = GatewayTestSupport.newTenant(Map.of("maxConcurrentAgents", "4"));
        submit(tenant, echoJob("a")).then().statusCode(202);
        submit(tenant, Map.of("agentId", "echo", "complexity", "high")).then().statusCode(202);
        given().get("/v1/tenants/{t}/usage", tenant).then().statusCode(200)
                .body("tenantId", equalTo(tenant))
                .body("usage.concurrentAgents", equalTo(2))
                .body("usage.memoryMb", equalTo(768))
                .body("usage.cpuCores", equalTo(1.25f))
                .body("usage.requestsPerMinute", equalTo(2))
                .body("quota.maxConcurrentAgents", equalTo(4))
                .body("quota.maxMemoryMb", equalTo(2048))
                .body("utilization.concurrentAgents", equalTo(0.5f))
                .body("utilization.memoryMb", equalTo(0.375f))
                .body("utilization.cpuCores", equalTo(0.625f))
                .body("utilization.requestsPerMinute", equalTo(0.002f));
        given().get("/v1/tenants/{t}/usage", GatewayTestSupport.unknownTenant()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void oversizedSubmissionsAre413Problems() {
        String big = "x".repeat(1_100_000);
        given().contentType(ContentType.JSON).body("{\"agentId\":\"echo\",\"input\":{\"text\":\"" + big + "\"}}")
                .post("/v1/tenants/{t}/jobs", newTenant())
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agentplatform.dev/problems/payload-too-large"));
    }

    @Test
    void oversizedChunkedSubmissionsAre413ProblemsAndReserveNothing() throws Exception {
        String tenant = newTenant();
        byte[] body = ("{\"agentId\":\"echo\",\"input\":{\"text\":\"" + "x".repeat(1_100_000) + "\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // a body publisher of unknown length is sent with Transfer-Encoding: chunked, without Content-Length
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/v1/tenants/" + tenant + "/jobs"))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .header("Authorization", GatewayTestSupport.bearer(null, "platform-admin"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("https://agentplatform.dev/problems/payload-too-large");
        given().get("/v1/tenants/{t}/usage", tenant).then().statusCode(200)
                .body("usage.concurrentAgents", equalTo(0));
    }

    @Test
    void theLargestAcceptedSubmissionFitsInAKafkaRecord() {
        long max = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("gateway.max-submission-bytes", Long.class);
        String head = "{\"agentId\":\"echo\",\"input\":{\"text\":\"";
        String tail = "\"}}";
        String body = head + "x".repeat((int) max - head.length() - tail.length()) + tail;
        assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize((int) max);
        // admitted and published (202), not refused by the producer as a record too large (503)
        given().contentType(ContentType.JSON).body(body).post("/v1/tenants/{t}/jobs", newTenant())
                .then().statusCode(202);
        given().contentType(ContentType.JSON).body(body.replace("{\"agentId\"", " {\"agentId\""))
                .post("/v1/tenants/{t}/jobs", newTenant())
                .then().statusCode(413).contentType("application/problem+json");
    }
}
