package dev.agentplatform.context;

import static dev.agentplatform.context.support.Api.admin;
import static dev.agentplatform.context.support.Api.put;
import static dev.agentplatform.context.support.Api.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.agentplatform.context.support.JwtTestResource;
import dev.agentplatform.context.support.SourcesTestResource;
import dev.agentplatform.devstack.Burst;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(SourcesTestResource.class)
class ContextResourceTest {

    @Test
    void entryCanBeWrittenReadAndDeletedWithFullMetadata() {
        String t = tenant();
        put(t, "project/p1/notes", "{\"value\":{\"region\":\"eu\"},\"priority\":7,\"tags\":[\"gdpr\"],"
                + "\"readRoles\":[\"viewer\"],\"writeRoles\":[\"tenant-admin\"]}");
        admin(t).get("/v1/tenants/{t}/context/project/p1/notes", t).then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("value.region", equalTo("eu")).body("priority", equalTo(7))
                .body("tags", contains("gdpr")).body("version", equalTo(1)).body("scope", equalTo("PROJECT"))
                .body("createdBy", equalTo("user-of-" + t)).body("createdAt", notNullValue())
                .body("readRoles", contains("viewer")).body("writeRoles", contains("tenant-admin"));
        put(t, "project/p1/notes", "{\"value\":{\"region\":\"us\"}}");
        admin(t).get("/v1/tenants/{t}/context/project/p1/notes", t).then().body("version", equalTo(2))
                .header("ETag", equalTo("\"2\""));
        admin(t).delete("/v1/tenants/{t}/context/project/p1/notes", t).then().statusCode(204);
        admin(t).get("/v1/tenants/{t}/context/project/p1/notes", t).then().statusCode(404)
                .contentType("application/problem+json");
    }

    /**
     * A burst of concurrent reads, more than Quarkus' default Redis pool holds (6 connections, 24
     * waiting), is answered in full: a healthy Redis never makes the service answer 503.
     */
    @Test
    void aBurstOfConcurrentReadsIsAnsweredInFull() throws Exception {
        String t = tenant();
        put(t, "project/p1/burst", "{\"value\":{\"n\":1}}");
        List<Integer> statuses = Burst.of(200, 100,
                i -> admin(t).get("/v1/tenants/{t}/context/project/p1/burst", t).statusCode());
        assertThat(statuses).hasSize(200).containsOnly(200);
    }

    @Test
    void ifMatchMakesWritesConditionalWith412() {
        String t = tenant();
        put(t, "global/global/limits", "{\"value\":{\"n\":1}}");
        admin(t).contentType(ContentType.JSON).header("If-Match", "\"1\"").body("{\"value\":{\"n\":2}}")
                .put("/v1/tenants/{t}/context/global/global/limits", t).then().statusCode(200)
                .header("ETag", equalTo("\"2\""));
        admin(t).contentType(ContentType.JSON).header("If-Match", "\"1\"").body("{\"value\":{\"n\":3}}")
                .put("/v1/tenants/{t}/context/global/global/limits", t).then().statusCode(412)
                .contentType("application/problem+json").body("detail", containsString("version 2"));
        admin(t).header("If-Match", "\"1\"").delete("/v1/tenants/{t}/context/global/global/limits", t).then().statusCode(412);
        admin(t).contentType(ContentType.JSON).header("If-Match", "*").body("{\"value\":{}}")
                .put("/v1/tenants/{t}/context/global/global/absent", t).then().statusCode(412);
        admin(t).get("/v1/tenants/{t}/context/global/global/limits", t).then().body("value.n", equalTo(2));
        admin(t).header("If-Match", "\"2\"").delete("/v1/tenants/{t}/context/global/global/limits", t).then().statusCode(204);
    }

