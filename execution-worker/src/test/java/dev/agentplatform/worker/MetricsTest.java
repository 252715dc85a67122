package dev.agentplatform.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.devstack.MetricsCatalogue;
import dev.agentplatform.devstack.Promtool;
import dev.agentplatform.events.ExecutionRequested;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The worker's part of the metrics catalogue (docs/observability.md) on /q/metrics. */
@QuarkusTest
class MetricsTest extends WorkerTestSupport {

    private static final List<MetricsCatalogue.Metric> CATALOGUE = MetricsCatalogue.of("execution-worker");

    /** The Prometheus text format (0.0.4), which promtool parses; Prometheus itself negotiates OpenMetrics. */
    private static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void aFinishedJobIsCountedTimedAndChargedUnderItsTenantAndAgent() {
        ExecutionRequested job = job("llm-chat", JsonNodeFactory.instance.objectNode().put("prompt", "Count me"), 60);
        submit(job);
        completionOf(job);
        String t = "tenant=\"" + job.tenantId() + "\"";
        String a = "agent=\"llm-chat\"";
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(scrape())
                .contains("agent_requests_total{" + a + ",status=\"SUCCEEDED\"," + t + ",} 1.0")
                .contains("agent_request_duration_seconds_count{" + a + "," + t + ",} 1.0")
                .contains("agent_active_executions{" + a + "," + t + ",} 0.0")
                .contains("agent_tokens_total{" + a + ",kind=\"prompt\"," + t + ",} " + (double) OpenAiStubResource.PROMPT_TOKENS)
                .contains("agent_tokens_total{" + a + ",kind=\"completion\"," + t + ",} " + (double) OpenAiStubResource.COMPLETION_TOKENS)
                .contains("agent_cost_total{" + a + "," + t + ",}"));
        List<String> buckets = scrape().lines()
                .filter(l -> l.startsWith("agent_request_duration_seconds_bucket{" + a + "," + t + ","))
                .map(l -> l.substring(l.indexOf("le=\"") + 4, l.indexOf("\",}"))).toList();
        assertThat(buckets).containsExactlyInAnyOrder("0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
    }

    @Test
    void everyCatalogueMetricOfTheWorkerIsExposedAndLintClean() {
        ExecutionRequested job = job("llm-chat", JsonNodeFactory.instance.objectNode().put("prompt", "Catalogue"), 60);
        submit(job);
        completionOf(job);
        List<String> series = CATALOGUE.stream().map(MetricsCatalogue.Metric::series).toList();
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(Promtool.series(scrape())).containsAll(series));

        Assumptions.assumeTrue(Promtool.path().isPresent(), Promtool.MISSING);
        Promtool.Result result = Promtool.checkMetrics(scrape());
        assertThat(result.parseError()).isEmpty();
        assertThat(result.lintProblems(CATALOGUE.stream().map(MetricsCatalogue.Metric::name).toList())).isEmpty();
    }
}
