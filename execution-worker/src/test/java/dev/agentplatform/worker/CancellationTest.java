package dev.agentplatform.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.events.CancelRequested;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.Topics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CancellationTest extends WorkerTestSupport {

    @Inject
    RedisDataSource redis;

    @Test
    void runningJobStopsAndCompletesCancelled() {
        ExecutionRequested job = job("chaos", JsonNodeFactory.instance.objectNode().put("latencyMs", 30_000), 120);
        submit(job);
        kafka.awaitEvent(Topics.METRICS, e -> e instanceof ExecutionStarted s && s.jobId().equals(job.jobId()), WAIT);

        // The control consumer starts from the latest offset; re-sending an (idempotent) cancel
        // covers the case where its partitions were not yet assigned when the first was sent.
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            cancel(job);
            return !completions(job).isEmpty();
        });
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(completed.errorType()).isEqualTo("Cancelled");
        assertThat(completed.errorMessage()).isEqualTo("test cancel");
        assertThat(completed.startedAt()).isNotNull();
        assertThat(completed.durationMs()).isLessThan(30_000L);
        assertThat(completions(job)).hasSize(1);
    }

    @Test
    void queuedJobCompletesCancelledWithoutRunning() {
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("text", "never"), 60);
        String marker = "worker:{" + job.tenantId() + "}:cancel:" + job.jobId();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            cancel(job);
            return redis.key().exists(marker);
        });
        assertThat(redis.key().ttl(marker)).isPositive();

        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(completed.startedAt()).isNull();
        assertThat(completed.output()).isNull();
        assertThat(starts(job)).isEmpty();
    }

    private static void cancel(ExecutionRequested job) {
        kafka.send(Topics.CONTROL, job.jobId(), new CancelRequested(UUID.randomUUID().toString(), job.tenantId(),
                Instant.now(), null, job.jobId(), "test", "test cancel"), "/test");
    }
}
