package dev.agentplatform.gateway;

import static dev.agentplatform.gateway.GatewayTestSupport.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.agentplatform.common.security.Roles;
import dev.agentplatform.devstack.DevTokens;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint, called without a token, with a token of another tenant, with a token of the right
 * tenant but the wrong role, and with the right one.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class SecurityTest {

    private static final String JOB_BODY = "{\"agentId\":\"echo\",\"input\":{\"text\":\"hi\"}}";
    private static final String TENANT_BODY = "{\"name\":\"Tenant\",\"isolationLevel\":\"SHARED\"}";

    private static String tenantA;
    private static String tenantB;
    private static String jobOfA;

    /** One endpoint: how to call it for a tenant, and which tenant roles may. */
    record Endpoint(String name, List<String> allowedRoles, Call call) {
    }

    @FunctionalInterface
    interface Call {
        Response on(RequestSpecification request, String tenant);
    }

    /** Once per class, but after Quarkus has pointed RestAssured at the application (not in @BeforeAll). */
    @BeforeEach
    void tenants() {
        if (jobOfA != null) {
            GatewayTestSupport.anonymous();
            return;
        }
        GatewayTestSupport.asPlatformAdmin();
        tenantA = GatewayTestSupport.unknownTenant();
        tenantB = GatewayTestSupport.unknownTenant();
        for (String t : List.of(tenantA, tenantB)) {
            given().contentType(ContentType.JSON).body(TENANT_BODY).put("/v1/tenants/{t}", t).then().statusCode(201);
        }
        jobOfA = given().contentType(ContentType.JSON).body(JOB_BODY).post("/v1/tenants/{t}/jobs", tenantA)
                .then().statusCode(202).extract().path("jobId");
        GatewayTestSupport.anonymous();
    }

    private static List<Endpoint> tenantEndpoints() {
        List<String> readers = List.of(Roles.VIEWER, Roles.SUBMITTER, Roles.TENANT_ADMIN);
        List<String> writers = List.of(Roles.SUBMITTER, Roles.TENANT_ADMIN);
        return List.of(
                new Endpoint("submit", writers, (r, t) -> r.contentType(ContentType.JSON).body(JOB_BODY)
                        .post("/v1/tenants/{t}/jobs", t)),
                new Endpoint("get job", readers, (r, t) -> r.get("/v1/tenants/{t}/jobs/{id}", t, jobOfA)),
                new Endpoint("list jobs", readers, (r, t) -> r.get("/v1/tenants/{t}/jobs", t)),
                new Endpoint("cancel job", writers, (r, t) -> r.delete("/v1/tenants/{t}/jobs/{id}", t,
                        UUID.randomUUID().toString())),
                new Endpoint("usage", readers, (r, t) -> r.get("/v1/tenants/{t}/usage", t)),
                new Endpoint("get tenant", List.of(Roles.VIEWER, Roles.TENANT_ADMIN), (r, t) -> r.get("/v1/tenants/{t}", t)),
                new Endpoint("put tenant", List.of(), (r, t) -> r.contentType(ContentType.JSON).body(TENANT_BODY)
                        .put("/v1/tenants/{t}", t)),
                new Endpoint("deactivate tenant", List.of(), (r, t) -> r.header("If-Match", "\"999\"")
                        .delete("/v1/tenants/{t}", t)),
                new Endpoint("list tenants", List.of(), (r, t) -> r.get("/v1/tenants")));
    }

    @Test
    void withoutATokenEveryEndpointIs401() {
        for (Endpoint endpoint : tenantEndpoints()) {
            endpoint.call().on(given(), tenantA).then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("type", equalTo("https://agentplatform.dev/problems/unauthorized"));
        }
    }

    @Test
    void tokensThatDoNotVerifyAre401() {
        String wrongIssuer = DevTokens.mint("x", tenantA, List.of(Roles.TENANT_ADMIN), "https://elsewhere", Duration.ofHours(1));
        String expired = DevTokens.mint("x", tenantA, List.of(Roles.TENANT_ADMIN), DevTokens.ISSUER, Duration.ofHours(-2));
        // The valid token is accepted first (and so remembered by the gateway's verified-token cache);
        // its tampered copy keeps its header and signature and must still be refused.
        String valid = DevTokens.mint(tenantA, List.of(Roles.VIEWER));
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + valid).get("/v1/tenants/{t}/usage", tenantA)
                    .then().statusCode(200);
        }
        String tampered = valid.replaceFirst("\\.[^.]+\\.", "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("{\"iss\":\"" + DevTokens.ISSUER + "\",\"sub\":\"x\",\"groups\":[\"platform-admin\"],\"exp\":9999999999}").getBytes())
                + ".");
        for (String token : List.of(wrongIssuer, expired, tampered, "not-a-jwt")) {
            given().header("Authorization", "Bearer " + token).get("/v1/tenants/{t}/usage", tenantA)
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void aTokenOfAnotherTenantIs403OnEveryEndpointWhateverItsRoles() {
        String otherTenant = bearer(tenantB, Roles.TENANT_ADMIN, Roles.SUBMITTER, Roles.VIEWER);
        for (Endpoint endpoint : tenantEndpoints()) {
            endpoint.call().on(given().header("Authorization", otherTenant), tenantA).then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://agentplatform.dev/problems/forbidden"));
        }
    }

    @Test
    void eachRoleReachesExactlyTheEndpointsItIsFor() {
        for (String role : List.of(Roles.VIEWER, Roles.SUBMITTER, Roles.TENANT_ADMIN)) {
            for (Endpoint endpoint : tenantEndpoints()) {
                int status = endpoint.call().on(given().header("Authorization", bearer(tenantA, role)), tenantA)
                        .then().extract().statusCode();
                if (endpoint.allowedRoles().contains(role)) {
                    assertThat(status).as(role + " on " + endpoint.name()).isNotIn(401, 403);
                } else {
                    assertThat(status).as(role + " on " + endpoint.name()).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void platformAdminsReachEveryEndpointOfEveryTenant() {
        String admin = bearer(null, Roles.PLATFORM_ADMIN);
        for (Endpoint endpoint : tenantEndpoints()) {
            int status = endpoint.call().on(given().header("Authorization", admin), tenantA).then().extract().statusCode();
            assertThat(status).as(endpoint.name()).isNotIn(401, 403);
        }
    }

    @Test
    void operationalEndpointsNeedNoToken() {
        for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi")) {
            assertThat(given().get(path).then().extract().statusCode()).as(path).isEqualTo(200);
        }
    }
}
