package dev.agentplatform.context;

import static dev.agentplatform.context.support.Api.admin;
import static dev.agentplatform.context.support.Api.as;
import static dev.agentplatform.context.support.Api.put;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.agentplatform.context.support.Api;
import dev.agentplatform.context.support.JwtTestResource;
import dev.agentplatform.context.support.SourcesTestResource;
import dev.agentplatform.context.support.Tokens;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(SourcesTestResource.class)
class ProvidersTest {

    private static String tenant(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void policyProviderAnswersTheBasePoliciesOfItsFile() {
        String t = Api.tenant();
        as(Tokens.of(t, "viewer")).queryParam("keys", "policy").get("/v1/tenants/{t}/context/resolve", t).then()
                .statusCode(200)
                .body("providersConsulted", containsInAnyOrder("policy", "stored"))
                .body("entries.policy.value.policyVersion", equalTo("2025.1"))
                .body("entries.policy.value.complianceFrameworks", contains("GDPR", "SOX", "HIPAA", "ISO27001"))
                .body("entries.policy.value.policies.data_handling.retention_period_days", equalTo(2555))
                .body("entries.policy.value.policies.security.session_timeout_minutes", equalTo(60))
                .body("entries.policy.value.policies.security.elevated_permissions", nullValue())
                .body("entries.policy.value.roleOverrides", nullValue());
    }

    @Test
    void policyRoleOverridesFollowTheCallersRoles() {
        String t = Api.tenant();
        as(Tokens.of(t, "tenant-admin", "data-scientist")).queryParam("keys", "policy")
                .get("/v1/tenants/{t}/context/resolve", t).then()
                .body("entries.policy.value.policies.security.elevated_permissions", equalTo(true))
                .body("entries.policy.value.policies.security.session_timeout_minutes", equalTo(60))
                .body("entries.policy.value.policies.ai_governance.model_experimentation_allowed", equalTo(true))
                .body("entries.policy.contributions.scopeId", hasItem("role:tenant-admin"));
    }

    @Test
    void tenantPolicyOverridesMergeAlongTheScopeChainAndWinOverStoredEntries() {
        String t = Api.tenant();
        admin(t).contentType(ContentType.JSON).body("{\"policyVersion\":\"2025.1-acme\",\"policies\":{\"security\":{\"session_timeout_minutes\":15}}}")
                .put("/v1/tenants/{t}/policies/global/global", t).then().statusCode(200);
        admin(t).contentType(ContentType.JSON).body("{\"policies\":{\"security\":{\"session_timeout_minutes\":5}}}")
                .put("/v1/tenants/{t}/policies/project/p1", t).then().statusCode(200);
        put(t, "project/p1/policy", "{\"value\":{\"policyVersion\":\"mine\",\"region\":\"us\"}}");
        as(Tokens.of(t, "viewer")).queryParam("keys", "policy").queryParam("project", "p1")
                .get("/v1/tenants/{t}/context/resolve", t).then()
                .body("entries.policy.value.policyVersion", equalTo("2025.1-acme"))
                .body("entries.policy.value.region", equalTo("us"))
                .body("entries.policy.value.policies.security.session_timeout_minutes", equalTo(5))
                .body("entries.policy.value.policies.security.audit_logging_required", equalTo(true))
                .body("entries.policy.contributions.provider", contains("policy", "policy", "policy", "stored"));
        as(Tokens.of(t, "viewer")).queryParam("keys", "policy").get("/v1/tenants/{t}/context/resolve", t).then()
                .body("entries.policy.value.policies.security.session_timeout_minutes", equalTo(15));
        admin(t).delete("/v1/tenants/{t}/policies/global/global", t).then().statusCode(204);
        as(Tokens.of(t, "viewer")).queryParam("keys", "policy").get("/v1/tenants/{t}/context/resolve", t).then()
                .body("entries.policy.value.policies.security.session_timeout_minutes", equalTo(60));
        admin(t).contentType(ContentType.JSON).body("[1]").put("/v1/tenants/{t}/policies/global/global", t)
                .then().statusCode(400);
    }

    @Test
    void businessProviderReadsItsDirectoryWithTenantDocumentsMergedOver() {
        String other = Api.tenant();
        as(Tokens.of(other, "viewer")).queryParam("keys", "market_conditions,financial_constraints")
                .get("/v1/tenants/{t}/context/resolve", other).then()
                .body("providersFailed", empty())
                .body("entries.market_conditions.value.market_sentiment", equalTo("cautiously_optimistic"))
                .body("entries.financial_constraints.value.budget_utilization_percent", equalTo(67.8f));
        String t = SourcesTestResource.BUSINESS_TENANT;
        as(Tokens.of(t, "viewer")).queryParam("keys", "market_conditions").get("/v1/tenants/{t}/context/resolve", t).then()
                .body("entries.market_conditions.value.market_sentiment", equalTo("bullish"))
                .body("entries.market_conditions.value.industry_trends.ai_adoption_rate", equalTo("accelerating"));
    }

    @Test
    void businessProviderReadsHttpSourcesAndCachesThem() {
        String t = Api.tenant();
        int call = as(Tokens.of(t, "viewer")).queryParam("keys", "regulatory_environment")
                .get("/v1/tenants/{t}/context/resolve", t).then()
                .body("providersFailed", empty())
                .body("entries.regulatory_environment.value.tenant", equalTo(t))
                .body("entries.regulatory_environment.value.regimes", contains("EU AI Act"))
                .extract().path("entries.regulatory_environment.value.call");
        as(Tokens.of(t, "viewer")).queryParam("keys", "regulatory_environment")
                .get("/v1/tenants/{t}/context/resolve", t).then()
                .body("entries.regulatory_environment.value.call", equalTo(call));
        String down = tenant("down-");
        as(Tokens.of(down, "viewer")).queryParam("keys", "regulatory_environment,market_conditions")
                .get("/v1/tenants/{t}/context/resolve", down).then().statusCode(200)
                .body("providersFailed", contains("business"))
                .body("providerErrors.business", containsString("500"));
    }

    @Test
    void operationalProviderReportsWhatMonitoringServiceSays() {
        String t = Api.tenant();
        as(Tokens.of(t, "viewer")).queryParam("keys", "operational").get("/v1/tenants/{t}/context/resolve", t).then()
                .body("providersFailed", empty())
                .body("entries.operational.value.firingAlertCount", equalTo(1))
                .body("entries.operational.value.firingAlerts[0].tenantId", equalTo(t))
                .body("entries.operational.value.slo.p95LatencyMs", equalTo(180.0f))
                .body("entries.operational.value.slo.errorBudgetRemaining", equalTo(0.7f));
    }

    @Test
    void aMonitoringServiceWithoutTheSloEndpointIsAProviderFailureNotAnError() {
        String t = tenant("noslo-");
        put(t, "global/global/operational", "{\"value\":{\"note\":\"kept\"}}");
        as(Tokens.of(t, "viewer")).queryParam("keys", "operational,policy").get("/v1/tenants/{t}/context/resolve", t)
                .then().statusCode(200)
                .body("providersFailed", contains("operational"))
                .body("providerErrors.operational", containsString("404"))
                .body("entries.operational.value.note", equalTo("kept"))
                .body("entries.policy.value.policyVersion", equalTo("2025.1"));
    }

    @Test
    void aHangingProviderIsReportedAsTimedOutAndTheOthersStillAnswer() {
        String t = tenant("hang-");
        put(t, "global/global/operational", "{\"value\":{\"note\":\"stored\"}}");
        as(Tokens.of(t, "viewer")).queryParam("keys", "operational,policy,market_conditions")
                .get("/v1/tenants/{t}/context/resolve", t).then().statusCode(200)
                .body("providersConsulted", containsInAnyOrder("policy", "operational", "stored", "business"))
                .body("providersFailed", contains("operational"))
                .body("providerErrors.operational", containsString("timed out"))
                .body("providerErrors", not(org.hamcrest.Matchers.hasKey("policy")))
                .body("entries.operational.value.note", equalTo("stored"))
                .body("entries.operational.value.firingAlerts", nullValue())
                .body("entries.policy.value.policyVersion", equalTo("2025.1"))
                .body("entries.market_conditions.value.market_sentiment", equalTo("cautiously_optimistic"));
    }
}
