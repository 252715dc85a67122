package dev.agentplatform.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.events.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard against the service on the real broker: synthetic events make real alerts fire
 * and resolve, the API serves what the page needs, and headless Chromium renders the page (the
 * screenshot lands in {@code target/dashboard.png}).
 */
@QuarkusTest
@TestProfile(DashboardTest.Profile.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "agent.metrics:6,agent.alerts:3"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardTest {

    /** globex's agent has SLOs of its own, so the store holds an agent scope the tenant list must fold in. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("monitoring.tenants.globex.slo-agents", "classifier");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";
    private static KafkaEvents kafka;
    private static boolean fed;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void connect() {
        kafka = KafkaEvents.ofTestApplication();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    @Order(1)
    void apiServesTenantsHistoryQuotaAlertsAndTransitions() throws Exception {
        feedScenario();
        given().get("/v1/dashboard/tenants").then().statusCode(200)
                .body("tenant", equalTo(List.of(ACME, GLOBEX)))
                .body("find { it.tenant == 'acme' }.critical", greaterThanOrEqualTo(1))
                .body("find { it.tenant == 'globex' }.firing", equalTo(2))
                .body("find { it.tenant == 'globex' }.critical", equalTo(0));
        JsonPath view = given().get("/v1/dashboard/tenants/" + ACME).then().statusCode(200).extract().jsonPath();
        assertThat(view.getList("history.samples")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(view.getList("history.samples.burnRates.availability.'5m'", Double.class))
                .as("the history saw the healthy phase and the outage").contains(0.0).anyMatch(r -> r > 14.4);
        assertThat(view.getDouble("quota.utilization.concurrentAgents")).isEqualTo(0.95);
        assertThat(view.getDouble("quota.threshold")).isEqualTo(0.9);
        assertThat(view.getList("alerts.findAll { it.status == 'FIRING' }.rule", String.class))
                .contains("slo_burn_rate_page_fast", "quota_utilization_high");
        assertThat(view.getDouble("slo.objectives.find { it.slo == 'availability' }.budgetRemaining")).isNegative();

        given().queryParam("tenant", ACME).get("/v1/dashboard/transitions").then().statusCode(200)
                .body("findAll { it.status == 'RESOLVED' }.rule", hasItem("error_rate_high"))
                .body("findAll { it.status == 'FIRING' }.rule", hasItem("slo_burn_rate_page_fast"))
                .body("tenantId", everyItem(equalTo(ACME)));
        given().queryParam("tenant", ACME).queryParam("limit", 1).get("/v1/dashboard/transitions").then()
                .statusCode(200).body("size()", equalTo(1));
    }

    @Test
    @Order(2)
    void invalidInputIsAProblem() {
        given().get("/v1/dashboard/tenants/NOT VALID").then().statusCode(400).contentType("application/problem+json");
        given().get("/v1/dashboard/tenants/nobody-here").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("limit", 0).get("/v1/dashboard/transitions").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("limit", 501).get("/v1/dashboard/transitions").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("tenant", "Bad_Id").get("/v1/dashboard/transitions").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("tenant", "Bad_Id").get("/v1/dashboard/stream").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    @Order(5)
    void theStreamPushesNewTransitionsOfTheTenant() throws Exception {
        String tenant = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(root.toURI().resolve("v1/dashboard/stream?tenant=" + tenant))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        CompletableFuture<List<String>> event = CompletableFuture.supplyAsync(() -> readEvent(response.body(), "alert"));
        // The subscription is live once the response has started; an alert of another tenant must not arrive.
        for (int i = 0; i < 6; i++) {
            send("other-" + tenant.substring(4), "chaos", ExecutionStatus.FAILED, 10, Instant.now());
        }
        for (int i = 0; i < 6; i++) {
            send(tenant, "chaos", ExecutionStatus.FAILED, 10, Instant.now());
        }
        List<String> lines = event.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        response.body().close();
        String data = lines.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
        assertThat(data).contains("\"tenantId\":\"" + tenant + "\"", "\"status\":\"FIRING\"", "\"rule\":\"error_rate_high\"");
        assertThat(lines).anyMatch(l -> l.startsWith("id:"));
    }

    @Test
    @Order(4)
    void chromiumRendersChartsAndTheFiringAlert() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "chromium is not on the PATH: skipping the browser test "
                + "(Debian: apt-get install chromium; .ci/run installs it)");
        feedScenario();
        JsonPath view = given().get("/v1/dashboard/tenants/" + ACME).then().statusCode(200).extract().jsonPath();
        String pageSummary = view.getString("alerts.find { it.rule == 'slo_burn_rate_page_fast' && it.labels.slo == 'availability' }.summary");
        // Polling only: an open server-sent-events stream is a pending fetch, which stops Chromium's
        // virtual time (theStreamPushesNewTransitionsOfTheTenant covers the stream).
        String url = root.toString() + "?live=poll#" + ACME;

        String dom = unescape(run(chromium.get(), "--dump-dom", url));
        assertThat(dom).contains("data-chart=\"burn-rate\"");
        for (String slo : List.of("availability", "latency", "success_rate")) {
            assertThat(dom).contains("data-slo=\"" + slo + "\"");
        }
        for (String window : List.of("5m", "30m", "1h", "6h", "3d")) {
            assertThat(dom).containsPattern("<g data-window=\"" + window + "\" data-points=\"([3-9]|\\d{2,})\"");
        }
        assertThat(dom).contains("data-alert=\"slo_burn_rate_page_fast\"", "data-alert=\"quota_utilization_high\"");
        assertThat(dom).contains(pageSummary);
        assertThat(dom).containsPattern("data-transition=\"RESOLVED\" data-rule=\"error_rate_high\"");
        assertThat(dom).contains("data-budget=\"availability\"", "data-quota=\"concurrentAgents\"");
        assertThat(dom).contains("data-tenant=\"globex\"");
        assertThat(dom).doesNotContain("id=\"banner\" class=\"banner\" role=\"alert\">");

        Path png = Path.of("target", "dashboard.png");
        Files.deleteIfExists(png);
        run(chromium.get(), "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,900", "--hide-scrollbars", url);
        assertThat(png).exists();
        assertThat(Files.size(png)).as("a rendered page, not a blank one").isGreaterThan(20_000);
    }

    @Test
    @Order(6)
    void thePageFollowsTransitionsLive() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "chromium is not on the PATH: skipping the browser test "
                + "(Debian: apt-get install chromium; .ci/run installs it)");
        feedScenario();
        String quotaFiring = "String(!!document.querySelector('#firing [data-alert=\"quota_utilization_high\"]'))";
        String quotaResolved = "String(!!document.querySelector("
                + "'#transitions li[data-transition=\"RESOLVED\"][data-rule=\"quota_utilization_high\"]'))";
        String events = "document.getElementById('live').getAttribute('data-events') || '0'";
        try (HeadlessChromium browser = HeadlessChromium.open(chromium.get(), root.toString() + "#" + ACME, WAIT)) {
            Awaitility.await().atMost(WAIT).until(() -> browser.evaluate("document.getElementById('live').dataset.state")
                    .equals("live"));
            Awaitility.await().atMost(WAIT).until(() -> browser.evaluate(quotaFiring).equals("true"));
            assertThat(browser.evaluate(quotaResolved)).isEqualTo("false");
            int before = Integer.parseInt(browser.evaluate(events));

            admission(ACME, Map.of("concurrentAgents", 0.4, "memoryMb", 0.3, "cpuCores", 0.25, "requestsPerMinute", 0.1));

            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(Integer.parseInt(browser.evaluate(events))).as("alert events the page got from the stream")
                        .isGreaterThan(before);
                assertThat(browser.evaluate(quotaResolved)).isEqualTo("true");
                assertThat(browser.evaluate(quotaFiring)).isEqualTo("false");
            });
        }
    }

    /**
     * Three hours of healthy traffic in event time (acme a little slow at times; globex with one
     * early failure, a slow burn that opens an availability ticket for the tenant and its agent), then an outage of acme's agent now (pages,
     * and error_rate_high), its recovery (error_rate_high resolves, the pages go on, the short
     * windows fall first), and admissions near and far from the quotas. The pauses give the 1 s
     * sampler several points per phase.
     */
    private static synchronized void feedScenario() throws InterruptedException {
        if (fed) {
            return;
        }
        Instant start = Instant.now().minus(Duration.ofHours(3));
        for (int i = 0; i < 200; i++) {
            Instant at = start.plus(Duration.ofSeconds(50L * i));
            send(ACME, "summarizer", ExecutionStatus.SUCCEEDED, i % 25 == 0 ? 700 : 120, at);
            send(GLOBEX, "classifier", i == 5 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, i == 7 ? 800 : 90, at);
        }
        awaitSamples(ACME, 3);
        for (int i = 0; i < 30; i++) {
            send(ACME, "summarizer", ExecutionStatus.FAILED, 40, Instant.now());
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("tenant", ACME).get("/v1/alerts").then()
                .statusCode(200).body("rule", hasItem("slo_burn_rate_page_fast")));
        awaitSamples(ACME, 6);
        for (int i = 0; i < 60; i++) {
            send(ACME, "summarizer", ExecutionStatus.SUCCEEDED, 150, Instant.now());
        }
        admission(ACME, Map.of("concurrentAgents", 0.95, "memoryMb", 0.62, "cpuCores", 0.5, "requestsPerMinute", 0.18));
        admission(GLOBEX, Map.of("concurrentAgents", 0.3, "memoryMb", 0.25, "cpuCores", 0.2, "requestsPerMinute", 0.05));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("tenant", ACME).get("/v1/dashboard/transitions")
                .then().statusCode(200).body("findAll { it.status == 'RESOLVED' }.rule", hasItem("error_rate_high"))
                .body("rule", hasItem("quota_utilization_high")));
        awaitSamples(ACME, 10);
        fed = true;
    }

    private static void awaitSamples(String tenant, int atLeast) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(given().get("/v1/dashboard/tenants/" + tenant)
                .then().statusCode(200).extract().jsonPath().getList("history.samples")).hasSizeGreaterThanOrEqualTo(atLeast));
    }

    private static void send(String tenant, String agent, ExecutionStatus status, long durationMs, Instant at) {
        String trace = "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01";
        kafka.send(Topics.METRICS, tenant, new ExecutionCompleted(UUID.randomUUID().toString(), tenant, at, trace,
                UUID.randomUUID().toString(), agent, "worker-1", status, at.minusMillis(durationMs), durationMs, null,
                status == ExecutionStatus.FAILED ? "ChaosFailure" : null, null, 1, ResourceUsage.none(), false), "/test");
    }

    private static void admission(String tenant, Map<String, Double> utilization) {
        kafka.send(Topics.METRICS, tenant, new AdmissionDecided(UUID.randomUUID().toString(), tenant, Instant.now(), null,
                UUID.randomUUID().toString(), "summarizer", true, List.of(), utilization), "/test");
    }

    /** Reads server-sent events until one of the given name arrives; answers its lines. */
    private static List<String> readEvent(InputStream body, String name) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    lines.add(line);
                    continue;
                }
                if (lines.contains("event:" + name) || lines.contains("event: " + name)) {
                    return lines;
                }
                lines.clear();
            }
            throw new IllegalStateException("the stream ended without an '" + name + "' event");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> chromium() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "chromium")).filter(Files::isExecutable).findFirst();
    }

    /** Runs headless Chromium on its own profile directory and answers its standard output. */
    private static String run(Path chromium, String... args) throws Exception {
        Path profile = Files.createDirectories(Path.of("target", "chromium-profile"));
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath(), "--virtual-time-budget=10000"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(Path.of("target", "chromium.log").toFile()).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish; see target/chromium.log");
        }
        assertThat(process.exitValue()).as("chromium exit code; see target/chromium.log").isZero();
        return new String(out.get(), StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
