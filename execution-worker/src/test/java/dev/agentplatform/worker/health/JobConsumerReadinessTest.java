package dev.agentplatform.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class JobConsumerReadinessTest {

    @SuppressWarnings("unchecked")
    private static KafkaConsumer<Object, Object> consumer(Uni<Set<TopicPartition>> assignments) {
        return (KafkaConsumer<Object, Object>) Proxy.newProxyInstance(KafkaConsumer.class.getClassLoader(),
                new Class<?>[] {KafkaConsumer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAssignments")) {
                        return assignments;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static KafkaClientService clients(List<KafkaConsumer<Object, Object>> consumers) {
        return new KafkaClientService() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> List<KafkaConsumer<K, V>> getConsumers(String channel) {
                return channel.equals("executions-in") ? (List<KafkaConsumer<K, V>>) (List<?>) consumers : List.of();
            }

            @Override
            public <K, V> KafkaProducer<K, V> getProducer(String channel) {
                return null;
            }

            @Override
            public Set<String> getConsumerChannels() {
                return Set.of("executions-in");
            }

            @Override
            public Set<String> getProducerChannels() {
                return Set.of();
            }
        };
    }

    private static HealthCheckResponse check(List<KafkaConsumer<Object, Object>> consumers) {
        return new JobConsumerReadiness(clients(consumers)).call().await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void downBeforeTheConsumerStarts() {
        HealthCheckResponse response = check(List.of());
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).get().extracting(d -> d.get("reason")).asString().contains("not started");
    }

    @Test
    void downWithoutPartitionsAndUpWithThem() {
        assertThat(check(List.of(consumer(Uni.createFrom().item(Set.of())))).getStatus())
                .isEqualTo(HealthCheckResponse.Status.DOWN);
        HealthCheckResponse up = check(List.of(consumer(Uni.createFrom().item(Set.of())),
                consumer(Uni.createFrom().item(Set.of(new TopicPartition("agent.executions", 3))))));
        assertThat(up.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(up.getData()).get().extracting(d -> d.get("partitions")).isEqualTo("agent.executions-3");
    }

    @Test
    void downWhenTheConsumerDoesNotAnswer() {
        HealthCheckResponse response = check(List.of(consumer(Uni.createFrom().nothing())));
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).get().extracting(d -> d.get("reason")).asString().contains("did not answer");
    }
}
