package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.newTenant;
import static dev.agentplatform.gateway.GatewayTestSupport.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Redis stops under the gateway: it must fail closed with 503s, and recover when Redis returns. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class RedisOutageTest {

    @org.junit.jupiter.api.BeforeAll
    static void authenticate() {
        GatewayTestSupport.asPlatformAdmin();
    }

    @Test
    void redisDownAnswers503AndRecoversWithNothingReserved() {
        RedisServer redis = RedisServer.shared();
        Assumptions.assumeTrue(redis.supportsRestart(), "needs a Redis this test can stop (redis-server child process)");
        String tenant = newTenant();
        redis.stop();
        try {
            submit(tenant, echoJob("while down")).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("type", equalTo("https://agentplatform.dev/problems/dependency-unavailable"));
            given().get("/v1/tenants/{t}/jobs/{id}", tenant, UUID.randomUUID().toString())
                    .then().statusCode(503).contentType("application/problem+json");
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            redis.restart();
        }
        // The test Redis restarts empty, so the tenant is registered again once it answers.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            redis.command("HSET", "tenant:{" + tenant + "}:quota", "status", "ACTIVE");
            submit(tenant, echoJob("after")).then().statusCode(202);
        });
        assertThat(redis.command("ZCARD", "tenant:{" + tenant + "}:leases")).isEqualTo("1");
        given().get("/q/health/ready").then().statusCode(200);
    }

    /**
     * Redis holds writes for longer than the gateway waits (CLIENT PAUSE), as an overloaded Redis
     * would: the submission is answered 503, and once Redis goes on, the admission that was held
     * there admits nothing, because the gateway withdrew its job. Nothing stays reserved, and the
     * client's retry with the same Idempotency-Key is a new admission, not a replay of a job that
     * was never published.
     */
    @Test
    void anAdmissionRedisRunsAfterTheGatewayGaveUpLeavesNothingReserved() {
        RedisServer redis = RedisServer.shared();
        String tenant = newTenant();
        redis.command("CLIENT", "PAUSE", "3500", "WRITE");
        given().contentType(ContentType.JSON).header("Idempotency-Key", "slow-redis").body(echoJob("slow"))
                .post("/v1/tenants/{t}/jobs", tenant).then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://agentplatform.dev/problems/dependency-unavailable"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(redis.command("EVAL_RO",
                "return #redis.call('KEYS', ARGV[1])", "0", "tenant:{" + tenant + "}:withdrawn:*"))
                .as("the job was withdrawn").isEqualTo("1"));
        assertThat(redis.command("ZCARD", "tenant:{" + tenant + "}:leases")).isEqualTo("0");
        assertThat(redis.command("ZCARD", "tenant:{" + tenant + "}:requests")).isEqualTo("0");
        assertThat(redis.command("ZCARD", "tenant:{" + tenant + "}:jobs")).isEqualTo("0");
        given().contentType(ContentType.JSON).header("Idempotency-Key", "slow-redis").body(echoJob("slow"))
                .post("/v1/tenants/{t}/jobs", tenant).then().statusCode(202)
                .header("Idempotent-Replayed", nullValue());
        assertThat(redis.command("ZCARD", "tenant:{" + tenant + "}:leases")).isEqualTo("1");
    }
}
