package dev.agentplatform.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void startedBrokerCarriesRecordsAndCreatesTopicsIdempotently() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            assertThat(broker.mode()).isIn(KafkaBroker.MODE_IN_PROCESS, KafkaBroker.MODE_TESTCONTAINERS,
                    KafkaBroker.MODE_EXTERNAL);

            broker.createTopics(Map.of("devstack-test", 2));
            broker.createTopics(Map.of("devstack-test", 2)); // second call must not fail

            assertThat(partitionCount(broker, "devstack-test")).isEqualTo(2);
            ConsumerRecord<String, String> record =
                    KafkaRoundTrip.sendAndReceive(broker.bootstrapServers(), "devstack-test", "k", "hello");
            assertThat(record.key()).isEqualTo("k");
            assertThat(record.value()).isEqualTo("hello");
        }
    }

    @Test
    void externalModeUsesTheGivenClusterAndNeverStopsIt() throws Exception {
        String running = KafkaBroker.shared().bootstrapServers();
        System.setProperty(KafkaBroker.BOOTSTRAP_ENV, running);
        try (KafkaBroker external = KafkaBroker.start()) {
            assertThat(external.mode()).isEqualTo(KafkaBroker.MODE_EXTERNAL);
            assertThat(external.bootstrapServers()).isEqualTo(running);
            external.createTopics(Map.of("devstack-external", 1)); // broker-default replication factor
        } finally {
            System.clearProperty(KafkaBroker.BOOTSTRAP_ENV);
        }
        assertThat(partitionCount(KafkaBroker.shared(), "devstack-external")).as("still running").isEqualTo(1);
    }

    private static int partitionCount(KafkaBroker broker, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
