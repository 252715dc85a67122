package dev.agentplatform.monitoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.monitoring.health.AlertEngineReadiness;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Readiness covers the alert engine and Kafka; liveness does not depend on Kafka being reachable. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "agent.metrics:6,agent.alerts:3"))
@WithTestResource(WebhookStubResource.class)
class HealthTest {

    @Test
    void readinessReportsTheAlertEngineAndKafkaAndLivenessDoesNot() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.name", hasItems(AlertEngineReadiness.NAME, "SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == '" + AlertEngineReadiness.NAME + "' }.data.state", equalTo("RUNNING")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", not(hasItems(AlertEngineReadiness.NAME)));
    }
}
