package dev.agentplatform.context;

import static dev.agentplatform.context.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.context.support.JwtTestResource;
import dev.agentplatform.context.support.SourcesTestResource;
import dev.agentplatform.context.support.Tokens;
import dev.agentplatform.devstack.MetricsCatalogue;
import dev.agentplatform.devstack.Promtool;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The context service's part of the metrics catalogue (docs/observability.md) on /q/metrics. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(SourcesTestResource.class)
class MetricsTest {

    private static final List<MetricsCatalogue.Metric> CATALOGUE = MetricsCatalogue.of("context-service");

    /** The Prometheus text format (0.0.4), which promtool parses; Prometheus itself negotiates OpenMetrics. */
    private static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double providerFailures(String provider) {
        return scrape().lines().filter(l -> l.startsWith("context_provider_failures_total{provider=\"" + provider + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aFailingProviderIsCountedAndTheCatalogueIsExposedAndLintClean() {
        // SourcesTestResource's business source answers 500 for tenants named down-*.
        String down = "down-" + UUID.randomUUID().toString().substring(0, 8);
        double before = providerFailures("business");
        as(Tokens.of(down, "viewer")).queryParam("keys", "regulatory_environment,market_conditions")
                .get("/v1/tenants/{t}/context/resolve", down).then().statusCode(200);
        assertThat(providerFailures("business")).isEqualTo(before + 1);

        String metrics = scrape();
        assertThat(Promtool.series(metrics)).containsAll(CATALOGUE.stream().map(MetricsCatalogue.Metric::series).toList());
        Assumptions.assumeTrue(Promtool.path().isPresent(), Promtool.MISSING);
        Promtool.Result result = Promtool.checkMetrics(metrics);
        assertThat(result.parseError()).isEmpty();
        assertThat(result.lintProblems(CATALOGUE.stream().map(MetricsCatalogue.Metric::name).toList())).isEmpty();
    }
}
