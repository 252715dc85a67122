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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer metrics per tenant and agent: {@code agent_requests_total{status}},
 * {@code agent_request_duration_seconds} (buckets 0.1 … 10 s), {@code agent_active_executions},
 * {@code agent_tokens_total{kind}} and {@code agent_cost_total} (USD).
 */
@ApplicationScoped
public class ExecutionMetrics {

    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> active = new ConcurrentHashMap<>();

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
        Tags tags = Tags.of("tenant", completed.tenantId(), "agent", completed.agentId());
        Counter.builder("agent.requests").description("Completed executions by final status")
                .tags(tags).tag("status", completed.status().name()).register(registry).increment();
        Timer.builder("agent.request.duration").description("Execution duration from start to completion")
                .tags(tags).serviceLevelObjectives(BUCKETS).register(registry)
                .record(Duration.ofMillis(completed.durationMs()));
        var usage = completed.resources();
        if (usage.promptTokens() != null) {
            tokens(tags, "prompt", usage.promptTokens());
            tokens(tags, "completion", usage.completionTokens() == null ? 0 : usage.completionTokens());
        }
        if (usage.costUsd() != null) {
            Counter.builder("agent.cost").description("Cost of LLM calls in USD")
                    .tags(tags).register(registry).increment(usage.costUsd());
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
