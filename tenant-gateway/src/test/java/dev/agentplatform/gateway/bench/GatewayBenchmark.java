package dev.agentplatform.gateway.bench;

import dev.agentplatform.devstack.bench.HttpConnection;
import dev.agentplatform.devstack.DevTokens;
import dev.agentplatform.gateway.service.RedisKeys;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Load benchmark of the running gateway (benchmarks/gateway/run.sh starts everything): HTTP submit
 * → admission script → Kafka ack, closed loop for the maximum and open loop at a fixed rate for
 * latency; then, against the same Redis and with the same concurrency, Bucket4j's Lettuce token
 * bucket (one {@code tryConsume(1)} per request) as the peer. Redis {@code INFO commandstats}
 * deltas show the Redis commands each admission costs. Not a test: it asserts nothing.
 *
 * <p>The HTTP/1.1 client is a plain blocking socket per keep-alive connection, one thread each,
 * sending request bytes prepared once per tenant (a token minted once per tenant): the generator
 * shares the gateway's cores, so it spends as little CPU as it can. With {@code --pid} the
 * gateway's CPU time per admitted job is reported for every phase (from /proc), and with
 * {@code --others name=pid,...} that of the other processes on the path (broker, Redis, trace
 * receiver), so that the whole machine's CPU per job is visible.
 *
 * <p>Arguments: {@code --gateway URL --redis URL [--seconds 20] [--concurrency 64] [--rate 2000[,300...]]
 * [--tenants 32] [--connections 32] [--warmup 10] [--peers true] [--layers false] [--pid gatewayPid]
 * [--others broker=pid,redis=pid]}.
 *
 * <p>With {@code --layers true} the closed loop also runs, with the same connections, three kinds of
 * request the gateway refuses, each stopping earlier than a submission: without a token (401
 * problem: HTTP server, REST layer, tracing, metrics, the problem response; no Redis); with a valid
 * token of a tenant that is not registered (404 problem: all that, plus the token's verification,
 * validation and the admission script in Redis, which finds no quota; no Kafka); and of a tenant
 * whose one-job quota is taken (429 problem with rate-limit headers, and the rejection's
 * {@code admission.decided}, batched to Kafka; no job published). The differences in the gateway's
 * CPU per request show what each layer costs, and what a flood of refused requests costs.
 */
public final class GatewayBenchmark {

    private static final String BODY = "{\"agentId\":\"echo\",\"input\":{\"text\":\"bench\"},\"complexity\":\"low\"}";

    private final URI gateway;
    private final String redisUrl;
    private final int seconds;
    private final int concurrency;
    private final int connections;
    private final int warmUpSeconds;
    private final long pid;
    /** Other processes whose CPU per job is reported, by name (insertion order). */
    private final Map<String, Long> others = new LinkedHashMap<>();
    private final List<Integer> rates;
    /** Whether the Redis-only peers (the admission script alone, Bucket4j) run after the gateway. */
    private final boolean peers;
    /** Whether the gateway's cost by layer (requests refused without a token, for an unknown tenant, over quota) is measured too. */
    private final boolean layers;
    private final List<String> tenants = new ArrayList<>();
    /** One prepared submission per tenant (request line, headers with the tenant's token, body). */
    private final List<byte[]> requests = new ArrayList<>();

