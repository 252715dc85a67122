package dev.agentplatform.context.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Requests as a tenant admin (or any token), for tests. */
public final class Api {

    private Api() {
    }

    public static String tenant() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", token);
    }

    /** As the tenant's admin, who also holds submitter and viewer. */
    public static RequestSpecification admin(String tenant) {
        return as(Tokens.of(tenant, "tenant-admin", "submitter", "viewer"));
    }

    public static void put(String tenant, String path, String body) {
        admin(tenant).contentType(ContentType.JSON).body(body)
                .put("/v1/tenants/{t}/context/" + path, tenant).then().statusCode(200);
    }
}
