package dev.agentplatform.worker;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in for context-service's HTTP API (the worker's tests are about the worker; context-service
 * has its own tests and the end-to-end test runs the real one). Records each request's query and can
 * be switched to fail.
 */
public class ContextStubResource implements QuarkusTestResourceLifecycleManager {

    static final List<String> QUERIES = new CopyOnWriteArrayList<>();
    /** The Authorization header of each request (empty when none was sent). */
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    /** The W3C traceparent header of each request (empty when none was sent). */
    static final List<String> TRACEPARENTS = new CopyOnWriteArrayList<>();
    /** The service token the worker under test is configured with. */
    static final String TOKEN = "test-service-token";
    static final AtomicBoolean FAILING = new AtomicBoolean();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/tenants/", exchange -> {
            QUERIES.add(exchange.getRequestURI().getPath() + "?" + exchange.getRequestURI().getQuery());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            AUTHORIZATIONS.add(authorization == null ? "" : authorization);
            String traceParent = exchange.getRequestHeaders().getFirst("traceparent");
            TRACEPARENTS.add(traceParent == null ? "" : traceParent);
            boolean failing = FAILING.get();
            byte[] body = (failing ? "{\"title\":\"down\"}"
                    : "{\"entries\":{\"policy\":{\"value\":{\"region\":\"eu\"}}},\"providersFailed\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(failing ? 503 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.context-service.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "worker.context.token", TOKEN);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
