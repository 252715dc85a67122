package dev.agentplatform.monitoring;

import com.sun.net.httpserver.HttpServer;
import dev.agentplatform.devstack.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver stub on a free port (JDK HttpServer). {@code POST /hook} records the
 * request; {@code POST /flaky} answers 500 to its first two calls; {@code GET /received} returns
 * what was recorded, one line per request: path, signature header, event type, body. Tests read
 * it over HTTP, so no class-loader sharing is needed. Tenants {@code hooked} and {@code flaky}
 * are configured to use it.
 */
public class WebhookStubResource implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "s3cret";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            int port = FreePort.find();
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
            List<String> received = new ArrayList<>();
            AtomicInteger flakyCalls = new AtomicInteger();
            server.createContext("/hook", exchange -> record(exchange, received, 200));
            server.createContext("/flaky", exchange -> record(exchange, received,
                    flakyCalls.incrementAndGet() <= 2 ? 500 : 200));
            server.createContext("/received", exchange -> {
                byte[] body;
                synchronized (received) {
                    body = String.join("\n", received).getBytes(StandardCharsets.UTF_8);
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            String base = "http://localhost:" + port;
            return Map.of(
                    "monitoring.tenants.hooked.webhook-url", base + "/hook",
                    "monitoring.tenants.hooked.webhook-secret", SECRET,
                    "monitoring.tenants.flaky.webhook-url", base + "/flaky",
                    "monitoring.webhooks.initial-backoff", "100ms",
                    "webhook.stub.url", base);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void record(com.sun.net.httpserver.HttpExchange exchange, List<String> received, int status)
            throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String line = exchange.getRequestURI().getPath() + "\t" + exchange.getRequestHeaders().getFirst("X-Signature-256")
                + "\t" + exchange.getRequestHeaders().getFirst("ce-type") + "\t" + status + "\t" + body.replace('\n', ' ');
        synchronized (received) {
            received.add(line);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
