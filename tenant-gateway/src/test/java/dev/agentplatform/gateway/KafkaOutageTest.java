package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.newTenant;
import static dev.agentplatform.gateway.GatewayTestSupport.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.agentplatform.devstack.FreePort;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The broker that admitted jobs go to does not answer: the client gets a 503 and the reservation
 * made for the job is withdrawn, so the tenant's capacity is not consumed by a job nobody will run.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.UnreachableBroker.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class KafkaOutageTest {

    @org.junit.jupiter.api.BeforeAll
    static void authenticate() {
        GatewayTestSupport.asPlatformAdmin();
    }

    /** Points the executions channel at a port where nothing listens, with short client timeouts. */
    public static class UnreachableBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.executions-out.bootstrap.servers", "127.0.0.1:" + FreePort.find(),
                    "gateway.kafka-hand-off-wait", "1500ms",
                    "mp.messaging.outgoing.executions-out.request.timeout.ms", "1000",
                    "mp.messaging.outgoing.executions-out.delivery.timeout.ms", "2000",
                    "mp.messaging.outgoing.tenants-out.bootstrap.servers", "127.0.0.1:" + FreePort.find(),
                    "mp.messaging.outgoing.tenants-out.max.block.ms", "1500",
                    "mp.messaging.outgoing.tenants-out.request.timeout.ms", "1000",
                    "mp.messaging.outgoing.tenants-out.delivery.timeout.ms", "2000",
                    "gateway.publish-timeout", "3s");
        }
    }

    @Test
    void unreachableKafkaAnswers503AndWithdrawsTheReservation() {
        String tenant = newTenant();
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .header("Idempotency-Key", "retry-me").body(echoJob("lost?"))
                .post("/v1/tenants/{t}/jobs", tenant).then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://agentplatform.dev/problems/dependency-unavailable"))
                .body("detail", containsString("Kafka"));
        RedisServer redis = RedisServer.shared();
        assertThat(redis.command("ZCARD", "tenant:{" + tenant + "}:leases")).isEqualTo("0");
        assertThat(redis.command("ZCARD", "tenant:{" + tenant + "}:jobs")).isEqualTo("0");
        assertThat(redis.command("ZCARD", "tenant:{" + tenant + "}:requests")).isEqualTo("0");
        assertThat(redis.command("HGET", "tenant:{" + tenant + "}:usage", "memoryMb")).isEqualTo("0");
        assertThat(redis.command("EXISTS", "tenant:{" + tenant + "}:idem:retry-me"))
                .as("the client's retry with the same key must be admitted afresh").isEqualTo("0");
    }

    @Test
    void aRegistryChangeKafkaDoesNotAcknowledgeIs503AndRepeatingItIsSafe() {
        String tenant = GatewayTestSupport.unknownTenant();
        Map<String, Object> body = Map.of("name", "Acme", "isolationLevel", "SHARED",
                "sloOverrides", Map.of("availabilityTarget", 0.99));
        for (int attempt = 0; attempt < 2; attempt++) {
            io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON).body(body)
                    .put("/v1/tenants/{t}", tenant).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("detail", containsString("repeat the request"));
        }
        // the registry kept the write (a replace: repeating it is harmless) and admission uses it
        io.restassured.RestAssured.given().get("/v1/tenants/{t}", tenant).then().statusCode(200)
                .body("sloOverrides.availabilityTarget", equalTo(0.99f));
    }
}
