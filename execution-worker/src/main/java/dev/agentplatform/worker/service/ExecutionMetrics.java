package dev.agentplatform.worker.service;

import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer metrics per tenant and agent: {@code agent_requests_total{status}},
 * {@code agent_request_duration_seconds} (buckets 0.1 … 10 s), {@code agent_active_executions},
 * {@code agent_tokens_total{kind}} and {@code agent_cost_total} (USD).
 *
 * <p>The meters of a tenant and agent (the gauge, the duration timer and the request counter per
 * status) are looked up in the registry once and then kept together here ({@link Meters}), reached
 * through two plain string-keyed maps, instead of being built and looked up again (or found by a
 * {@code Tags} key, whose hashing cost more than the update) for every job. The registry's meter
 * filters (the tenant label bound among them) apply at that first lookup, so a kept meter is
 * exactly the one the registry would return. At most {@link #MAX_CACHED} tenant/agent pairs are
 * kept; beyond that, jobs look their meters up as before, so the cache cannot grow without bound
 * with the number of tenants.
 */
@ApplicationScoped
public class ExecutionMetrics {

    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    static final int MAX_CACHED = 10_000;

    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Meters>> byTenant = new ConcurrentHashMap<>();
    private final AtomicInteger cached = new AtomicInteger();

    public ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of a tenant's runs of an agent; keep them for the job's {@link Meters#started}, {@link Meters#finished}, {@link Meters#completed}. */
    public Meters of(String tenantId, String agentId) {
        Map<String, Meters> byAgent = byTenant.get(tenantId);
        Meters meters = byAgent == null ? null : byAgent.get(agentId);
        if (meters != null) {
            return meters;
        }
        meters = new Meters(tenantId, agentId);
        if (cached.get() < MAX_CACHED) {
            Meters previous = byTenant.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>()).putIfAbsent(agentId, meters);
            if (previous != null) {
                return previous;
            }
            cached.incrementAndGet();
        }
        return meters;
    }

    public void started(String tenantId, String agentId) {
        of(tenantId, agentId).started();
    }

    public void finished(String tenantId, String agentId) {
        of(tenantId, agentId).finished();
    }

    public void completed(ExecutionCompleted completed) {
        of(completed.tenantId(), completed.agentId()).completed(completed);
    }

    /** The meters of one tenant and agent. */
    public final class Meters {

        private final String tenantId;
        private final String agentId;
        private final AtomicInteger running;
        private final Timer duration;
        /** By status ordinal, registered at the first completion with that status (a racing second registration finds the same counter). */
        private final Counter[] requests = new Counter[ExecutionStatus.values().length];

        private Meters(String tenantId, String agentId) {
            this.tenantId = tenantId;
            this.agentId = agentId;
            Tags tags = Tags.of("tenant", tenantId, "agent", agentId);
            this.running = gauge(tags);
            this.duration = Timer.builder("agent.request.duration")
                    .description("Execution duration from start to completion")
                    .tags(tags).serviceLevelObjectives(BUCKETS).register(registry);
        }

        public void started() {
            running.incrementAndGet();
        }

        public void finished() {
            running.decrementAndGet();
        }

        public void completed(ExecutionCompleted completed) {
            requests(completed.status()).increment();
            duration.record(completed.durationMs(), TimeUnit.MILLISECONDS);
            var usage = completed.resources();
            if (usage == null) {
                return;
            }
            Tags tags = Tags.of("tenant", tenantId, "agent", agentId);
            if (usage.promptTokens() != null) {
                tokens(tags, "prompt", usage.promptTokens());
                tokens(tags, "completion", usage.completionTokens() == null ? 0 : usage.completionTokens());
            }
            if (usage.costUsd() != null) {
                Counter.builder("agent.cost").description("Cost of LLM calls in USD")
                        .tags(tags).register(registry).increment(usage.costUsd());
            }
        }

        private Counter requests(ExecutionStatus status) {
            Counter counter = requests[status.ordinal()];
            if (counter == null) {
                counter = Counter.builder("agent.requests").description("Completed executions by final status")
                        .tags("tenant", tenantId, "agent", agentId).tag("status", status.name()).register(registry);
                requests[status.ordinal()] = counter;
            }
            return counter;
        }
    }

    private void tokens(Tags tags, String kind, long count) {
        Counter.builder("agent.tokens").description("LLM tokens").tags(tags).tag("kind", kind)
                .register(registry).increment(count);
    }

    private AtomicInteger gauge(Tags tags) {
        return active.computeIfAbsent(tags, t -> {
            AtomicInteger running = new AtomicInteger();
            Gauge.builder("agent.active.executions", running, AtomicInteger::get)
                    .description("Executions running on this worker now").tags(t).register(registry);
            return running;
        });
    }
}
