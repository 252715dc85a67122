package dev.agentplatform.context.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentplatform.devstack.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The external sources of the business and operational providers, for tests: a directory of
 * business documents and a stand-in monitoring-service. The stand-in answers per tenant name:
 * {@code hang-*} never answers in time, {@code noslo-*} has no SLO endpoint (404), any other tenant
 * gets one firing alert and SLO figures.
 */
public class SourcesTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUSINESS_TENANT = "acme-business";

    private HttpServer monitoring;
    private final java.util.concurrent.atomic.AtomicInteger regulatoryCalls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Map<String, String> start() {
        try {
            Path business = Files.createTempDirectory("business");
            Files.writeString(business.resolve("market_conditions.json"),
                    "{\"market_sentiment\":\"cautiously_optimistic\",\"industry_trends\":{\"ai_adoption_rate\":\"accelerating\"}}");
            Files.createDirectories(business.resolve(BUSINESS_TENANT));
            Files.writeString(business.resolve(BUSINESS_TENANT).resolve("market_conditions.json"),
                    "{\"market_sentiment\":\"bullish\"}");
            Files.writeString(business.resolve("financial_constraints.json"), "{\"budget_utilization_percent\":67.8}");
            int port = FreePort.find();
            monitoring = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            monitoring.setExecutor(Executors.newCachedThreadPool());
            monitoring.createContext("/v1/alerts", this::alerts);
            monitoring.createContext("/v1/slo/", this::slo);
            monitoring.createContext("/business/", this::regulatory);
            monitoring.start();
            return Map.of("context.providers.business.directory", business.toString(),
                    "context.providers.operational.monitoring-url", "http://127.0.0.1:" + port,
                    "context.providers.operational.timeout", "3s", // well above a loaded machine's answer time, far below the hanging stub's 30 s
                    "context.providers.business.endpoints.regulatory_environment",
                    "http://127.0.0.1:" + port + "/business/{tenant}/regulatory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void alerts(HttpExchange exchange) throws IOException {
        String tenant = exchange.getRequestURI().getQuery().replace("tenant=", "");
        if (tenant.startsWith("hang-")) {
            sleep();
        }
        respond(exchange, 200, "[{\"rule\":\"error-rate\",\"severity\":\"CRITICAL\",\"tenantId\":\"" + tenant + "\",\"value\":0.4}]");
    }

    private void slo(HttpExchange exchange) throws IOException {
        String tenant = exchange.getRequestURI().getPath().substring("/v1/slo/".length());
        if (tenant.startsWith("hang-")) {
            sleep();
        }
        if (tenant.startsWith("noslo-")) {
            respond(exchange, 404, "{\"status\":404}");
            return;
        }
        respond(exchange, 200, "{\"errorRate\":0.02,\"p95LatencyMs\":180.0,\"requestRate\":12.5,\"errorBudgetRemaining\":0.7}");
    }

    /** A business source over HTTP: {@code down-*} tenants get a 500; each answer counts the calls. */
    private void regulatory(HttpExchange exchange) throws IOException {
        String tenant = exchange.getRequestURI().getPath().split("/")[2];
        if (tenant.startsWith("down-")) {
            respond(exchange, 500, "{}");
            return;
        }
        respond(exchange, 200, "{\"tenant\":\"" + tenant + "\",\"regimes\":[\"EU AI Act\"],\"call\":"
                + regulatoryCalls.incrementAndGet() + "}");
    }

    private static void sleep() {
        try {
            Thread.sleep(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (monitoring != null) {
            monitoring.stop(0);
        }
    }
}