    @Test
    void oversizedEntryIs413() {
        String big = "x".repeat(70_000);
        String t = tenant();
        admin(t).contentType(ContentType.JSON).body("{\"value\":{\"blob\":\"" + big + "\"}}")
                .put("/v1/tenants/{t}/context/global/global/big", t).then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void entriesAreListedByScopeAndByTag() {
        String t = tenant();
        put(t, "project/p1/a", "{\"value\":{},\"tags\":[\"finance\"]}");
        put(t, "project/p2/b", "{\"value\":{},\"tags\":[\"finance\",\"eu\"]}");
        put(t, "division/d1/c", "{\"value\":{},\"tags\":[\"eu\"]}");
        put(t, "project/p3/hidden", "{\"value\":{},\"tags\":[\"eu\"],\"readRoles\":[\"auditor\"]}");
        admin(t).queryParam("scope", "project").get("/v1/tenants/{t}/context/entries", t).then().statusCode(200)
                .body("entries.key", contains("a", "b")).body("withheld", equalTo(1));
        admin(t).queryParam("scope", "project").queryParam("scopeId", "p2").get("/v1/tenants/{t}/context/entries", t)
                .then().body("entries.key", contains("b"));
        admin(t).queryParam("tag", "eu").get("/v1/tenants/{t}/context/entries", t).then()
                .body("entries.key", containsInAnyOrder("b", "c")).body("withheld", equalTo(1));
        admin(t).queryParam("tag", "finance").queryParam("scope", "project").get("/v1/tenants/{t}/context/entries", t)
                .then().body("entries.key", contains("a", "b"));
        put(t, "project/p2/b", "{\"value\":{},\"tags\":[\"eu\"]}");
        admin(t).queryParam("tag", "finance").get("/v1/tenants/{t}/context/entries", t).then()
                .body("entries.key", contains("a"));
        admin(t).get("/v1/tenants/{t}/context/entries", t).then().statusCode(400);
    }

    @Test
    void resolveMergesAlongTheScopeChainMostSpecificWinning() {
        String t = tenant();
        put(t, "global/global/rules", "{\"value\":{\"region\":\"eu\",\"retention\":{\"days\":30,\"pii\":false}}}");
        put(t, "division/research/rules", "{\"value\":{\"retention\":{\"days\":90}}}");
        put(t, "project/p1/rules", "{\"value\":{\"region\":\"us\"}}");
        put(t, "project/other/rules", "{\"value\":{\"region\":\"apac\"}}");
        admin(t).queryParam("keys", "rules,missing").queryParam("division", "research").queryParam("project", "p1")
                .get("/v1/tenants/{t}/context/resolve", t).then().statusCode(200)
                .body("entries.rules.value.region", equalTo("us"))
                .body("entries.rules.value.retention.days", equalTo(90))
                .body("entries.rules.value.retention.pii", equalTo(false))
                .body("entries.rules.contributions.scope", contains("GLOBAL", "DIVISION", "PROJECT"))
                .body("entries.missing", nullValue())
                .body("scopeChain.scope", contains("GLOBAL", "DIVISION", "PROJECT"))
                .body("providersConsulted", contains("stored"))
                .body("providersFailed", org.hamcrest.Matchers.empty())
                .body("resolvedAt", notNullValue());
    }

    @Test
    void tenantsDoNotSeeEachOthersEntries() {
        String a = tenant();
        String b = tenant();
        put(a, "global/global/secret", "{\"value\":{\"k\":1}}");
        admin(b).get("/v1/tenants/{t}/context/global/global/secret", b).then().statusCode(404);
        admin(b).queryParam("keys", "secret").get("/v1/tenants/{t}/context/resolve", b).then()
                .body("entries.secret", nullValue());
    }

    @Test
    void expiredEntryIsNeverServedByGetOrResolve() {
        String t = tenant();
        put(t, "session/s1/draft", "{\"value\":{\"step\":1},\"ttlSeconds\":5}");
        admin(t).get("/v1/tenants/{t}/context/session/s1/draft", t).then().statusCode(200)
                .body("expiresAt", notNullValue());
        admin(t).queryParam("keys", "draft").queryParam("session", "s1").get("/v1/tenants/{t}/context/resolve", t)
                .then().body("entries.draft.value.step", equalTo(1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            admin(t).get("/v1/tenants/{t}/context/session/s1/draft", t).then().statusCode(404);
            admin(t).queryParam("keys", "draft").queryParam("session", "s1").get("/v1/tenants/{t}/context/resolve", t)
                    .then().body("entries.draft", nullValue());
        });
    }

    @Test
    void unknownScopeIs400() {
        String t = tenant();
        admin(t).contentType(ContentType.JSON).body("{\"value\":{}}")
                .put("/v1/tenants/{t}/context/galaxy/g1/k", t).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("galaxy"));
    }

    @Test
    void malformedJsonIs400() {
        String t = tenant();
        admin(t).contentType(ContentType.JSON).body("{\"value\":{")
                .put("/v1/tenants/{t}/context/global/global/k", t).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void nonObjectValueIs400() {
        String t = tenant();
        admin(t).contentType(ContentType.JSON).body("{\"value\":[1,2]}")
                .put("/v1/tenants/{t}/context/global/global/k", t).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void invalidPriorityIs400WithTheField() {
        String t = tenant();
        admin(t).contentType(ContentType.JSON).body("{\"value\":{},\"priority\":11}")
                .put("/v1/tenants/{t}/context/global/global/k", t).then().statusCode(400)
                .body("violations.field", hasItem("priority"));
    }

    @Test
    void resolveWithoutKeysIs400() {
        String t = tenant();
        admin(t).get("/v1/tenants/{t}/context/resolve", t).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("keys"));
    }

    @Test
    void redisDownIs503OnEntriesAndAProviderFailureOnResolve() {
        RedisServer redis = RedisServer.shared();
        Assumptions.assumeTrue(redis.supportsRestart(), "needs a Redis this test can stop");
        String t = tenant();
        redis.stop();
        try {
            admin(t).get("/v1/tenants/{t}/context/global/global/k", t).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", equalTo("5"));
            admin(t).contentType(ContentType.JSON).body("{\"value\":{}}")
                    .put("/v1/tenants/{t}/context/global/global/k", t).then().statusCode(503);
            admin(t).queryParam("keys", "k").get("/v1/tenants/{t}/context/resolve", t).then().statusCode(200)
                    .body("providersFailed", hasItem("stored"));
        } finally {
            redis.restart();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                admin(t).get("/v1/tenants/{t}/context/global/global/k", t).then().statusCode(404));
    }
}
