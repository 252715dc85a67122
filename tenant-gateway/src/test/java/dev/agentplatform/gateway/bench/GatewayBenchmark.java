package dev.agentplatform.gateway.bench;

import dev.agentplatform.devstack.DevTokens;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Load benchmark of the running gateway (benchmarks/gateway/run.sh starts everything): HTTP submit
 * → admission script → Kafka ack, closed loop for the maximum and open loop at a fixed rate for
 * latency; then, against the same Redis and with the same concurrency, Bucket4j's Lettuce token
 * bucket (one {@code tryConsume(1)} per request) as the peer. Redis {@code INFO commandstats}
 * deltas show the Redis commands each admission costs. Not a test: it asserts nothing.
 *
 * <p>Arguments: {@code --gateway URL --redis URL [--seconds 20] [--concurrency 64] [--rate 2000[,300...]] [--tenants 32]}.
 */
public final class GatewayBenchmark {

    private static final String BODY = "{\"agentId\":\"echo\",\"input\":{\"text\":\"bench\"},\"complexity\":\"low\"}";

    private final URI gateway;
    private final String redisUrl;
    private final int seconds;
    private final int concurrency;
    private final List<Integer> rates;
    private final List<String> tenants = new ArrayList<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http;

    private GatewayBenchmark(Map<String, String> args) {
        gateway = URI.create(args.get("gateway"));
        redisUrl = args.get("redis");
        seconds = Integer.parseInt(args.getOrDefault("seconds", "20"));
        concurrency = Integer.parseInt(args.getOrDefault("concurrency", "64"));
        rates = Arrays.stream(args.getOrDefault("rate", "2000").split(",")).map(Integer::valueOf).toList();
        int tenantCount = Integer.parseInt(args.getOrDefault("tenants", "32"));
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        for (int i = 0; i < tenantCount; i++) {
            tenants.add("bench-" + run + "-" + i);
        }
        http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(gateway.getHost())
                .setDefaultPort(gateway.getPort()).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        GatewayBenchmark bench = new GatewayBenchmark(args);
        try {
            bench.run();
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        register();
        RedisClient redis = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> stats = redis.connect()) {
            say("warm-up: " + seconds / 2 + " s closed loop (discarded)");
            closedLoop(Duration.ofSeconds(Math.max(5, seconds / 2)), this::submit);

            Map<String, Long> before = commandStats(stats);
            Result max = closedLoop(Duration.ofSeconds(seconds), this::submit);
            Map<String, Long> after = commandStats(stats);
            report("gateway, closed loop, concurrency " + concurrency, max);
            reportRedis("gateway admissions", before, after, max.ok());

            for (int rate : rates) {
                Result fixed = openLoop(Duration.ofSeconds(seconds), rate, this::submit);
                report("gateway, open loop at " + rate + "/s (latency from the scheduled send time)", fixed);
            }

            // The same admission script without HTTP and Kafka: the like-for-like peer of Bucket4j's check.
            String sha = stats.sync().scriptLoad(new String(GatewayBenchmark.class.getResourceAsStream("/lua/admit.lua")
                    .readAllBytes(), StandardCharsets.UTF_8));
            StatefulRedisConnection<String, String> scripts = redis.connect();
            Supplier<CompletableFuture<Boolean>> admit = () -> admitDirect(scripts, sha);
            closedLoopFutures(Duration.ofSeconds(Math.max(3, seconds / 4)), admit);
            before = commandStats(stats);
            Result direct = closedLoopFutures(Duration.ofSeconds(seconds), admit);
            after = commandStats(stats);
            report("admission script alone (Lettuce EVALSHA admit.lua, every dimension), closed loop, concurrency "
                    + concurrency + " (Redis only: no HTTP, no Kafka)", direct);
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
                    + " (Redis check only: no HTTP, no Kafka)", bucket4j);
            reportRedis("Bucket4j checks", before, after, bucket4j.ok());
        } finally {
            redis.shutdown();
        }
    }

    /** One admission as JobStore sends it, straight to Redis. */
    private CompletableFuture<Boolean> admitDirect(StatefulRedisConnection<String, String> redis, String sha) {
        String tenant = tenants.get((int) (sequence.getAndIncrement() % tenants.size()));
        String job = java.util.UUID.randomUUID().toString();
        String tag = "tenant:{" + tenant + "}:";
        String[] keys = {tag + "leases", tag + "lease-resources", tag + "usage", tag + "requests", tag + "quota",
                tag + "job:" + job, tag + "jobs", tag + "idem:-"};
        String[] args = {job, "", "60000", "604800", "256", "500", "30", "10", "2048", "2000", "1000", "300", "60000",
                "", "0", "jobId", job, "tenantId", tenant, "agentId", "echo", "memoryMb", "256", "cpuCores", "0.5",
                "expectedDurationSeconds", "30"};
        return redis.async().<List<Object>>evalsha(sha, io.lettuce.core.ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture().thenApply(reply -> Long.valueOf(1L).equals(reply.get(0)));
    }

    private void register() throws Exception {
        String admin = "Bearer " + DevTokens.mint(null, List.of("platform-admin"), Duration.ofHours(2));
        for (String tenant : tenants) {
            String body = "{\"name\":\"bench\",\"isolationLevel\":\"SHARED\",\"quota\":{\"maxConcurrentAgents\":100000,"
                    + "\"maxMemoryMb\":10000000,\"maxCpuCores\":100000,\"maxRequestsPerMinute\":100000000,"
                    + "\"maxExecutionTimeSeconds\":3600}}";
            int status = http.request(HttpMethod.PUT, "/v1/tenants/" + tenant)
                    .compose(req -> req.putHeader("Authorization", admin).putHeader("Content-Type", "application/json")
                            .send(body).map(r -> r.statusCode()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (status != 201) {
                throw new IllegalStateException("registering " + tenant + " answered " + status);
            }
            tokens.put(tenant, "Bearer " + DevTokens.mint(tenant, List.of("submitter"), Duration.ofHours(2)));
        }
        say("registered " + tenants.size() + " tenants");
    }

    private final AtomicLong sequence = new AtomicLong();

    /** One submission; completes with true for a 202. */
    private Future<Boolean> submit() {
        String tenant = tenants.get((int) (sequence.getAndIncrement() % tenants.size()));
        return http.request(HttpMethod.POST, "/v1/tenants/" + tenant + "/jobs")
                .compose(req -> req.putHeader("Authorization", tokens.get(tenant))
                        .putHeader("Content-Type", "application/json").send(Buffer.buffer(BODY)))
                .compose(resp -> resp.body().map(b -> resp.statusCode() == 202));
    }

    /** What one phase measured. */
    record Result(long ok, long failed, double seconds, long[] latenciesMicros) {
        double perSecond() {
            return ok / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesMicros.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latenciesMicros.length - 1, Math.ceil(p * latenciesMicros.length) - 1);
            return latenciesMicros[Math.max(0, index)] / 1000.0;
        }
    }

    /** {@code concurrency} clients, each sending its next request when the previous one answered. */
    private Result closedLoop(Duration duration, Supplier<Future<Boolean>> call) throws InterruptedException {
        return closedLoopFutures(duration, () -> call.get().toCompletionStage().toCompletableFuture());
    }

    private Result closedLoopFutures(Duration duration, Supplier<CompletableFuture<Boolean>> call) throws InterruptedException {
        Recorder recorder = new Recorder();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            loop(call, recorder, end, done);
        }
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    private void loop(Supplier<CompletableFuture<Boolean>> call, Recorder recorder, long end, CountDownLatch done) {
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

    /** Requests at a fixed rate whatever the answers, timed from when each was due. */
    private Result openLoop(Duration duration, int perSecond, Supplier<Future<Boolean>> call) throws InterruptedException {
        Recorder recorder = new Recorder();
        long total = (long) perSecond * duration.toSeconds();
        CountDownLatch done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        double intervalNanos = 1e9 / perSecond;
        AtomicLong issued = new AtomicLong();
        long timer = vertx.setPeriodic(1, id -> {
            long due = (long) ((System.nanoTime() - start) / intervalNanos);
            while (issued.get() < Math.min(due, total)) {
                long n = issued.getAndIncrement();
                long scheduled = start + (long) (n * intervalNanos);
                call.get().onComplete(r -> {
                    recorder.record(scheduled, r.succeeded() && r.result());
                    done.countDown();
                });
            }
        });
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        vertx.cancelTimer(timer);
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    /** Latencies and counts, safe to record from any thread. */
    private static final class Recorder {
        private final List<Long> latencies = new ArrayList<>(1 << 20);
        private long ok;
        private long failed;

        synchronized void record(long sentNanos, boolean success) {
            latencies.add((System.nanoTime() - sentNanos) / 1000);
            if (success) {
                ok++;
            } else {
                failed++;
            }
        }

        synchronized Result result(double seconds) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return new Result(ok, failed, seconds, sorted);
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

    private static void report(String what, Result r) {
        say(String.format("%s:%n  ok %d, failed %d in %.1f s = %.0f/s; latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                what, r.ok(), r.failed(), r.seconds(), r.perSecond(), r.percentileMillis(0.50), r.percentileMillis(0.99),
                r.percentileMillis(0.999), r.percentileMillis(1.0)));
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
}
