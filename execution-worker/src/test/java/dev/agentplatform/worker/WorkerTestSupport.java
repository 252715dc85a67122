package dev.agentplatform.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisTestResource;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.ResourceReservation;
import dev.agentplatform.events.Topics;
import io.quarkus.test.common.WithTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the worker's Quarkus tests share: the same test resources (so they share one application),
 * a plain Kafka client, and job builders. Every job gets its own tenant so tests never see each
 * other's events.
 */
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(ContextStubResource.class)
@WithTestResource(OpenAiStubResource.class)
abstract class WorkerTestSupport {

    static final Duration WAIT = Duration.ofSeconds(60);
    static KafkaEvents kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaEvents.ofTestApplication();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static ExecutionCompleted completionOf(ExecutionRequested job) {
        return (ExecutionCompleted) kafka.awaitEvent(Topics.METRICS,
                e -> e instanceof ExecutionCompleted c && c.jobId().equals(job.jobId()), WAIT);
    }

    static List<PlatformEvent> completions(ExecutionRequested job) {
        return kafka.events(Topics.METRICS, e -> e instanceof ExecutionCompleted c && c.jobId().equals(job.jobId()));
    }

    static List<PlatformEvent> starts(ExecutionRequested job) {
        return kafka.events(Topics.METRICS, e -> e instanceof ExecutionStarted s && s.jobId().equals(job.jobId()));
    }

    static void submit(ExecutionRequested job) {
        kafka.send(Topics.EXECUTIONS, job.tenantId(), job, "/test");
    }

    static String newTenant() {
        return "w-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ExecutionRequested job(String agentId, JsonNode input, int maxSeconds) {
        return job(newTenant(), agentId, input, maxSeconds);
    }

    static ExecutionRequested job(String tenant, String agentId, JsonNode input, int maxSeconds) {
        return job(tenant, agentId, input, maxSeconds, null);
    }

    static ExecutionRequested job(String tenant, String agentId, JsonNode input, int maxSeconds, Boolean contextRequired) {
        return new ExecutionRequested(UUID.randomUUID().toString(), tenant, Instant.now(), null,
                UUID.randomUUID().toString(), agentId, input, List.of("policy"), Map.of("project", "p1"),
                maxSeconds, new ResourceReservation(256, 0.5, 30), 1, contextRequired);
    }
}
