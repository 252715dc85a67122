package dev.agentplatform.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.devstack.DevTokens;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ExecutionCompleted;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The {@code ./stack demo} scenario against a running stack. Registers three tenants, drives
 * traffic through the gateway phase by phase, prints every alert transition as it arrives on
 * {@code agent.alerts} (a plain Kafka consumer) and ends with a table per tenant. Exits 1 when an
 * expected alert never came, 2 on bad arguments, 3 outside the dev profile.
 *
 * <pre>DemoDriver [--gateway URL] [--monitoring URL] [--bootstrap HOST:PORT] [--dedicated-tenant ID] [--tty] [--run-id ID]</pre>
 *
 * The SHARED tenants get a suffix unique to the run, so each run starts with empty SLO windows;
 * the DEDICATED tenant keeps its id (default {@code globex}), because a worker must be started
 * for its topic ({@code ./stack} does so for {@code DEDICATED_TENANTS}).
 */
public final class DemoDriver {

    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final String ERROR_RATE = "error_rate_high";
    private static final String RESPONSE_TIME = "response_time_high";
    private static final String QUOTA = "quota_utilization_high";
    private static final String PAGE_FAST = "slo_burn_rate_page_fast";
    private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(30);

    private final PrintStream out;
    private final Gateway gateway;
    private final String bootstrap;
    private final URI gatewayUri;
    private final URI monitoringUri;
    private final ProgressLine progress;
    private final AlertLog alerts = new AlertLog();
    private final TenantStats total = new TenantStats();
    private final Load load;
    private final List<ExpectedAlert> expected = new ArrayList<>();
    private final Map<String, DemoTenant> tenants = new LinkedHashMap<>();
    /** The firing expectations whose resolution the recovery phase expects. */
    private ExpectedAlert quotaFiring;
    private ExpectedAlert errorRateFiring;
    private ExpectedAlert pageFiring;
    private final long started = System.nanoTime();
    private final Map<AlertEvent, Long> arrivals = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "demo-load");
        t.setDaemon(true);
        return t;
    });
    private volatile String phase = "start";

    DemoDriver(PrintStream out, URI gatewayUri, URI monitoringUri, String bootstrap, boolean terminal) {
        this.out = out;
        this.gatewayUri = gatewayUri;
        this.monitoringUri = monitoringUri;
        this.bootstrap = bootstrap;
        this.gateway = new Gateway(gatewayUri, monitoringUri);
        this.progress = new ProgressLine(out, terminal, 5000);
        this.load = new Load(gateway, total);
    }

    /** Kept so the logger (and its level) cannot be garbage-collected. */
    private static java.util.logging.Logger kafkaLogger;

    public static void main(String[] args) throws Exception {
        // The Kafka client logs its whole configuration at INFO; only its warnings belong in the demo's output.
        kafkaLogger = org.jboss.logmanager.LogContext.getLogContext().getLogger("org.apache.kafka");
        kafkaLogger.setLevel(java.util.logging.Level.WARNING);
        String profile = System.getProperty("platform.profile", System.getenv().getOrDefault("PLATFORM_PROFILE", "prod"))
                .toLowerCase(Locale.ROOT);
        if (!profile.equals("dev") && !profile.equals("test")) {
            System.err.println("refused: the demo mints development tokens and runs only in the dev or test profile");
            System.exit(3);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                System.err.println("usage: DemoDriver [--gateway URL] [--monitoring URL] [--bootstrap HOST:PORT] "
                        + "[--dedicated-tenant ID] [--tty] [--run-id ID]");
                System.exit(2);
            }
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            options.put(args[i].substring(2), hasValue ? args[++i] : "");
        }
        String runId = options.getOrDefault("run-id",
                Long.toString(System.currentTimeMillis() / 1000 % (36L * 36 * 36 * 36), 36));
        DemoDriver demo = new DemoDriver(System.out, URI.create(options.getOrDefault("gateway", "http://localhost:8080")),
                URI.create(options.getOrDefault("monitoring", "http://localhost:8082")),
                options.getOrDefault("bootstrap", "localhost:9092"), options.containsKey("tty"));
        System.exit(demo.run(runId, options.getOrDefault("dedicated-tenant", "globex")));
    }

    int run(String runId, String dedicatedTenant) throws Exception {
        registerTenants(runId, dedicatedTenant);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-progress");
            t.setDaemon(true);
            return t;
        });
        java.util.Set<String> ids = tenants.values().stream().map(DemoTenant::id).collect(Collectors.toSet());
        try (KafkaFeed feed = new KafkaFeed(bootstrap, ids, this::onAlert, this::onCompleted).start()) {
            ticker.scheduleAtFixedRate(this::tick, 0, 250, TimeUnit.MILLISECONDS);
            normalLoad();
            noisyNeighbour();
            agentFailing();
            recovery();
            latencySpike();
            ticker.shutdownNow();
            progress.finish();
            // Alerts caused by the last completions may still be on their way.
            alerts.awaitAll(expected, Duration.ofSeconds(5));
        } finally {
            ticker.shutdownNow();
        }
        return finish();
    }

    // --- the story ------------------------------------------------------------------------------

    private void registerTenants(String runId, String dedicatedTenant) throws Exception {
        step("tenants", "register three tenants (platform admin) and mint their tokens (development key)");
        String admin = DevTokens.mint(null, List.of("platform-admin"), Duration.ofHours(1));
        register("acme", "acme-" + runId, "SHARED", "small quota; its agent will fail",
                quota(8, 4096, 4.0, 1200));
        register("globex", dedicatedTenant, "DEDICATED", "large quota, own topic and workers; will slow down",
                quota(200, 65_536, 64.0, 20_000));
        register("noisy", "noisy-" + runId, "SHARED", "noisy neighbour with a tight quota",
                quota(3, 1024, 2.0, 120));
        for (DemoTenant t : tenants.values()) {
            gateway.registerTenant(admin, t.id(), t.spec());
            JsonNode q = t.spec().path("quota");
            say(String.format(Locale.ROOT, "  %-12s %-9s maxConcurrentAgents %-4d maxCpuCores %-5.1f maxRequestsPerMinute %-6d %s",
                    t.id(), t.isolation(), q.path("maxConcurrentAgents").asInt(), q.path("maxCpuCores").asDouble(),
                    q.path("maxRequestsPerMinute").asInt(), t.role()));
        }
    }

    private void normalLoad() throws Exception {
        step("1/5 normal load", "1/5 normal load: every tenant runs the chaos agent at ~30 ms, well inside its quota");
        DemoTenant acme = tenant("acme");
        DemoTenant globex = tenant("globex");
        DemoTenant noisy = tenant("noisy");
        CompletableFuture<Void> a = async(() -> load.drive(acme, 120, 3, () -> chaos(30, 0), Load.OnRefusal.BACK_OFF));
        CompletableFuture<Void> g = async(() -> load.drive(globex, 200, 12, () -> chaos(30, 0), Load.OnRefusal.BACK_OFF));
        CompletableFuture<Void> n = async(() -> load.drive(noisy, 20, 1, () -> chaos(30, 0), Load.OnRefusal.BACK_OFF));
        CompletableFuture.allOf(a, g, n).get();
    }

    private void noisyNeighbour() throws Exception {
        DemoTenant noisy = tenant("noisy");
        step("2/5 noisy neighbour", "2/5 noisy neighbour: " + noisy.id() + " floods the gateway far beyond its 3 concurrent agents "
                + "(expect 429s and quota_utilization_high)");
        quotaFiring = expect(ExpectedAlert.firing(noisy.id(), QUOTA, Map.of()));
        load.drive(noisy, 60, 12, () -> chaos(300, 0), Load.OnRefusal.RETRY_AT_ONCE);
        awaitExpected(ALERT_TIMEOUT);
    }

    private void agentFailing() throws Exception {
        DemoTenant acme = tenant("acme");
        step("3/5 agent failing", "3/5 agent failing: the chaos agent of " + acme.id() + " fails every job, one at a time "
                + "(expect error_rate_high, then the page " + PAGE_FAST + ")");
        errorRateFiring = expect(ExpectedAlert.firing(acme.id(), ERROR_RATE, Map.of("agent", "chaos")));
        ExpectedAlert page = expect(ExpectedAlert.firing(acme.id(), PAGE_FAST, Map.of("slo", "availability")));
        pageFiring = page;
        // Two failures suffice after the 120 successes of phase 1; the bound only stops a broken stack.
        for (int i = 0; i < 12 && alerts.match(page).isEmpty(); i++) {
            load.runOne(acme, chaos(30, 1.0));
            alerts.await(() -> alerts.match(page).isPresent(), Duration.ofSeconds(2));
        }
        awaitExpected(ALERT_TIMEOUT);
    }

    private void recovery() throws Exception {
        DemoTenant acme = tenant("acme");
        DemoTenant noisy = tenant("noisy");
        step("4/5 recovery", "4/5 recovery: the agent is fixed and " + acme.id() + " keeps working, diluting the burn rate; "
                + noisy.id() + " calms down (expect the alerts to resolve)");
        expected.add(quotaFiring.resolution());
        expected.add(errorRateFiring.resolution());
        expected.add(pageFiring.resolution());
        load.drive(noisy, 3, 1, () -> chaos(30, 0), Load.OnRefusal.BACK_OFF);
        BooleanSupplier recovered = () -> alerts.missing(expected).isEmpty() && pagesFiring(acme.id()).isEmpty();
        // Without a page there is nothing to dilute: do not flood a stack whose monitoring is not answering.
        BooleanSupplier paged = () -> alerts.match(pageFiring).isPresent();
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        int sent = 0;
        while (paged.getAsBoolean() && !recovered.getAsBoolean() && sent < 1000 && System.nanoTime() < deadline) {
            load.drive(acme, 25, 3, () -> chaos(30, 0), Load.OnRefusal.BACK_OFF);
            sent += 25;
        }
        awaitExpected(ALERT_TIMEOUT);
        List<String> stillPaging = pagesFiring(acme.id());
        if (!stillPaging.isEmpty()) {
            say("  still paging for " + acme.id() + ": " + String.join(", ", stillPaging));
        }
    }

    private void latencySpike() throws Exception {
        DemoTenant globex = tenant("globex");
        step("5/5 latency spike", "5/5 latency spike: six jobs of " + globex.id() + " take 2.5 s, then it is fast again "
                + "(expect response_time_high to fire and resolve)");
        ExpectedAlert slow = expect(ExpectedAlert.firing(globex.id(), RESPONSE_TIME, Map.of("agent", "chaos")));
        load.drive(globex, 6, 6, () -> chaos(2500, 0), Load.OnRefusal.BACK_OFF);
        awaitExpected(ALERT_TIMEOUT);
        expected.add(slow.resolution());
        load.drive(globex, 12, 2, () -> chaos(30, 0), Load.OnRefusal.BACK_OFF);
        awaitExpected(ALERT_TIMEOUT);
    }

    // --- the end ----------------------------------------------------------------------------------

    private int finish() {
        say("");
        say("summary (burn rates and budget: availability SLO, from monitoring's /v1/slo/{tenant})");
        List<SummaryTable.Row> rows = new ArrayList<>();
        for (DemoTenant t : tenants.values()) {
            Optional<Gateway.SloFigures> slo = gateway.slo(t.id(), "availability");
            rows.add(new SummaryTable.Row(t.id(), t.isolation(), t.stats().snapshot(),
                    slo.map(Gateway.SloFigures::burnRates).orElse(Map.of()),
                    slo.map(Gateway.SloFigures::budgetRemaining).orElse(null),
                    alerts.fired(t.id()), alerts.resolved(t.id())));
        }
        out.print(SummaryTable.render(rows));
        say("");
        say("expected alerts:");
        for (String line : Expectations.report(expected, alerts.all(), this::offsetOf)) {
            say("  " + line);
        }
        for (DemoTenant t : tenants.values()) {
            Map<String, AlertEvent> open = alerts.firing(t.id());
            if (!open.isEmpty()) {
                say("  still firing for " + t.id() + ": " + open.values().stream()
                        .map(e -> e.rule() + (e.extraLabels().isEmpty() ? "" : " " + e.extraLabels()))
                        .collect(Collectors.joining(", ")));
            }
        }
        if (tenants.values().stream().anyMatch(t -> alerts.firing(t.id()).values().stream()
                .anyMatch(e -> e.rule().equals("slo_burn_rate_ticket")))) {
            say("  (slo_burn_rate_ticket stays open by design: its 6h and 3d windows still hold the failures; "
                    + "see docs/alerts.md)");
        }
        if (load.lost() > 0) {
            say("  " + load.lost() + " admitted jobs did not complete within " + Load.JOB_TIMEOUT.toSeconds() + " s");
        }
        long seconds = elapsedSeconds();
        say("");
        say(String.format(Locale.ROOT, "demo took %dm %02ds; the stack is still running:", seconds / 60, seconds % 60));
        say("  dashboard    " + monitoringUri + "/");
        say("  gateway      " + gatewayUri + "/q/swagger-ui");
        say("  alerts       " + monitoringUri + "/v1/alerts?status=all   (or ./stack alerts)");
        say("  SLOs         " + monitoringUri + "/v1/slo/" + tenant("acme").id());
        say("  stop it with ./stack down");
        List<ExpectedAlert> missing = alerts.missing(expected);
        if (!missing.isEmpty()) {
            say("");
            say("FAILED: " + missing.size() + " expected alert(s) never came:");
            missing.forEach(m -> say("  " + m.describe()));
            return 1;
        }
        return 0;
    }

    // --- plumbing ---------------------------------------------------------------------------------

    private void register(String name, String id, String isolation, String role, ObjectNode quota) {
        ObjectNode spec = JSON.createObjectNode().put("name", name + " (demo)").put("isolationLevel", isolation);
        spec.set("quota", quota);
        String token = DevTokens.mint(id, List.of("submitter", "viewer"), Duration.ofHours(1));
        tenants.put(name, new DemoTenant(id, role, isolation, spec, token, new TenantStats()));
    }

    private static ObjectNode quota(int concurrent, int memoryMb, double cpuCores, int requestsPerMinute) {
        return JSON.createObjectNode().put("maxConcurrentAgents", concurrent).put("maxMemoryMb", memoryMb)
                .put("maxCpuCores", cpuCores).put("maxRequestsPerMinute", requestsPerMinute);
    }

    /** A chaos-agent job: a latency around {@code latencyMs} and a failure probability. */
    private static JsonNode chaos(long latencyMs, double failureRate) {
        ObjectNode input = JSON.createObjectNode().put("latencyMs", latencyMs).put("failureRate", failureRate);
        if (latencyMs >= 20 && latencyMs < 1000) {
            input.put("latencyDistribution", "uniform").put("latencyJitterMs", latencyMs / 3);
        }
        ObjectNode job = JSON.createObjectNode().put("agentId", "chaos");
        job.set("input", input);
        return job;
    }

    private DemoTenant tenant(String name) {
        return tenants.get(name);
    }

    private void onAlert(AlertEvent e) {
        arrivals.putIfAbsent(e, elapsedSeconds());
        alerts.add(e);
        progress.println(String.format(Locale.ROOT, "  %s %-8s %s  %s  %s%s  %s", offsetOf(e),
                e.firing() ? "FIRING" : "RESOLVED", e.severity(), e.tenant(), e.rule(),
                e.extraLabels().isEmpty() ? "" : " " + e.extraLabels(), e.summary()));
    }

    private void onCompleted(ExecutionCompleted e) {
        tenants.values().stream().filter(t -> t.id().equals(e.tenantId())).findFirst()
                .ifPresent(t -> load.completed(e, t.stats()));
    }

    private void tick() {
        progress.update(ProgressLine.render(phase, elapsedSeconds(), total.snapshot(), alerts.all().size()));
    }

    private void step(String name, String text) {
        progress.finish();
        say("");
        say(String.format(Locale.ROOT, "== [%s] %s", clock(elapsedSeconds()), text));
        phase = name;
    }

    /** Adds an expectation that only transitions arriving from now on can meet; returns it as added. */
    private ExpectedAlert expect(ExpectedAlert alert) {
        ExpectedAlert fromNow = alert.from(alerts.size());
        expected.add(fromNow);
        return fromNow;
    }

    private void awaitExpected(Duration timeout) throws InterruptedException {
        if (!alerts.awaitAll(expected, timeout)) {
            progress.println("  still waiting for: " + alerts.missing(expected).stream().map(ExpectedAlert::describe)
                    .collect(Collectors.joining("; ")) + " (gave up after " + timeout.toSeconds() + " s)");
        }
    }

    /** Page-level (CRITICAL) alerts of a tenant that are firing now. */
    private List<String> pagesFiring(String tenant) {
        return alerts.firing(tenant).values().stream().filter(e -> e.severity().equals("CRITICAL"))
                .map(e -> e.rule() + " " + e.extraLabels()).toList();
    }

    /** When the transition arrived, from the start of the demo. */
    private String offsetOf(AlertEvent e) {
        return "+" + clock(arrivals.getOrDefault(e, elapsedSeconds()));
    }

    private long elapsedSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }

    private void say(String line) {
        progress.println(line);
    }

    private interface Work {
        void run() throws Exception;
    }

    private CompletableFuture<Void> async(Work work) {
        return CompletableFuture.runAsync(() -> {
            try {
                work.run();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, workers);
    }
}
