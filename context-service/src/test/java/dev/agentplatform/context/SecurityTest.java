package dev.agentplatform.context;

import static dev.agentplatform.context.support.Api.admin;
import static dev.agentplatform.context.support.Api.as;
import static dev.agentplatform.context.support.Api.put;
import static dev.agentplatform.context.support.Api.tenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.agentplatform.context.support.JwtTestResource;
import dev.agentplatform.context.support.SourcesTestResource;
import dev.agentplatform.context.support.Tokens;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(SourcesTestResource.class)
class SecurityTest {

    private static final String PROMPT = "{\"basePrompt\":\"Do it.\",\"keys\":[\"doc\"],\"strategy\":\"append\",\"maxChars\":1000}";

    /** Every endpoint, as a request against tenant {@code t}. */
    private record Endpoint(String name, Function<RequestSpecification, Response> call) {
    }

    private static List<Endpoint> endpoints(String t) {
        return List.of(
                new Endpoint("PUT entry", r -> r.contentType(ContentType.JSON).body("{\"value\":{\"x\":1}}")
                        .put("/v1/tenants/{t}/context/global/global/doc", t)),
                new Endpoint("GET entry", r -> r.get("/v1/tenants/{t}/context/global/global/doc", t)),
                new Endpoint("DELETE entry", r -> r.delete("/v1/tenants/{t}/context/global/global/doc", t)),
                new Endpoint("list", r -> r.queryParam("scope", "global").get("/v1/tenants/{t}/context/entries", t)),
                new Endpoint("resolve", r -> r.queryParam("keys", "doc").get("/v1/tenants/{t}/context/resolve", t)),
                new Endpoint("prompt", r -> r.contentType(ContentType.JSON).body(PROMPT).post("/v1/tenants/{t}/context/prompt", t)),
                new Endpoint("PUT policy", r -> r.contentType(ContentType.JSON).body("{\"enforcementLevel\":\"advisory\"}")
                        .put("/v1/tenants/{t}/policies/global/global", t)),
                new Endpoint("GET policy", r -> r.get("/v1/tenants/{t}/policies/global/global", t)),
                new Endpoint("DELETE policy", r -> r.delete("/v1/tenants/{t}/policies/global/global", t)));
    }

    @Test
    void everyEndpointAnswers401WithoutAValidToken() {
        String t = tenant();
        for (Endpoint endpoint : endpoints(t)) {
            endpoint.call().apply(given()).then().statusCode(401).contentType("application/problem+json");
            endpoint.call().apply(as(Tokens.forged(t))).then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void everyEndpointAnswers403ForAnotherTenantsToken() {
        String victim = tenant();
        put(victim, "global/global/doc", "{\"value\":{\"secret\":true}}");
        String attacker = tenant();
        for (Endpoint endpoint : endpoints(victim)) {
            endpoint.call().apply(admin(attacker)).then().statusCode(403).contentType("application/problem+json");
        }
        admin(victim).get("/v1/tenants/{t}/context/global/global/doc", victim).then().statusCode(200)
                .body("value.secret", equalTo(true));
    }

    @Test
    void rolesLimitWhatATenantMemberMayDo() {
        String t = tenant();
        as(Tokens.of(t, "viewer")).contentType(ContentType.JSON).body("{\"value\":{}}")
                .put("/v1/tenants/{t}/context/global/global/doc", t).then().statusCode(403);
        as(Tokens.of(t, "submitter")).contentType(ContentType.JSON).body("{\"value\":{}}")
                .put("/v1/tenants/{t}/context/global/global/doc", t).then().statusCode(200);
        as(Tokens.of(t, "submitter")).contentType(ContentType.JSON).body("{\"enforcementLevel\":\"advisory\"}")
                .put("/v1/tenants/{t}/policies/global/global", t).then().statusCode(403);
        as(Tokens.of(t)).get("/v1/tenants/{t}/context/global/global/doc", t).then().statusCode(403);
        as(Tokens.of(t, "viewer")).get("/v1/tenants/{t}/context/global/global/doc", t).then().statusCode(200);
        as(Tokens.of("some-tenant", "platform-admin")).get("/v1/tenants/{t}/context/global/global/doc", t)
                .then().statusCode(200);
    }

    @Test
    void platformServiceMayResolveAndBuildPromptsForAnyTenantButNothingElse() {
        String t = tenant();
        put(t, "global/global/doc", "{\"value\":{\"x\":1}}");
        as(Tokens.service()).queryParam("keys", "doc").get("/v1/tenants/{t}/context/resolve", t).then().statusCode(200)
                .body("entries.doc.value.x", equalTo(1));
        as(Tokens.service()).contentType(ContentType.JSON).body(PROMPT).post("/v1/tenants/{t}/context/prompt", t)
                .then().statusCode(200).body("included", contains("doc"));
        as(Tokens.service()).get("/v1/tenants/{t}/context/global/global/doc", t).then().statusCode(403);
        as(Tokens.service()).contentType(ContentType.JSON).body("{\"value\":{}}")
                .put("/v1/tenants/{t}/context/global/global/doc", t).then().statusCode(403);
    }

    @Test
    void readRolesAreEnforcedOnGetListResolveAndPrompt() {
        String t = tenant();
        put(t, "global/global/doc", "{\"value\":{\"public\":1}}");
        put(t, "project/p1/doc", "{\"value\":{\"salary\":100},\"readRoles\":[\"auditor\"],\"tags\":[\"hr\"]}");
        RequestSpecification viewer = as(Tokens.of(t, "viewer"));
        viewer.get("/v1/tenants/{t}/context/project/p1/doc", t).then().statusCode(403);
        as(Tokens.of(t, "viewer")).queryParam("tag", "hr").get("/v1/tenants/{t}/context/entries", t).then()
                .statusCode(200).body("entries", empty()).body("withheld", equalTo(1));
        as(Tokens.of(t, "viewer")).queryParam("keys", "doc").queryParam("project", "p1")
                .get("/v1/tenants/{t}/context/resolve", t).then().statusCode(200)
                .body("entries.doc.value.public", equalTo(1)).body("entries.doc.value.salary", nullValue())
                .body("withheld.key", contains("doc")).body("withheld.scope", contains("PROJECT"));
        as(Tokens.service()).contentType(ContentType.JSON)
                .body("{\"basePrompt\":\"Go.\",\"keys\":[\"doc\"],\"scope\":{\"project\":\"p1\"},\"strategy\":\"append\",\"maxChars\":1000}")
                .post("/v1/tenants/{t}/context/prompt", t).then().statusCode(200)
                .body("prompt", not(org.hamcrest.Matchers.containsString("salary")))
                .body("withheld.key", hasItem("doc"));
        as(Tokens.of(t, "viewer", "auditor")).queryParam("keys", "doc").queryParam("project", "p1")
                .get("/v1/tenants/{t}/context/resolve", t).then()
                .body("entries.doc.value.salary", equalTo(100)).body("withheld", empty());
    }

    @Test
    void writeRolesAreEnforcedOnReplaceAndDelete() {
        String t = tenant();
        put(t, "global/global/locked", "{\"value\":{},\"writeRoles\":[\"tenant-admin\"]}");
        as(Tokens.of(t, "submitter")).contentType(ContentType.JSON).body("{\"value\":{\"x\":1}}")
                .put("/v1/tenants/{t}/context/global/global/locked", t).then().statusCode(403);
        as(Tokens.of(t, "submitter")).delete("/v1/tenants/{t}/context/global/global/locked", t).then().statusCode(403);
        admin(t).delete("/v1/tenants/{t}/context/global/global/locked", t).then().statusCode(204);
    }
}
