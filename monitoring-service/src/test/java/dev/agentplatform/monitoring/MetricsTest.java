package dev.agentplatform.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.MetricsCatalogue;
import dev.agentplatform.devstack.Promtool;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.events.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The monitoring service's part of the metrics catalogue (docs/observability.md) on /q/metrics. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "agent.metrics:6,agent.alerts:3"))
@WithTestResource(WebhookStubResource.class)
class MetricsTest {

    private static final List<MetricsCatalogue.Metric> CATALOGUE = MetricsCatalogue.of("monitoring-service");
    private static KafkaEvents kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaEvents.ofTestApplication();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** The Prometheus text format (0.0.4), which promtool parses; Prometheus itself negotiates OpenMetrics. */
    private static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void everyCatalogueMetricOfTheMonitoringServiceIsExposedAndLintClean() {
        String tenant = "m-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        kafka.send(Topics.METRICS, tenant, new ExecutionCompleted(UUID.randomUUID().toString(), tenant, now, null,
                UUID.randomUUID().toString(), "echo", "worker-1", ExecutionStatus.SUCCEEDED, now.minusMillis(10), 10,
                null, null, null, 1, ResourceUsage.none(), false), "/test");
        List<String> series = CATALOGUE.stream().map(MetricsCatalogue.Metric::series).toList();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = scrape();
            assertThat(metrics).contains("slo_burn_rate{slo=\"availability\",tenant=\"" + tenant + "\",window=\"5m\",}");
            assertThat(Promtool.series(metrics)).containsAll(series);
        });
        // The lag that matters here is the alert engine's own (its Kafka Streams consumer), not only the webhooks'.
        assertThat(scrape().lines()).anyMatch(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag_max{")
                && l.contains("StreamThread") && l.contains("-consumer\""));

        Assumptions.assumeTrue(Promtool.path().isPresent(), Promtool.MISSING);
        Promtool.Result result = Promtool.checkMetrics(scrape());
        assertThat(result.parseError()).isEmpty();
        assertThat(result.lintProblems(CATALOGUE.stream().map(MetricsCatalogue.Metric::name).toList())).isEmpty();
    }
}
