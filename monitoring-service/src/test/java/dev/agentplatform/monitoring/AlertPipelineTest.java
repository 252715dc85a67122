package dev.agentplatform.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.AlertResolved;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.events.Topics;
import dev.agentplatform.monitoring.webhook.WebhookDispatcher;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service on the real broker: Streams engine, REST, metrics, webhooks. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "agent.metrics:6,agent.alerts:3"))
@WithTestResource(WebhookStubResource.class)
class AlertPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaEvents kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaEvents.ofTestApplication();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void failuresFireOneAlertAndRecoveryResolvesIt() {
        String tenant = "m-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 6; i++) {
            send(tenant, ExecutionStatus.FAILED);
        }
        ConsumerRecord<String, byte[]> record = kafka.awaitRecord(Topics.ALERTS,
                r -> KafkaEvents.decode(r) instanceof AlertFiring a && a.tenantId().equals(tenant), WAIT);
        AlertFiring firing = (AlertFiring) KafkaEvents.decode(record);
        assertThat(record.key()).isEqualTo(firing.fingerprint());
        assertThat(firing.rule()).isEqualTo("error_rate_high");
        assertThat(firing.labels()).containsEntry("tenant", tenant).containsEntry("agent", "chaos");
        assertThat(firing.summary()).contains("5 of the last 5");
        assertThat(firing.traceId()).isNotNull();
        // A rebalance makes the state stores unavailable for a moment (503, Retry-After): retry like a client.
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                given().queryParam("tenant", tenant).get("/v1/alerts").then().statusCode(200)
                        .body("$", hasSize(1)).body("[0].fingerprint", equalTo(firing.fingerprint()))
                        .body("[0].status", equalTo("FIRING")));

        for (int i = 0; i < 10; i++) {
            send(tenant, ExecutionStatus.SUCCEEDED);
        }
        AlertResolved resolved = (AlertResolved) kafka.awaitEvent(Topics.ALERTS,
                e -> e instanceof AlertResolved r && r.tenantId().equals(tenant), WAIT);
        assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(resolved.startsAt()).isEqualTo(firing.startsAt());
        assertThat(resolved.endsAt()).isAfterOrEqualTo(resolved.startsAt());
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                given().queryParam("tenant", tenant).get("/v1/alerts").then().body("$", hasSize(0)));
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                given().queryParam("tenant", tenant).queryParam("status", "resolved").get("/v1/alerts").then()
                        .statusCode(200).body("$", hasSize(1)).body("[0].endsAt", equalTo(resolved.endsAt().toString())));

        List<PlatformEvent> firings = kafka.events(Topics.ALERTS, e -> e instanceof AlertFiring a && a.tenantId().equals(tenant));
        assertThat(firings).as("only the transition is published, not every failing execution").hasSize(1);
    }

    @Test
    void sloViewAndGauges() {
        String tenant = "s-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 4; i++) {
            send(tenant, i == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED);
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/v1/slo/" + tenant).then().statusCode(200)
                .body("objectives.find { it.slo == 'availability' }.events", equalTo(4))
                .body("objectives.find { it.slo == 'availability' }.badEvents", equalTo(1))
                .body("objectives.find { it.slo == 'availability' }.windows.'5m'.burnRate", equalTo(250.0f))
                .body("objectives.find { it.slo == 'availability' }.budgetRemaining", equalTo(-249.0f)));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String burn = metrics.lines()
                .filter(l -> l.startsWith("slo_burn_rate{slo=\"availability\",tenant=\"" + tenant + "\",window=\"5m\"}"))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(burn.substring(burn.lastIndexOf(' ') + 1))).isCloseTo(250.0, within(1e-6));
        assertThat(metrics).contains("slo_error_budget_remaining{slo=\"availability\",tenant=\"" + tenant + "\"}");
        assertThat(metrics).contains("alerts_firing{severity=\"CRITICAL\"}");
    }

    @Test
    void readinessReflectsKafkaAndTheStreamsState() {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'alert engine (Kafka Streams)' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'alert engine (Kafka Streams)' }.data.state", equalTo("RUNNING"))
                .body("checks.find { it.name == 'Kafka Streams topics health check' }.status", equalTo("UP")));
    }

    @Test
    void unknownTenantSloIs404AndBadInputIs400Problem() {
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                given().get("/v1/slo/nobody-here").then().statusCode(404).contentType("application/problem+json"));
        given().get("/v1/slo/NOT VALID").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("tenant", "NOT VALID").get("/v1/alerts").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("status", "burning").get("/v1/alerts").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void webhooksGetSignedTransitionsAndRetries() throws Exception {
        for (String tenant : List.of("hooked", "flaky")) {
            for (int i = 0; i < 5; i++) {
                send(tenant, ExecutionStatus.FAILED);
            }
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            List<String> lines = received();
            assertThat(lines).anyMatch(l -> l.startsWith("/hook\t") && l.contains("\talert.firing\t200\t"));
            assertThat(lines).filteredOn(l -> l.startsWith("/flaky\t")).extracting(l -> l.split("\t")[3])
                    .as("two failures, then delivered").containsExactly("500", "500", "200");
        });
        String hook = received().stream().filter(l -> l.startsWith("/hook\t")).findFirst().orElseThrow();
        String[] fields = hook.split("\t", 5);
        assertThat(fields[1]).isEqualTo(WebhookDispatcher.signature(WebhookStubResource.SECRET,
                fields[4].getBytes(StandardCharsets.UTF_8)));
        assertThat(fields[4]).contains("\"tenantId\":\"hooked\"", "\"rule\":\"error_rate_high\"");
        assertThat(received()).filteredOn(l -> l.startsWith("/flaky\t")).allMatch(l -> l.split("\t")[1].equals("null"));
    }

    private static List<String> received() throws Exception {
        String base = ConfigProvider.getConfig().getValue("webhook.stub.url", String.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/received")).build(), HttpResponse.BodyHandlers.ofString());
        return response.body().isEmpty() ? List.of() : Arrays.asList(response.body().split("\n"));
    }

    private static void send(String tenant, ExecutionStatus status) {
        Instant now = Instant.now();
        String trace = "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01";
        ExecutionCompleted completed = new ExecutionCompleted(UUID.randomUUID().toString(), tenant, now, trace,
                UUID.randomUUID().toString(), "chaos", "worker-1", status, now.minusMillis(10), 10, null,
                status == ExecutionStatus.FAILED ? "ChaosFailure" : null, null, 1, ResourceUsage.none(), false);
        kafka.send(Topics.METRICS, tenant, completed, "/test");
    }
}
