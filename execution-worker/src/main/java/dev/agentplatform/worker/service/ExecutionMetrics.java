package dev.agentplatform.worker.service;

import dev.agentplatform.events.ExecutionCompleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer metrics per tenant and agent: {@code agent_requests_total{status}},
 * {@code agent_request_duration_seconds} (buckets 0.1 … 10 s), {@code agent_active_executions},
 * {@code agent_tokens_total{kind}} and {@code agent_cost_total} (USD).
 *
 * <p>The request counter and the duration timer of a tenant, agent (and status) are looked up in the
 * registry once and then kept here, instead of being built and looked up again for every completion.
 * The registry's meter filters (the tenant label bound among them) apply at that first lookup, so a
 * kept meter is exactly the one the registry would return. At most {@link #MAX_CACHED} meters are
 * kept; beyond that, completions look their meters up as before, so the cache cannot grow without
 * bound with the number of tenants.
 */
@ApplicationScoped
public class ExecutionMetrics {

    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    static final int MAX_CACHED = 10_000;

    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<MeterKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<MeterKey, Timer> durations = new ConcurrentHashMap<>();

    public ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void started(String tenantId, String agentId) {
        gauge(tenantId, agentId).incrementAndGet();
    }

    public void finished(String tenantId, String agentId) {
        gauge(tenantId, agentId).decrementAndGet();
    }

    public void completed(ExecutionCompleted completed) {
        String status = completed.status().name();
        cached(requests, new MeterKey(completed.tenantId(), completed.agentId(), status), key -> Counter.builder("agent.requests")
                .description("Completed executions by final status")
                .tags(key.tags()).tag("status", status).register(registry)).increment();
        cached(durations, new MeterKey(completed.tenantId(), completed.agentId(), null), key -> Timer.builder("agent.request.duration")
                .description("Execution duration from start to completion")
                .tags(key.tags()).serviceLevelObjectives(BUCKETS).register(registry))
                .record(completed.durationMs(), TimeUnit.MILLISECONDS);
        var usage = completed.resources();
        if (usage == null) {
            return;
        }
        Tags tags = Tags.of("tenant", completed.tenantId(), "agent", completed.agentId());
        if (usage.promptTokens() != null) {
            tokens(tags, "prompt", usage.promptTokens());
            tokens(tags, "completion", usage.completionTokens() == null ? 0 : usage.completionTokens());
        }
        if (usage.costUsd() != null) {
            Counter.builder("agent.cost").description("Cost of LLM calls in USD")
                    .tags(tags).register(registry).increment(usage.costUsd());
        }
    }

    private static <M> M cached(Map<MeterKey, M> cache, MeterKey key, Function<MeterKey, M> lookup) {
        M meter = cache.get(key);
        if (meter != null) {
            return meter;
        }
        meter = lookup.apply(key);
        if (cache.size() < MAX_CACHED) {
            cache.putIfAbsent(key, meter);
        }
        return meter;
    }

    /** Tenant, agent and (for the request counter) status of a kept meter. */
    private record MeterKey(String tenantId, String agentId, String status) {

        Tags tags() {
            return Tags.of("tenant", tenantId, "agent", agentId);
        }
    }

    private void tokens(Tags tags, String kind, long count) {
        Counter.builder("agent.tokens").description("LLM tokens").tags(tags).tag("kind", kind)
                .register(registry).increment(count);
    }

    private AtomicInteger gauge(String tenantId, String agentId) {
        Tags tags = Tags.of("tenant", tenantId, "agent", agentId);
        return active.computeIfAbsent(tags, t -> {
            AtomicInteger running = new AtomicInteger();
            Gauge.builder("agent.active.executions", running, AtomicInteger::get)
                    .description("Executions running on this worker now").tags(t).register(registry);
            return running;
        });
    }
}
