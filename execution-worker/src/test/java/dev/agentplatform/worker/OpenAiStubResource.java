package dev.agentplatform.worker;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in OpenAI-compatible chat completions endpoint: records each request body and its
 * Authorization header, answers with fixed token usage, and can be told to answer the next n
 * requests with 429 (to exercise retries).
 */
public class OpenAiStubResource implements QuarkusTestResourceLifecycleManager {

    static final List<String> BODIES = new CopyOnWriteArrayList<>();
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    /** The W3C traceparent header sent with each request body ("" when none). */
    static final Map<String, String> TRACEPARENTS = new java.util.concurrent.ConcurrentHashMap<>();
    static final AtomicInteger THROTTLE_NEXT = new AtomicInteger();
    static final int PROMPT_TOKENS = 57;
    static final int COMPLETION_TOKENS = 11;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/chat/completions", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            BODIES.add(body);
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String traceParent = exchange.getRequestHeaders().getFirst("traceparent");
            TRACEPARENTS.put(body, traceParent == null ? "" : traceParent);
            boolean throttled = THROTTLE_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            byte[] answer = (throttled ? "{\"error\":{\"message\":\"slow down\"}}"
                    : "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"stub-model\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the stub\"},"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS
                            + ",\"completion_tokens\":" + COMPLETION_TOKENS + ",\"total_tokens\":"
                            + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(throttled ? 429 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.llm.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "worker.llm.api-key", "test-key", "worker.llm.model", "stub-model",
                "worker.llm.prompt-price-per-thousand", "0.5", "worker.llm.completion-price-per-thousand", "1.5");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
