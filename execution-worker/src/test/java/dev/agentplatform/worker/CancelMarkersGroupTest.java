package dev.agentplatform.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.events.CancelRequested;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.Topics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Cancel requests reach Redis through the consumer group all workers share, which commits its
 * offsets: with the per-process control consumer switched off (as if no worker had been running
 * when the request was sent), the request is still remembered and the job completes CANCELLED
 * without running.
 */
@QuarkusTest
@TestProfile(CancelMarkersGroupTest.SharedGroupOnly.class)
class CancelMarkersGroupTest extends WorkerTestSupport {

    public static class SharedGroupOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.control-in.enabled", "false");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void aCancelIsRememberedByTheSharedGroupAndCommitted() throws Exception {
        ExecutionRequested job = job("echo", JsonNodeFactory.instance.objectNode().put("text", "never"), 60);
        long before = committed();
        kafka.send(Topics.CONTROL, job.jobId(), new CancelRequested(UUID.randomUUID().toString(), job.tenantId(),
                Instant.now(), null, job.jobId(), "test", "sent while no worker listened"), "/test");
        String marker = "worker:{" + job.tenantId() + "}:cancel:" + job.jobId();
        await().atMost(WAIT).until(() -> redis.key().exists(marker));
        await().atMost(WAIT).until(() -> committed() > before);

        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(completed.errorMessage()).isEqualTo("sent while no worker listened");
        assertThat(completed.startedAt()).isNull();
        assertThat(starts(job)).isEmpty();
    }

    /** The shared group's committed offsets on agent.control, summed over partitions. */
    private static long committed() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (Admin admin = Admin.create(props)) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets("execution-worker-cancel-markers").partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.CONTROL) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
