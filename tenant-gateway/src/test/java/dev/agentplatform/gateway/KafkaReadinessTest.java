package dev.agentplatform.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The broker the admitted jobs go to does not answer: the gateway is not ready (it would answer
 * every submission with 503), but it is alive, so Kubernetes does not restart it.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.UnreachableBroker.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class KafkaReadinessTest {

    @Test
    void unreachableKafkaMakesTheGatewayUnreadyButNotDead() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.status", equalTo("DOWN")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
