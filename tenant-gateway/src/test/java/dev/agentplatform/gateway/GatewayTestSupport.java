package dev.agentplatform.gateway;

import static io.restassured.RestAssured.given;

import dev.agentplatform.common.security.Roles;
import dev.agentplatform.devstack.DevTokens;
import dev.agentplatform.devstack.RedisServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small helpers the gateway tests share. */
final class GatewayTestSupport {

    private GatewayTestSupport() {
    }

    /** Sends a platform admin's development token with every request of the test class. */
    static void asPlatformAdmin() {
        String token = "Bearer " + DevTokens.mint(null, List.of(Roles.PLATFORM_ADMIN));
        RestAssured.replaceFiltersWith((request, response, context) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", token);
            }
            return context.next(request, response);
        });
    }

    /** Requests go out with only the headers each test gives them. */
    static void anonymous() {
        RestAssured.replaceFiltersWith(List.of());
    }

    static String bearer(String tenant, String... roles) {
        return "Bearer " + DevTokens.mint(tenant, List.of(roles));
    }

    /** A fresh, unregistered tenant id, so tests never see each other's leases and jobs. */
    static String unknownTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh tenant, active with the default quota. */
    static String newTenant() {
        return newTenant(Map.of());
    }

    /**
     * A fresh active tenant whose admission record has the given limits, written straight to the
     * hash the admission script reads (what the registry writes).
     */
    static String newTenant(Map<String, String> limits) {
        String tenant = unknownTenant();
        List<String> args = new ArrayList<>(List.of("HSET", "tenant:{" + tenant + "}:quota", "status", "ACTIVE"));
        limits.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        RedisServer.shared().command(args.toArray(String[]::new));
        return tenant;
    }

    static String redis(String... command) {
        return RedisServer.shared().command(command);
    }

    static Response submit(String tenant, Object body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/tenants/{tenant}/jobs", tenant);
    }

    static Map<String, Object> echoJob(String text) {
        return Map.of("agentId", "echo", "input", Map.of("text", text));
    }
}
