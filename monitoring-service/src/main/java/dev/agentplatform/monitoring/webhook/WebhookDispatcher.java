package dev.agentplatform.monitoring.webhook;

import dev.agentplatform.monitoring.config.MonitoringConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * POSTs alert transitions to the tenants' webhooks, asynchronously: {@link #submit} never
 * blocks; failed attempts (errors, timeouts, non-2xx) are retried with exponential backoff up to
 * the configured attempts; at most {@code queue-capacity} deliveries are pending, beyond that
 * new ones are dropped and counted, so a dead receiver cannot hold up anything else.
 */
// Created at startup so its meters are on /q/metrics before the first request needs the bean.
@Startup
@ApplicationScoped
public class WebhookDispatcher {

    /** HMAC-SHA256 of the body with the tenant's secret, as {@code sha256=<hex>}. */
    public static final String SIGNATURE_HEADER = "X-Signature-256";
    public static final String EVENT_TYPE_HEADER = "ce-type";
    public static final String EVENT_ID_HEADER = "ce-id";

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final MonitoringConfig.Webhooks settings;
    private final HttpClient http;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-retries");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore pending;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;

    public WebhookDispatcher(MonitoringConfig config, MeterRegistry registry) {
        this.settings = config.webhooks();
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.pending = new Semaphore(settings.queueCapacity());
        this.delivered = deliveries(registry, "delivered");
        this.failed = deliveries(registry, "failed");
        this.dropped = deliveries(registry, "dropped");
    }

    private static Counter deliveries(MeterRegistry registry, String outcome) {
        return Counter.builder("alert_webhook_deliveries").description("Alert webhook deliveries by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** A delivery of one transition to one receiver. */
    public record Delivery(String url, Optional<String> secret, String eventId, String eventType, byte[] body) {
    }

    /** Queues a delivery; returns false (and counts it) when too many are pending. */
    public boolean submit(Delivery delivery) {
        if (!pending.tryAcquire()) {
            dropped.increment();
            LOG.warnf("webhook queue full, dropping %s %s for %s", delivery.eventType(), delivery.eventId(), delivery.url());
            return false;
        }
        attempt(delivery, 1);
        return true;
    }

    private void attempt(Delivery delivery, int attempt) {
        http.sendAsync(request(delivery), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.increment();
                pending.release();
            } else if (attempt >= settings.maxAttempts()) {
                failed.increment();
                pending.release();
                LOG.warnf("webhook %s gave up on %s after %d attempts: %s", delivery.url(), delivery.eventId(), attempt,
                        error != null ? error.toString() : "HTTP " + response.statusCode());
            } else {
                retries.schedule(() -> attempt(delivery, attempt + 1), backoff(attempt).toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** initial × 2^(attempt−1), capped. */
    Duration backoff(int attempt) {
        long millis = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    private HttpRequest request(Delivery d) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(d.url())).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header(EVENT_TYPE_HEADER, d.eventType())
                .header(EVENT_ID_HEADER, d.eventId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.secret().ifPresent(secret -> builder.header(SIGNATURE_HEADER, signature(secret, d.body())));
        return builder.build();
    }

    /** {@code sha256=} + hex HMAC-SHA256 of the body, as receivers verify it. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
