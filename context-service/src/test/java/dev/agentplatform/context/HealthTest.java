package dev.agentplatform.context;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.agentplatform.context.support.JwtTestResource;
import dev.agentplatform.context.support.SourcesTestResource;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Readiness covers Redis; liveness does not, so Kubernetes takes context-service out
 * of rotation when Redis goes away but does not restart it.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(SourcesTestResource.class)
class HealthTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void readinessReportsRedis() {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Redis connection health check")));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", not(hasItems("Redis connection health check")));
    }

    @Test
    void redisDownMakesTheServiceUnreadyButNotDead() {
        RedisServer redis = RedisServer.shared();
        Assumptions.assumeTrue(redis.supportsRestart(), "needs a Redis this test can stop (redis-server child process)");
        redis.stop();
        try {
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'Redis connection health check' }.status", equalTo("DOWN")));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            redis.restart();
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/live").then().statusCode(200);
    }
}
