// Resolve benchmark for context-service: run through run.sh (java single-file launcher, JDK 17+).
// Modes:
//   "keys <dir>"  writes an RSA key pair (public.pem, private.der) for the service under test;
//   "sink <portFile>"  runs a minimal OTLP/HTTP trace receiver (a stand-in for a collector) on a
//       free port, writes the port to <portFile>, and answers GET /stats with what it received;
//   "run <baseUrl> <dir> <rate> <seconds> <connections> <closedSeconds>"  seeds a tenant, warms the
//       caches, sends resolve requests open-loop at <rate> per second over <connections> keep-alive
//       connections and reports latency percentiles measured from each request's due time, then
//       runs a closed loop (32 connections back to back) for the throughput ceiling.
// The HTTP/1.1 client (devstack's HttpConnection, so run.sh puts devstack's classes on the class
// path) is a plain blocking socket per connection with the request bytes prepared once: the load
// generator shares the service's cores, so it should spend as little CPU as it can.

import dev.agentplatform.devstack.bench.HttpConnection;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class ResolveBenchmark {

    static final String ISSUER = "https://bench.agentplatform.dev/issuer";
    static final String TENANT = "bench";
    static final String PATH = "/v1/tenants/" + TENANT
            + "/context/resolve?keys=policy,limits,style&division=d1&department=dep1&project=p1&user=u1";
    /** A resolve whose body names a failed provider is counted as an error. */
    static final byte[] FAILED_MARKER = "\"providersFailed\":[\"".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "keys" -> keys(Path.of(args[1]));
            case "sink" -> Sink.start(Path.of(args[1]));
            default -> run(URI.create(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Long.parseLong(args[7]), Integer.parseInt(args[8]));
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

    static void run(URI base, Path dir, int rate, int seconds, int connections, int closedSeconds, long servicePid,
            int warmUpSeconds) throws Exception {
        String admin = "Bearer " + token(dir, "\"tenant-admin\",\"submitter\",\"viewer\"", TENANT);
        String service = "Bearer " + token(dir, "\"platform-service\"", null);
        seed(base, admin);
        byte[] request = ("GET " + PATH + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAuthorization: " + service + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (HttpConnection warm = new HttpConnection(base)) {
            for (int i = 0; i < 2000; i++) {
                if (warm.exchange(request) != 200) {
                    throw new IllegalStateException("warm-up resolve answered " + warm.status + ": " + warm.bodyText());
                }
                if (i == 0 && warm.bodyContains(FAILED_MARKER)) {
                    throw new IllegalStateException("a provider failed: " + warm.bodyText());
                }
            }
        }
        if (warmUpSeconds > 0) {
            System.out.printf("warm-up at the target rate, not counted: %d s%n", warmUpSeconds);
            openLoop(base, request, rate, warmUpSeconds, connections, false);
        }
        Usage before = Usage.of(base, servicePid);
        openLoop(base, request, rate, seconds, connections, true);
        Usage.of(base, servicePid).report(before, rate * seconds);
        closedLoop(base, request, 32, closedSeconds);
    }

    static void seed(URI base, String admin) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String[][] entries = {
                {"global/global/policy", "{\"value\":{\"region\":\"eu\",\"dataHandling\":\"strict\"}}"},
                {"project/p1/policy", "{\"value\":{\"region\":\"us\"}}"},
                {"global/global/limits", "{\"value\":{\"maxTokens\":4000,\"budget\":{\"daily\":100}}}"},
                {"division/d1/limits", "{\"value\":{\"budget\":{\"daily\":250}}}"},
                {"department/dep1/limits", "{\"value\":{\"maxTokens\":8000}}"},
                {"user/u1/style", "{\"value\":{\"tone\":\"formal\",\"language\":\"en\"}}"}};
        for (String[] entry : entries) {
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("/v1/tenants/" + TENANT + "/context/" + entry[0]))
                    .header("Authorization", admin).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(entry[1])).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 200) {
                throw new IllegalStateException(put.statusCode() + " " + put.body());
            }
        }
    }

    /**
     * Request i is due at start + i/rate. Each sender thread owns one keep-alive connection, takes
     * the next due request, waits for its time and sends it; latency runs from the due time, so a
     * request that waited because the service (or every connection) was busy is charged for the
     * wait too (no coordinated omission). The send delay (due time to the moment the request was
     * written) and the service time (written to answered) are reported apart, to tell queueing in
     * the generator from time in the service.
     */
    static void openLoop(URI base, byte[] request, int rate, int seconds, int connections, boolean report) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        long[] sendDelays = new long[total];
        long[] serviceTimes = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<HttpConnection> open = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            open.add(new HttpConnection(base));
        }
        long start = System.nanoTime() + 100_000_000L;
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
                        if (conn.exchange(request) != 200 || conn.bodyContains(FAILED_MARKER)) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        conn = conn.reopen();
                    }
                    long done = System.nanoTime();
                    latencies[i] = done - due;
                    sendDelays[i] = sent - due;
                    serviceTimes[i] = done - sent;
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
        if (!report) {
            System.out.printf("  warm-up latency %s, errors %d%n", percentiles(latencies), errors.get());
            return;
        }
        System.out.printf("open loop: target %d req/s for %d s over %d connections: %d requests in %.2f s = %.0f req/s, errors %d%n",
                rate, seconds, connections, total, elapsed, total / elapsed, errors.get());
        int slice = Math.max(1, seconds / 3) * rate;
        for (int from = 0; from + slice <= total; from += slice) {
            System.out.printf("  s %2d-%2d  latency %s%n", from / rate, (from + slice) / rate,
                    percentiles(Arrays.copyOfRange(latencies, from, from + slice)));
        }
        System.out.printf("latency ms (from due time): %s%n", percentiles(latencies));
        System.out.printf("  of which send delay ms:   %s%n", percentiles(sendDelays));
        System.out.printf("  service time ms (sent to answered): %s%n", percentiles(serviceTimes));
    }

    static String percentiles(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f", ms(sorted, 0.50), ms(sorted, 0.90),
                ms(sorted, 0.99), ms(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
    }

    static void closedLoop(URI base, byte[] request, int clients, int seconds) throws Exception {
        if (seconds <= 0) {
            return;
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            HttpConnection connection = new HttpConnection(base);
            Thread thread = new Thread(() -> {
                HttpConnection conn = connection;
                while (System.nanoTime() < end) {
                    try {
                        if (conn.exchange(request) != 200) {
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        conn = conn.reopen();
                    }
                }
                conn.close();
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("closed loop: %d connections for %d s: %.0f req/s, errors %d%n", clients, seconds, done.get() / elapsed, errors.get());
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /**
     * What the service and the generator used: CPU time of both processes (the service's from
     * /proc), and the service's allocation and GC pauses from its Micrometer metrics (the allocation
     * counter advances at each young collection, so it is exact to within one young generation).
     */
    record Usage(long serviceCpuTicks, long contextSwitches, long generatorCpuNanos, double allocatedBytes, double pauses,
            double pauseSeconds, double pauseMaxSeconds) {

        static Usage of(URI base, long pid) throws Exception {
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            long own = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            HttpClient http = HttpClient.newHttpClient();
            String metrics = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new Usage(ticks, contextSwitches(pid), own, sum(metrics, "jvm_gc_memory_allocated_bytes_total"),
                    sum(metrics, "jvm_gc_pause_seconds_count"), sum(metrics, "jvm_gc_pause_seconds_sum"),
                    max(metrics, "jvm_gc_pause_seconds_max"));
        }

        /** Voluntary and involuntary context switches of all the service's threads (of those alive now). */
        static long contextSwitches(long pid) throws IOException {
            long total = 0;
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        total += Files.readAllLines(task.resolve("status")).stream().filter(l -> l.contains("ctxt_switches:"))
                                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).sum();
                    } catch (IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            return total;
        }

        void report(Usage before, int requests) {
            System.out.printf("during the open loop: service CPU %.0f us/request, %.1f context switches/request; generator CPU %.0f us/request; "
                            + "service allocated %.1f KB/request; %d GC pauses, %.1f ms in all, longest recent %.1f ms%n",
                    (serviceCpuTicks - before.serviceCpuTicks) * 10_000.0 / requests,
                    (contextSwitches - before.contextSwitches) / (double) requests,
                    (generatorCpuNanos - before.generatorCpuNanos) / 1e3 / requests,
                    (allocatedBytes - before.allocatedBytes) / 1024 / requests,
                    (long) (pauses - before.pauses), (pauseSeconds - before.pauseSeconds) * 1e3, pauseMaxSeconds * 1e3);
        }

        static double sum(String metrics, String name) {
            return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }

        static double max(String metrics, String name) {
            return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
        }
    }

    /** One HTTP/1.1 keep-alive connection: writes a prepared request, reads one response (Content-Length or chunked). */
    /**
     * A minimal OTLP/HTTP trace receiver, standing in for a collector: reads each export request,
     * counts its spans (ExportTraceServiceRequest.resource_spans(1).scope_spans(2).spans(2)) and
     * answers an empty ExportTraceServiceResponse; GET /stats reports the totals.
     */
    static final class Sink {
        static final AtomicLong REQUESTS = new AtomicLong();
        static final AtomicLong SPANS = new AtomicLong();
        static final AtomicLong BYTES = new AtomicLong();

        static void start(Path portFile) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", Sink::handle);
            server.start();
            Files.writeString(portFile, Integer.toString(server.getAddress().getPort()));
        }

        static void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body;
                try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new java.util.zip.GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (exchange.getRequestMethod().equals("GET")) {
                    byte[] stats = String.format("%d export requests, %d spans, %d bytes", REQUESTS.get(), SPANS.get(),
                            BYTES.get()).getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, stats.length);
                    exchange.getResponseBody().write(stats);
                    return;
                }
                REQUESTS.incrementAndGet();
                BYTES.addAndGet(body.length);
                long spans = 0;
                for (byte[] resourceSpans : fields(body, 1)) {
                    for (byte[] scopeSpans : fields(resourceSpans, 2)) {
                        spans += fields(scopeSpans, 2).size();
                    }
                }
                SPANS.addAndGet(spans);
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        }

        /** The length-delimited fields with the given number; other fields are skipped. */
        static List<byte[]> fields(byte[] message, int wanted) {
            List<byte[]> out = new ArrayList<>();
            int[] pos = {0};
            while (pos[0] < message.length) {
                long tag = varint(message, pos);
                switch ((int) (tag & 7)) {
                    case 0 -> varint(message, pos);
                    case 1 -> pos[0] += 8;
                    case 2 -> {
                        int length = (int) varint(message, pos);
                        if ((int) (tag >>> 3) == wanted) {
                            out.add(Arrays.copyOfRange(message, pos[0], pos[0] + length));
                        }
                        pos[0] += length;
                    }
                    case 5 -> pos[0] += 4;
                    default -> throw new IllegalArgumentException("unsupported protobuf wire type in tag " + tag);
                }
            }
            return out;
        }

        static long varint(byte[] message, int[] pos) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = message[pos[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }
    }
}
