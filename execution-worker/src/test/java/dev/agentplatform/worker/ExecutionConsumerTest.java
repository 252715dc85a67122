package dev.agentplatform.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.devstack.KafkaEvents;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.Topics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExecutionConsumerTest extends WorkerTestSupport {

    @Inject
    RedisDataSource redis;

    @AfterEach
    void contextBackUp() {
        ContextStubResource.FAILING.set(false);
    }

    @Test
    void echoJobStartsAndSucceedsWithItsContextResolvedAndItsUsageMeasured() {
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("text", "hello"), 60);
        submit(job);

        ExecutionStarted started = (ExecutionStarted) kafka.awaitEvent(Topics.METRICS,
                e -> e instanceof ExecutionStarted s && s.jobId().equals(job.jobId()), WAIT);
        ExecutionCompleted completed = completionOf(job);
        assertThat(started.workerId()).isEqualTo(completed.workerId()).isNotBlank();
        assertThat(started.attempt()).isEqualTo(1);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(completed.output()).isEqualTo(job.input());
        assertThat(completed.contextDegraded()).isFalse();
        assertThat(completed.startedAt()).isNotNull();
        assertThat(completed.resources().reservedMemoryMb()).isEqualTo(256);
        assertThat(completed.resources().reservedCpuCores()).isEqualTo(0.5);
        // HotSpot measures thread CPU time and allocations; validating the input allocates.
        assertThat(completed.resources().cpuTimeMs()).isNotNull().isNotNegative();
        assertThat(completed.resources().allocatedBytes()).isNotNull().isPositive();
        assertThat(completed.resources().promptTokens()).isNull();
        assertThat(ContextStubResource.QUERIES).anyMatch(q -> q.startsWith("/v1/tenants/" + job.tenantId() + "/context/resolve")
                && q.contains("keys=policy") && q.contains("project=p1"));
        assertThat(ContextStubResource.AUTHORIZATIONS).as("the worker presents its service token")
                .isNotEmpty().allMatch(("Bearer " + ContextStubResource.TOKEN)::equals);
    }

    @Test
    void contextServiceDownRunsTheJobDegraded() {
        ContextStubResource.FAILING.set(true);
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("text", "x"), 60);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(completed.contextDegraded()).isTrue();
    }

    @Test
    void contextServiceDownFailsAJobWhosePolicyRequiresContext() {
        ContextStubResource.FAILING.set(true);
        ExecutionRequested job = job(newTenant(), "echo", JsonNodeFactory.instance.objectNode().put("text", "x"), 60, true);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(completed.errorType()).isEqualTo("ContextUnavailable");
        assertThat(completed.contextDegraded()).isTrue();
    }

    @Test
    void transientFailuresAreRetriedWithEveryAttemptAnnounced() {
        ExecutionRequested job = job("chaos", JsonNodeFactory.instance.objectNode().put("failFirstAttempts", 2), 60);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(completed.attempt()).isEqualTo(3);
        assertThat(completed.output().path("attempt").asInt()).isEqualTo(3);
        assertThat(starts(job)).extracting(e -> ((ExecutionStarted) e).attempt()).containsExactly(1, 2, 3);
    }

    @Test
    void failingAgentCompletesAsFailedOnceItsAttemptsAreUsedUp() {
        ExecutionRequested job = job("chaos", JsonNodeFactory.instance.objectNode().put("failureRate", 1.0), 60);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(completed.errorType()).isEqualTo("ChaosFailure");
        assertThat(completed.attempt()).isEqualTo(3);
        assertThat(completions(job)).hasSize(1);
    }

    @Test
    void invalidInputCompletesAsFailedWithoutRunningTheAgent() {
        ExecutionRequested job = job("summarize", JsonNodeFactory.instance.objectNode().put("maxSentences", 0), 60);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(completed.errorType()).isEqualTo("InvalidInput");
        assertThat(completed.errorMessage()).contains("text").contains("maxSentences");
        assertThat(completed.attempt()).isEqualTo(1);
    }

    @Test
    void anOutputTooLargeToPublishCompletesAsFailedInsteadOfStallingThePartition() {
        // the job itself fits in a Kafka record; echo's completion carries it back, plus the envelope
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("text", "x".repeat(1_040_000)), 60);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(completed.errorType()).isEqualTo("OutputTooLarge");
        assertThat(completed.errorMessage()).contains("SUCCEEDED").contains("1040000");
        assertThat(completed.output()).isNull();
        assertThat(completed.startedAt()).isNotNull();

        ExecutionRequested next = job("echo", JsonNodeFactory.instance.objectNode().put("text", "after"), 60);
        submit(next);
        assertThat(completionOf(next).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void jobPastItsDeadlineCompletesAsTimedOut() {
        ExecutionRequested job = job("chaos", JsonNodeFactory.instance.objectNode().put("latencyMs", 20_000), 1);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(completed.errorType()).isEqualTo("DeadlineExceeded");
        assertThat(completed.durationMs()).isBetween(1_000L, 19_999L);
        assertThat(completed.attempt()).isEqualTo(1);
    }

    @Test
    void unknownAgentCompletesAsFailedAndGoesToTheDeadLetterTopic() {
        ExecutionRequested job = job("no-such-agent", null, 60);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(completed.errorType()).isEqualTo("UnknownAgent");
        assertThat(completed.startedAt()).isNull();
        ConsumerRecord<String, byte[]> dead = kafka.awaitRecord(Topics.EXECUTIONS_DLQ,
                r -> job.tenantId().equals(r.key()), WAIT);
        assertThat(KafkaEvents.header(dead, "dead-letter-reason")).contains("UnknownAgent").contains("no-such-agent");
        assertThat(KafkaEvents.header(dead, "dead-letter-topic")).isEqualTo(Topics.EXECUTIONS);
    }

    @Test
    void redeliveredJobWhoseCompletionWasPublishedIsNotRunAgain() {
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("n", 1), 60);
        submit(job);
        completionOf(job);
        submit(job);
        // Same tenant key, same partition: once a later job completed, the redelivery was handled.
        ExecutionRequested later = job(job.tenantId(), "echo", null, 60);
        submit(later);
        completionOf(later);
        assertThat(completions(job)).hasSize(1);
        assertThat(starts(job)).hasSize(1);
    }

    @Test
    void jobThatCrashedMidRunRunsAgainAndCompletesOnce() {
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("n", 2), 60);
        // What a worker that crashed mid-run leaves behind: its start event, no completion, no marker.
        kafka.send(Topics.METRICS, job.tenantId(), new ExecutionStarted(UUID.randomUUID().toString(), job.tenantId(),
                Instant.now(), null, job.jobId(), job.agentId(), "crashed-worker", 1), "/test");
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(completed.workerId()).isNotEqualTo("crashed-worker");
        submit(job);
        ExecutionRequested later = job(job.tenantId(), "echo", null, 60);
        submit(later);
        completionOf(later);
        assertThat(completions(job)).hasSize(1);
    }

    @Test
    void jobThatCrashedAfterComputingItsCompletionRepublishesItInsteadOfRunningAgain() {
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("n", 3), 60);
        // What a worker that crashed between storing and publishing its completion leaves behind.
        ExecutionCompleted pending = new ExecutionCompleted(UUID.randomUUID().toString(), job.tenantId(), Instant.now(),
                null, job.jobId(), job.agentId(), "crashed-worker", ExecutionStatus.SUCCEEDED, Instant.now(), 5,
                job.input(), null, null, 1, ResourceUsage.none(), false);
        redis.value(String.class).set("worker:{" + job.tenantId() + "}:done:" + job.jobId(),
                "pending:" + new String(EventCodec.encode(pending), StandardCharsets.UTF_8));
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.id()).isEqualTo(pending.id());
        assertThat(completed.workerId()).isEqualTo("crashed-worker");
        submit(job);
        ExecutionRequested later = job(job.tenantId(), "echo", null, 60);
        submit(later);
        completionOf(later);
        assertThat(completions(job)).hasSize(1);
        assertThat(starts(job)).isEmpty();
        assertThat(redis.value(String.class).get("worker:{" + job.tenantId() + "}:done:" + job.jobId())).isEqualTo(pending.id());
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndDoesNotStallThePartition() {
        String tenant = "poison-" + UUID.randomUUID().toString().substring(0, 6);
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.EXECUTIONS, tenant,
                "{not json".getBytes(StandardCharsets.UTF_8));
        poison.headers().add(CloudEventAttributes.HEADER_TYPE, "execution.requested".getBytes(StandardCharsets.UTF_8));
        kafka.sendRecord(poison);
        ProducerRecord<String, byte[]> headless = new ProducerRecord<>(Topics.EXECUTIONS, tenant,
                "{}".getBytes(StandardCharsets.UTF_8));
        kafka.sendRecord(headless);
        ExecutionRequested next = job(tenant, "echo", null, 60);
        submit(next);

        ConsumerRecord<String, byte[]> dead = kafka.awaitRecord(Topics.EXECUTIONS_DLQ,
                r -> tenant.equals(r.key()) && new String(r.value(), StandardCharsets.UTF_8).equals("{not json"), WAIT);
        assertThat(KafkaEvents.header(dead, "dead-letter-reason")).isNotBlank();
        kafka.awaitRecord(Topics.EXECUTIONS_DLQ,
                r -> tenant.equals(r.key()) && new String(r.value(), StandardCharsets.UTF_8).equals("{}"), WAIT);
        assertThat(completionOf(next).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void metricsArePublishedPerTenantAndAgent() {
        ExecutionRequested job = job("echo", null, 60);
        submit(job);
        completionOf(job);
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("agent_requests_total\\{[^}]*agent=\"echo\"[^}]*status=\"SUCCEEDED\"[^}]*tenant=\""
                    + job.tenantId() + "\"[^}]*} 1\\.0");
            String bucket = "agent_request_duration_seconds_bucket\\{agent=\"echo\",tenant=\"" + job.tenantId() + "\",le=";
            assertThat(metrics).containsPattern(bucket + "\"0\\.1\"} [01]\\.0").containsPattern(bucket + "\"10\\.0\"} 1\\.0")
                    .containsPattern(bucket + "\"\\+Inf\"} 1\\.0");
            assertThat(metrics).containsPattern("agent_active_executions\\{agent=\"echo\",tenant=\"" + job.tenantId() + "\"} 0\\.0");
        });
    }
}
