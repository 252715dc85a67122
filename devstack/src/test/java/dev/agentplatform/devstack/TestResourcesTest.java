package dev.agentplatform.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** Drives the Quarkus test resources the way Quarkus does: init(args), start(), stop(). */
class TestResourcesTest {

    @Test
    void kafkaResourceCreatesRequestedTopicsAndPointsAtSharedBroker() throws Exception {
        KafkaTestResource resource = new KafkaTestResource();
        resource.init(Map.of(KafkaTestResource.TOPICS, "resource-jobs:4, resource-events"));

        Map<String, String> config = resource.start();
        resource.stop();

        String bootstrap = KafkaBroker.shared().bootstrapServers();
        assertThat(config).containsEntry("kafka.bootstrap.servers", bootstrap)
                .containsEntry("quarkus.kafka.devservices.enabled", "false");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var topics = admin.describeTopics(List.of("resource-jobs", "resource-events"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get("resource-jobs").partitions()).hasSize(4);
            assertThat(topics.get("resource-events").partitions()).hasSize(TopicSpec.DEFAULT_PARTITIONS);
        }
        assertThat(RawKafka.stillServing(bootstrap)).as("stop() keeps the shared broker").isTrue();
    }

    @Test
    void redisResourcePointsAtSharedServer() throws Exception {
        RedisTestResource resource = new RedisTestResource();

        Map<String, String> config = resource.start();
        resource.stop();

        RedisServer shared = RedisServer.shared();
        assertThat(config).containsExactly(java.util.Map.entry("quarkus.redis.hosts", shared.url()));
        assertThat(RawRedis.command(shared.host(), shared.port(), "PING")).as("stop() keeps the shared server")
                .isEqualTo("+PONG");
    }

    /** Minimal liveness check for a broker. */
    static final class RawKafka {
        static boolean stillServing(String bootstrap) throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                return !admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).isEmpty();
            }
        }
    }
}
