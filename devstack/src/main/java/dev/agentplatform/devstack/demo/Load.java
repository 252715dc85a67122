package dev.agentplatform.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.events.ExecutionCompleted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Submits jobs through the gateway with a bound on how many are unfinished at once, and learns of
 * their ends from {@code agent.metrics} (see {@link KafkaFeed}), so it never polls the job API.
 */
final class Load {

    /** A job that never completes within this is given up on (counted as lost), so a phase cannot hang. */
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    private final Gateway gateway;
    private final TenantStats total;
    private final Map<String, CompletableFuture<ExecutionCompleted>> jobs = new ConcurrentHashMap<>();
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    private final AtomicLong lost = new AtomicLong();

    Load(Gateway gateway, TenantStats total) {
        this.gateway = gateway;
        this.total = total;
    }

    /** Feeds a completion seen on {@code agent.metrics}; redeliveries are counted once. */
    void completed(ExecutionCompleted e, TenantStats tenant) {
        if (counted.add(e.jobId())) {
            tenant.completed(e.succeeded(), e.durationMs());
            total.completed(e.succeeded(), e.durationMs());
        }
        jobs.computeIfAbsent(e.jobId(), id -> new CompletableFuture<>()).complete(e);
    }

    long lost() {
        return lost.get();
    }

    /** How a client treats a 429: a well-behaved one waits before it uses the slot again, a noisy one does not. */
    enum OnRefusal { BACK_OFF, RETRY_AT_ONCE }

    private static final long BACK_OFF_MS = 250;
    private static final long POLL_MS = 50;

    /**
     * Submits {@code count} jobs of one tenant, at most {@code concurrency} unfinished at a time,
     * and returns when every admitted one ended. A job is finished when the gateway reports it
     * final, which is also when it has freed the job's lease; so the tenant never holds more than
     * {@code concurrency} leases on the demo's account.
     */
    void drive(DemoTenant tenant, int count, int concurrency, Supplier<JsonNode> body, OnRefusal onRefusal)
            throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long lostBefore = lost.get();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            if (lost.get() > lostBefore) {
                break; // jobs stopped completing (no worker for the topic?): do not wait a minute for each of the rest
            }
            tenant.stats().submitted();
            total.submitted();
            pending.add(gateway.submit(tenant.token(), tenant.id(), body.get())
                    .thenCompose(submission -> settle(tenant, submission).thenCompose(end ->
                            !submission.admitted() && onRefusal == OnRefusal.BACK_OFF ? later(BACK_OFF_MS, end)
                                    : CompletableFuture.completedFuture(end)))
                    .whenComplete((ignored, error) -> slots.release()));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a submission failed unexpectedly", e.getCause());
        }
    }

    /** One job at a time, waiting for its end: the completion, or empty when refused or lost. */
    Optional<ExecutionCompleted> runOne(DemoTenant tenant, JsonNode body) throws InterruptedException {
        tenant.stats().submitted();
        total.submitted();
        try {
            return gateway.submit(tenant.token(), tenant.id(), body).thenCompose(s -> settle(tenant, s)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a submission failed unexpectedly", e.getCause());
        }
    }

    private CompletableFuture<Optional<ExecutionCompleted>> settle(DemoTenant tenant, Gateway.Submission s) {
        if (!s.admitted()) {
            tenant.stats().rejected(s.reasons());
            total.rejected(s.reasons());
            return CompletableFuture.completedFuture(Optional.empty());
        }
        tenant.stats().admitted();
        total.admitted();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        return jobs.computeIfAbsent(s.jobId(), id -> new CompletableFuture<>())
                .orTimeout(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(end -> finalAtGateway(tenant, s.jobId(), deadline).thenApply(ignored -> Optional.of(end)))
                .exceptionally(timeout -> {
                    lost.incrementAndGet();
                    return Optional.empty();
                });
    }

    /** Polls the job until the gateway reports it final (usually at once: it read the same completion). */
    private CompletableFuture<Void> finalAtGateway(DemoTenant tenant, String jobId, long deadline) {
        return gateway.jobStatus(tenant.token(), tenant.id(), jobId).thenCompose(status -> {
            if (FINAL.contains(status) || System.nanoTime() > deadline) {
                return CompletableFuture.completedFuture(null);
            }
            return later(POLL_MS, null).thenCompose(ignored -> finalAtGateway(tenant, jobId, deadline));
        });
    }

    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED");

    private static <T> CompletableFuture<T> later(long millis, T value) {
        return CompletableFuture.supplyAsync(() -> value,
                CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }
}
