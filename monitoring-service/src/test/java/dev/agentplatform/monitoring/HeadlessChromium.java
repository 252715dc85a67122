package dev.agentplatform.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium in real time with a page open, driven over the DevTools protocol (JDK
 * WebSocket client): for what virtual time cannot do, such as a page holding a server-sent-events
 * stream open while the test makes something happen.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://([^/]+)/");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts Chromium on {@code url} and connects to that page. */
    static HeadlessChromium open(Path chromium, String url, Duration timeout) throws Exception {
        Path log = Path.of("target", "chromium-devtools.log");
        Path profile = Files.createDirectories(Path.of("target", "chromium-profile-live"));
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath(), "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--window-size=1280,900", url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String host = awaitDevTools(process, log, timeout);
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            String page = null;
            for (JsonNode target : targets) {
                if (target.path("type").asText().equals("page")) {
                    page = target.path("webSocketDebuggerUrl").asText();
                }
            }
            if (page == null) {
                throw new IllegalStateException("no page target in " + targets);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        self[0].onMessage(text.toString());
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }
            }).get(timeout.toSeconds(), TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, socket);
            return self[0];
        } catch (Exception e) {
            kill(process);
            throw e;
        }
    }

    /** Evaluates a JavaScript expression in the page and answers its value as a string. */
    String evaluate(String expression) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode call = JSON.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
        call.putObject("params").put("expression", expression).put("returnByValue", true);
        socket.sendText(call.toString(), true);
        try {
            JsonNode result = answer.get(10, TimeUnit.SECONDS).path("result").path("result");
            return result.path("value").asText();
        } catch (Exception e) {
            throw new IllegalStateException("evaluating " + expression, e);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            CompletableFuture<JsonNode> waiting = node.has("id") ? pending.get(node.get("id").asInt()) : null;
            if (waiting != null) {
                waiting.complete(node);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String awaitDevTools(Process process, Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = DEVTOOLS.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromium did not open its DevTools port; see " + log);
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        socket.abort();
        kill(process);
    }
}