    private GatewayBenchmark(Map<String, String> args) {
        gateway = URI.create(args.get("gateway"));
        redisUrl = args.get("redis");
        seconds = Integer.parseInt(args.getOrDefault("seconds", "20"));
        concurrency = Integer.parseInt(args.getOrDefault("concurrency", "64"));
        connections = Integer.parseInt(args.getOrDefault("connections", "32"));
        warmUpSeconds = Integer.parseInt(args.getOrDefault("warmup", Integer.toString(Math.max(5, seconds / 2))));
        pid = Long.parseLong(args.getOrDefault("pid", "0"));
        for (String other : args.getOrDefault("others", "").split(",")) {
            if (other.contains("=")) {
                others.put(other.substring(0, other.indexOf('=')), Long.valueOf(other.substring(other.indexOf('=') + 1)));
            }
        }
        peers = Boolean.parseBoolean(args.getOrDefault("peers", "true"));
        layers = Boolean.parseBoolean(args.getOrDefault("layers", "false"));
        rates = Arrays.stream(args.getOrDefault("rate", "2000").split(",")).map(Integer::valueOf).toList();
        int tenantCount = Integer.parseInt(args.getOrDefault("tenants", "32"));
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        for (int i = 0; i < tenantCount; i++) {
            tenants.add("bench-" + run + "-" + i);
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new GatewayBenchmark(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        register();
        RedisClient redis = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> stats = redis.connect()) {
            say("warm-up: " + warmUpSeconds + " s closed loop, then " + warmUpSeconds + " s open loop at " + rates.get(0)
                    + "/s (discarded)");
            closedLoop(Duration.ofSeconds(warmUpSeconds));
            openLoop(Duration.ofSeconds(warmUpSeconds), rates.get(0));

            Map<String, Long> before = commandStats(stats);
            Usage used = Usage.now(pid, others);
            Result max = closedLoop(Duration.ofSeconds(seconds));
            Map<String, Long> after = commandStats(stats);
            report("gateway, closed loop, " + concurrency + " connections (one request in flight each)", max,
                    used.until(Usage.now(pid, others), max.ok()));
            reportRedis("gateway admissions", before, after, max.ok());

            if (layers) {
                measureLayers();
            }

            for (int rate : rates) {
                used = Usage.now(pid, others);
                Result fixed = openLoop(Duration.ofSeconds(seconds), rate);
                report("gateway, open loop at " + rate + "/s over " + connections
                        + " connections (latency from each request's due time)", fixed, used.until(Usage.now(pid, others), fixed.ok()));
            }

            if (!peers) {
                return;
            }
            // The same admission script without HTTP and Kafka: the like-for-like peer of Bucket4j's check.
            String sha = stats.sync().scriptLoad(dev.agentplatform.gateway.service.JobStore.admissionScript().source());
            StatefulRedisConnection<String, String> scripts = redis.connect();
            Supplier<CompletableFuture<Boolean>> admit = () -> admitDirect(scripts, sha);
            closedLoopFutures(Duration.ofSeconds(Math.max(3, seconds / 4)), admit);
            before = commandStats(stats);
            Result direct = closedLoopFutures(Duration.ofSeconds(seconds), admit);
            after = commandStats(stats);
            report("admission script alone (Lettuce EVALSHA admit.lua, every dimension), closed loop, concurrency "
                    + concurrency + " (Redis only: no HTTP, no Kafka)", direct, null);
            reportRedis("script admissions", before, after, direct.ok());
            scripts.close();

            AsyncProxyManager<byte[]> buckets = Bucket4jLettuce.casBasedBuilder(redis)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(90)))
                    .build().asAsync();
            BucketConfiguration config = BucketConfiguration.builder()
                    .addLimit(limit -> limit.capacity(1_000_000_000L).refillGreedy(1_000_000_000L, Duration.ofMinutes(1)))
                    .build();
            List<AsyncBucketProxy> proxies = tenants.stream()
                    .map(t -> buckets.builder().build(("bench-bucket:" + t).getBytes(StandardCharsets.UTF_8), config)).toList();
            AtomicLong next = new AtomicLong();
            Supplier<CompletableFuture<Boolean>> check = () -> proxies.get((int) (next.getAndIncrement() % proxies.size()))
                    .tryConsume(1);
            closedLoopFutures(Duration.ofSeconds(Math.max(3, seconds / 4)), check);
            before = commandStats(stats);
            Result bucket4j = closedLoopFutures(Duration.ofSeconds(seconds), check);
            after = commandStats(stats);
            report("Bucket4j 8.14 (Lettuce, CAS) tryConsume(1), closed loop, concurrency " + concurrency
                    + " (Redis check only: no HTTP, no Kafka)", bucket4j, null);
            reportRedis("Bucket4j checks", before, after, bucket4j.ok());
        } finally {
            redis.shutdown();
        }
    }

    private final AtomicLong sequence = new AtomicLong();

    /** One admission as JobStore sends it, straight to Redis. */
    private CompletableFuture<Boolean> admitDirect(StatefulRedisConnection<String, String> redis, String sha) {
        String tenant = tenants.get((int) (sequence.getAndIncrement() % tenants.size()));
        String job = java.util.UUID.randomUUID().toString();
        String[] keys = {RedisKeys.leases(tenant), RedisKeys.leaseResources(tenant), RedisKeys.usage(tenant),
                RedisKeys.requestLog(tenant), RedisKeys.quota(tenant), RedisKeys.job(tenant, job), RedisKeys.jobIndex(tenant),
                RedisKeys.idempotency(tenant, "-"), RedisKeys.withdrawn(tenant, job)};
        String[] args = {job, "", "60000", "604800", "256", "500", "30", "10", "2048", "2000", "1000", "300", "60000",
                "", "0", "jobId", job, "tenantId", tenant, "agentId", "echo", "memoryMb", "256", "cpuCores", "0.5",
                "expectedDurationSeconds", "30"};
        return redis.async().<List<Object>>evalsha(sha, io.lettuce.core.ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture().thenApply(reply -> Long.valueOf(1L).equals(reply.get(0)));
    }

    /** Registers the tenants and prepares each one's submission: its token is minted once, here. */
    private void register() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String admin = "Bearer " + DevTokens.mint(null, List.of("platform-admin"), Duration.ofHours(2));
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        for (String tenant : tenants) {
            registerTenant(http, admin, tenant, 100_000);
            requests.add(request(tenant, DevTokens.mint(tenant, List.of("submitter"), Duration.ofHours(2)), body));
        }
        try (HttpConnection check = new HttpConnection(gateway)) {
            if (check.exchange(requests.get(0)) != 202) {
                throw new IllegalStateException("a submission answered " + check.status + ": " + check.bodyText());
            }
        }
        say("registered " + tenants.size() + " tenants");
    }

    /** Registers {@code tenant} (SHARED) with room for {@code maxConcurrentAgents} jobs and large other limits. */
    private void registerTenant(HttpClient http, String admin, String tenant, int maxConcurrentAgents) throws Exception {
        String registration = "{\"name\":\"bench\",\"isolationLevel\":\"SHARED\",\"quota\":{\"maxConcurrentAgents\":"
                + maxConcurrentAgents + ",\"maxMemoryMb\":10000000,\"maxCpuCores\":100000,\"maxRequestsPerMinute\":100000000,"
                + "\"maxExecutionTimeSeconds\":3600}}";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(gateway.resolve("/v1/tenants/" + tenant))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(registration)).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 201) {
            throw new IllegalStateException("registering " + tenant + " answered " + put.statusCode() + ": " + put.body());
        }
    }

    /** What one phase measured. */
    record Result(long ok, long failed, double seconds, long[] latenciesNanos, long[] sendDelaysNanos, String firstFailure) {
        double perSecond() {
            return ok / seconds;
        }

        static double percentileMillis(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    /**
     * The closed loop (as for submissions) with requests the gateway refuses before Redis (no token:
     * 401), before Kafka (a tenant that is not registered: 404) and over quota (429); see {@code --layers}.
     */
    private void measureLayers() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String unregistered = tenants.get(0) + "-unregistered";
        String token = DevTokens.mint(unregistered, List.of("submitter"), Duration.ofHours(2));
        List<byte[]> anonymous = List.of(request(tenants.get(0), null, body));
        List<byte[]> unknown = List.of(request(unregistered, token, body));
        // a tenant with room for one job, which its first submission takes (no worker runs here to finish it)
        String full = tenants.get(0) + "-full";
        registerTenant(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                "Bearer " + DevTokens.mint(null, List.of("platform-admin"), Duration.ofHours(2)), full, 1);
        List<byte[]> overQuota = List.of(request(full, DevTokens.mint(full, List.of("submitter"), Duration.ofHours(2)), body));
        try (HttpConnection first = new HttpConnection(gateway)) {
            if (first.exchange(overQuota.get(0)) != 202) {
                throw new IllegalStateException("the quota-limited tenant's first job answered " + first.status + ": " + first.bodyText());
            }
        }
        for (int round = 0; round < 2; round++) { // the first round warms the refusals' code up, and is not reported
            Duration length = round == 0 ? Duration.ofSeconds(Math.max(3, seconds / 4)) : Duration.ofSeconds(seconds);
            Usage used = Usage.now(pid, others);
            Result refused = closedLoop(length, anonymous, 401);
            if (round == 1) {
                report("layers: no token (401 problem; no Redis, no Kafka), closed loop, " + concurrency + " connections",
                        refused, used.until(Usage.now(pid, others), refused.ok()));
            }
            used = Usage.now(pid, others);
            Result notFound = closedLoop(length, unknown, 404);
            if (round == 1) {
                report("layers: tenant not registered (404 problem after the admission script; no Kafka), closed loop, "
                        + concurrency + " connections", notFound, used.until(Usage.now(pid, others), notFound.ok()));
            }
            used = Usage.now(pid, others);
            Result rejected = closedLoop(length, overQuota, 429);
            if (round == 1) {
                report("layers: over quota (429 problem with rate-limit headers after the admission script; the decision "
                        + "batched to Kafka, no job), closed loop, " + concurrency + " connections", rejected,
                        used.until(Usage.now(pid, others), rejected.ok()));
            }
        }
    }

    /** A prepared submission to {@code tenant}'s jobs, with {@code token} (none when null). */
    private byte[] request(String tenant, String token, byte[] body) {
        byte[] head = ("POST /v1/tenants/" + tenant + "/jobs HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
                + (token == null ? "" : "\r\nAuthorization: Bearer " + token)
                + "\r\nContent-Type: application/json\r\nAccept: application/json"
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** {@code concurrency} connections, each sending its next submission as soon as the previous one was answered. */
    private Result closedLoop(Duration duration) throws InterruptedException {
        return closedLoop(duration, requests, 202);
    }

    /** The closed loop with {@code prepared} requests, each of which counts as answered when its status is {@code expected}. */
    private Result closedLoop(Duration duration, List<byte[]> prepared, int expected) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Recorder recorder = new Recorder();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Thread thread = new Thread(() -> {
                HttpConnection conn = null;
                long[] latencies = new long[1 << 16];
                int count = 0;
                long ok = 0;
                long failed = 0;
                String failure = null;
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        if (conn == null) {
                            conn = new HttpConnection(gateway);
                        }
                        if (conn.exchange(prepared.get((int) (sequence.getAndIncrement() % prepared.size()))) == expected) {
                            ok++;
                        } else {
                            failed++;
                            failure = failure == null ? conn.status + " " + conn.bodyText() : failure;
                        }
                    } catch (IOException e) {
                        failed++;
                        failure = failure == null ? e.toString() : failure;
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = System.nanoTime() - sent;
                }
                if (conn != null) {
                    conn.close();
                }
                recorder.add(Arrays.copyOf(latencies, count), null, ok, failed, failure);
            }, "closed-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    /**
     * Submission i is due at start + i/rate. Each sender thread owns one keep-alive connection,
     * takes the next due submission, waits for its time and sends it; latency runs from the due
     * time, so a submission that waited because every connection was busy is charged for the wait
     * too (no coordinated omission). The send delay (due time to written) is reported apart.
     */
    private Result openLoop(Duration duration, int rate) throws Exception {
        int total = (int) (rate * duration.toSeconds());
        long[] latencies = new long[total];
        long[] sendDelays = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        String[] firstFailure = new String[1];
        List<HttpConnection> open = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            open.add(new HttpConnection(gateway));
        }
        long start = System.nanoTime() + 50_000_000L;
        List<Thread> senders = new ArrayList<>();
        for (HttpConnection connection : open) {
            Thread sender = new Thread(() -> {
                HttpConnection conn = connection;
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    while (wait > 0) {
                        LockSupport.parkNanos(wait);
                        wait = due - System.nanoTime();
                    }
                    long sent = System.nanoTime();
                    try {
                        if (conn.exchange(requests.get(i % requests.size())) != 202) {
                            failed.incrementAndGet();
                            synchronized (firstFailure) {
                                firstFailure[0] = firstFailure[0] == null ? conn.status + " " + conn.bodyText() : firstFailure[0];
                            }
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        synchronized (firstFailure) {
                            firstFailure[0] = firstFailure[0] == null ? e.toString() : firstFailure[0];
                        }
                        conn = conn.reopen();
                    }
                    latencies[i] = System.nanoTime() - due;
                    sendDelays[i] = sent - due;
                }
                conn.close();
            }, "sender-" + senders.size());
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        Arrays.sort(sendDelays);
        return new Result(total - failed.get(), failed.get(), elapsed, latencies, sendDelays, firstFailure[0]);
    }

    /** Redis-only closed loops (the script alone, Bucket4j): {@code concurrency} asynchronous calls in flight. */
    private Result closedLoopFutures(Duration duration, Supplier<CompletableFuture<Boolean>> call) throws InterruptedException {
        FutureRecorder recorder = new FutureRecorder();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            loop(call, recorder, end, done);
        }
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    private void loop(Supplier<CompletableFuture<Boolean>> call, FutureRecorder recorder, long end, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        call.get().whenComplete((ok, failure) -> {
            recorder.record(sent, Boolean.TRUE.equals(ok) && failure == null);
            loop(call, recorder, end, done);
        });
    }

    /** Per-thread latencies of the closed loop, merged at the end. */
    private static final class Recorder {
        private final List<long[]> parts = new ArrayList<>();
        private long ok;
        private long failed;
        private String firstFailure;

        synchronized void add(long[] latencies, long[] unused, long ok, long failed, String failure) {
            parts.add(latencies);
            this.ok += ok;
            this.failed += failed;
            firstFailure = firstFailure == null ? failure : firstFailure;
        }

        synchronized Result result(double seconds) {
            long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(ok, failed, seconds, all, null, firstFailure);
        }
    }

    /** Latencies and counts of asynchronous calls, safe to record from any thread. */
    private static final class FutureRecorder {
        private long[] latencies = new long[1 << 20];
        private int count;
        private long ok;
        private long failed;

        synchronized void record(long sentNanos, boolean success) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - sentNanos;
            if (success) {
                ok++;
            } else {
                failed++;
            }
        }

        synchronized Result result(double seconds) {
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return new Result(ok, failed, seconds, sorted, null, null);
        }
    }

    /**
     * CPU time of the gateway (all of it, and the part spent in the kernel) and of the other
     * processes (from /proc, 0 without a pid) and of this generator, at one moment.
     */
    record Usage(long gatewayTicks, long gatewayKernelTicks, Map<String, Long> otherTicks, long generatorNanos) {
        static Usage now(long pid, Map<String, Long> others) throws IOException {
            Map<String, Long> otherTicks = new LinkedHashMap<>();
            for (Map.Entry<String, Long> other : others.entrySet()) {
                otherTicks.put(other.getKey(), ticks(other.getValue())[0]);
            }
            long[] gateway = ticks(pid);
            return new Usage(gateway[0], gateway[1], otherTicks, ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime());
        }

        /** {utime + stime, stime} of a process in clock ticks (10 ms), zeros for pid 0 or a process that is gone. */
        private static long[] ticks(long pid) throws IOException {
            Path stat = Path.of("/proc/" + pid + "/stat");
            if (pid <= 0 || !Files.exists(stat)) {
                return new long[] {0, 0};
            }
            String[] fields = Files.readString(stat).replaceFirst("^.*\\) ", "").split(" ");
            long kernel = Long.parseLong(fields[12]);
            return new long[] {Long.parseLong(fields[11]) + kernel, kernel};
        }

        /**
         * "gateway CPU x µs/job (kernel k), load generator CPU y µs/job[, broker z µs/job ...]"
         * between this and {@code later}.
         */
        String until(Usage later, long jobs) {
            double perJob = Math.max(1, jobs);
            StringBuilder line = new StringBuilder(String.format("gateway CPU %s, load generator CPU %.0f us/job",
                    gatewayTicks == 0 && later.gatewayTicks == 0 ? "n/a"
                            : String.format("%.0f us/job (kernel %.0f)", (later.gatewayTicks - gatewayTicks) * 10_000.0 / perJob,
                                    (later.gatewayKernelTicks - gatewayKernelTicks) * 10_000.0 / perJob),
                    (later.generatorNanos - generatorNanos) / 1e3 / perJob));
            for (Map.Entry<String, Long> other : otherTicks.entrySet()) {
                line.append(String.format(", %s %.0f us/job", other.getKey(),
                        (later.otherTicks.get(other.getKey()) - other.getValue()) * 10_000.0 / perJob));
            }
            return line.toString();
        }
    }

    private static Map<String, Long> commandStats(StatefulRedisConnection<String, String> redis) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : redis.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String value = line.substring(line.indexOf("calls=") + 6);
                calls.put(name, Long.parseLong(value.substring(0, value.indexOf(','))));
            }
        }
        return calls;
    }

    private static void report(String what, Result r, String cpu) {
        long[] l = r.latenciesNanos();
        say(String.format("%s:%n  ok %d, failed %d in %.1f s = %.0f/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
                        + "p99.9 %.2f ms, max %.2f ms", what, r.ok(), r.failed(), r.seconds(), r.perSecond(),
                Result.percentileMillis(l, 0.50), Result.percentileMillis(l, 0.90), Result.percentileMillis(l, 0.99),
                Result.percentileMillis(l, 0.999), Result.percentileMillis(l, 1.0)));
        if (r.sendDelaysNanos() != null) {
            long[] d = r.sendDelaysNanos();
            say(String.format("  of which send delay (due time to written): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    Result.percentileMillis(d, 0.50), Result.percentileMillis(d, 0.99), Result.percentileMillis(d, 1.0)));
        }
        if (cpu != null) {
            say("  " + cpu);
        }
        if (r.firstFailure() != null) {
            say("  first failure: " + r.firstFailure());
        }
    }

    private static void reportRedis(String what, Map<String, Long> before, Map<String, Long> after, long operations) {
        StringBuilder line = new StringBuilder("  Redis commands per " + what + " (INFO commandstats delta / " + operations + "):");
        long total = 0;
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            if (delta > 0 && !entry.getKey().equals("info")) {
                total += delta;
                line.append(String.format(" %s=%.3f", entry.getKey(), (double) delta / Math.max(1, operations)));
            }
        }
        line.append(String.format("; all commands %.3f", (double) total / Math.max(1, operations)));
        say(line.toString());
    }

    private static void say(String text) {
        System.out.println(text);
        System.out.flush();
    }

    /** One HTTP/1.1 keep-alive connection: writes a prepared request, reads one response (Content-Length or chunked). */
}
