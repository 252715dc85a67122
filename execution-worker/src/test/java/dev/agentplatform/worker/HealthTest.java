package dev.agentplatform.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.worker.health.JobConsumerReadiness;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Readiness covers Redis, Kafka and the job consumer's partitions; liveness covers none of them,
 * so Kubernetes takes a worker out of rotation when Redis goes away but does not restart it.
 */
@QuarkusTest
class HealthTest extends WorkerTestSupport {

    @Test
    void readinessReportsRedisKafkaAndAssignedPartitions() {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Redis connection health check",
                        "SmallRye Reactive Messaging - readiness check", JobConsumerReadiness.NAME))
                .body("checks.find { it.name == '" + JobConsumerReadiness.NAME + "' }.data.partitions",
                        not(equalTo("none assigned"))));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", not(hasItems("Redis connection health check")));
    }

    @Test
    void redisDownMakesTheWorkerUnreadyButNotDead() {
        RedisServer redis = RedisServer.shared();
        Assumptions.assumeTrue(redis.supportsRestart(), "needs a Redis this test can stop (redis-server child process)");
        redis.stop();
        try {
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            redis.restart();
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }
}
