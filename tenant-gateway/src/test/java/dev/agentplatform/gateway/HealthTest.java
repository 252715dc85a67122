package dev.agentplatform.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Readiness covers Redis and Kafka; liveness covers neither, so Kubernetes takes the gateway out
 * of rotation when Redis goes away but does not restart it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class HealthTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void readinessReportsRedisAndKafka() {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Redis connection health check",
                        "SmallRye Reactive Messaging - readiness check")));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", not(hasItems("Redis connection health check")));
    }

    @Test
    void redisDownMakesTheGatewayUnreadyButNotDead() {
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
