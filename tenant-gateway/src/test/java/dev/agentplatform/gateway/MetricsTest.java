package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.newTenant;
import static dev.agentplatform.gateway.GatewayTestSupport.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.MetricsCatalogue;
import dev.agentplatform.devstack.Promtool;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's part of the metrics catalogue (docs/observability.md) on /q/metrics. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class MetricsTest {

    private static final List<MetricsCatalogue.Metric> CATALOGUE = MetricsCatalogue.of("tenant-gateway");

    @BeforeAll
    static void authenticate() {
        GatewayTestSupport.asPlatformAdmin();
    }

    /** The Prometheus text format (0.0.4), which promtool parses; Prometheus itself negotiates OpenMetrics. */
    private static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void admissionsAreCountedByTenantDecisionAndFirstExceededLimit() {
        String tenant = newTenant(Map.of("maxConcurrentAgents", "1"));
        submit(tenant, echoJob("one")).then().statusCode(202);
        submit(tenant, echoJob("two")).then().statusCode(429);

        assertThat(scrape())
                .contains("admission_decisions_total{decision=\"admitted\",limit=\"none\",tenant=\"" + tenant + "\",} 1.0")
                .contains("admission_decisions_total{decision=\"rejected\",limit=\"concurrent_agents\",tenant=\"" + tenant + "\",} 1.0")
                .contains("tenant_quota_utilization_ratio{resource=\"concurrent_agents\",tenant=\"" + tenant + "\",} 1.0");
    }

    @Test
    void everyCatalogueMetricOfTheGatewayIsExposedAndLintClean() {
        submit(newTenant(), echoJob("catalogue")).then().statusCode(202);
        String metrics = scrape();
        assertThat(Promtool.series(metrics)).containsAll(CATALOGUE.stream().map(MetricsCatalogue.Metric::series).toList());

        Assumptions.assumeTrue(Promtool.path().isPresent(), Promtool.MISSING);
        Promtool.Result result = Promtool.checkMetrics(metrics);
        assertThat(result.parseError()).isEmpty();
        assertThat(result.lintProblems(CATALOGUE.stream().map(MetricsCatalogue.Metric::name).toList())).isEmpty();
    }
}
