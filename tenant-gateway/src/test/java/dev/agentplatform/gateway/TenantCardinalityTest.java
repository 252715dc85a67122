package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.echoJob;
import static dev.agentplatform.gateway.GatewayTestSupport.newTenant;
import static dev.agentplatform.gateway.GatewayTestSupport.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With room for two tenants, the third tenant's admissions are counted under tenant="_overflow". */
@QuarkusTest
@TestProfile(TenantCardinalityTest.TwoTenants.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class TenantCardinalityTest {

    public static class TwoTenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.metrics.max-tenants", "2");
        }
    }

    @BeforeAll
    static void authenticate() {
        GatewayTestSupport.asPlatformAdmin();
    }

    @Test
    void tenantsBeyondTheBoundShareOneSeries() {
        String first = newTenant();
        String second = newTenant();
        String third = newTenant();
        String fourth = newTenant();
        for (String tenant : new String[] {first, second, third, fourth}) {
            submit(tenant, echoJob("hello")).then().statusCode(202);
        }

        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("tenant=\"" + first + "\"", "tenant=\"" + second + "\"")
                .doesNotContain("tenant=\"" + third + "\"", "tenant=\"" + fourth + "\"")
                .contains("admission_decisions_total{decision=\"admitted\",limit=\"none\",tenant=\"_overflow\",} 2.0")
                // quota gauges of the overflow tenants are dropped, not merged
                .doesNotContain("tenant_quota_utilization_ratio{resource=\"concurrent_agents\",tenant=\"_overflow\"")
                .contains("metrics_tenant_label_tracked 2.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("metrics_tenant_label_overflow_total")).findFirst().orElseThrow())
                .doesNotEndWith(" 0.0");
    }
}
