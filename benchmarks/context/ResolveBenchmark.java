// Resolve benchmark for context-service: run through run.sh (java single-file launcher, JDK 17+).
// Modes: "keys <dir>" writes an RSA key pair (public.pem, private.der) for the service under test;
// "run <baseUrl> <dir> <rate> <seconds>" seeds a tenant, warms the caches, then sends resolve
// requests open-loop at <rate> per second and reports latency percentiles measured from each
// request's due time, from 64 keep-alive connections (so a stalled service cannot hide its queueing
// delay), then runs a closed loop with 32 concurrent clients for the maximum throughput.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class ResolveBenchmark {

    static final String ISSUER = "https://bench.agentplatform.dev/issuer";
    static final String TENANT = "bench";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("keys")) {
            keys(Path.of(args[1]));
        } else {
            run(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
    }

    static void keys(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Files.write(dir.resolve("private.der"), pair.getPrivate().getEncoded());
    }

    static String token(Path dir, String roles, String tenant) throws Exception {
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("private.der"))));
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"bench\",\"groups\":[" + roles + "],"
                + (tenant == null ? "" : "\"tenant\":\"" + tenant + "\",") + "\"iat\":" + now + ",\"exp\":" + (now + 7200) + "}");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static void run(String base, Path dir, int rate, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String admin = "Bearer " + token(dir, "\"tenant-admin\",\"submitter\",\"viewer\"", TENANT);
        String service = "Bearer " + token(dir, "\"platform-service\"", null);
        seed(http, base, admin);
        URI resolve = URI.create(base + "/v1/tenants/" + TENANT
                + "/context/resolve?keys=policy,limits,style&division=d1&department=dep1&project=p1&user=u1");
        HttpRequest request = HttpRequest.newBuilder(resolve).header("Authorization", service).timeout(Duration.ofSeconds(10)).GET().build();
        for (int i = 0; i < 2000; i++) {
            HttpResponse<String> warm = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (i == 0) {
                check(warm);
            }
        }
        openLoop(http, request, rate, seconds);
        closedLoop(http, request, 32, Math.max(10, seconds / 2));
    }

    static void seed(HttpClient http, String base, String admin) throws Exception {
        String[][] entries = {
                {"global/global/policy", "{\"value\":{\"region\":\"eu\",\"dataHandling\":\"strict\"}}"},
                {"project/p1/policy", "{\"value\":{\"region\":\"us\"}}"},
                {"global/global/limits", "{\"value\":{\"maxTokens\":4000,\"budget\":{\"daily\":100}}}"},
                {"division/d1/limits", "{\"value\":{\"budget\":{\"daily\":250}}}"},
                {"department/dep1/limits", "{\"value\":{\"maxTokens\":8000}}"},
                {"user/u1/style", "{\"value\":{\"tone\":\"formal\",\"language\":\"en\"}}"}};
        for (String[] entry : entries) {
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tenants/" + TENANT + "/context/" + entry[0]))
                    .header("Authorization", admin).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(entry[1])).build(), HttpResponse.BodyHandlers.ofString());
            check(put);
        }
    }

    static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    /**
     * Request i is due at start + i/rate. 64 sender threads (64 keep-alive connections) take the
     * next due request, wait for its time and send it; latency runs from the due time, so a
     * service that falls behind is charged for the queueing too (no coordinated omission).
     */
    static void openLoop(HttpClient http, HttpRequest request, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime() + 100_000_000L;
        long interval = 1_000_000_000L / rate;
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            Thread sender = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || response.body().contains("\"providersFailed\":[\"")) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - due;
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("open loop: target %d req/s for %d s: %d requests in %.2f s = %.0f req/s, errors %d%n",
                rate, seconds, total, elapsed, total / elapsed, errors.get());
        System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", ms(latencies, 0.50),
                ms(latencies, 0.90), ms(latencies, 0.99), ms(latencies, 0.999), latencies[total - 1] / 1e6);
    }

    static void closedLoop(HttpClient http, HttpRequest request, int clients, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("closed loop: %d clients for %d s: %.0f req/s, errors %d%n", clients, seconds, done.get() / elapsed, errors.get());
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
