package dev.agentplatform.worker.health;

import dev.agentplatform.worker.Channels;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the job consumer has partitions assigned: a worker without partitions cannot take
 * jobs (its group is rebalancing, or there are more workers than partitions), so it should not
 * count as ready capacity. A readiness check only: Kafka being away must not restart the pod.
 */
@Readiness
@ApplicationScoped
public class JobConsumerReadiness implements AsyncHealthCheck {

    public static final String NAME = "job consumer partitions";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    private final KafkaClientService clients;

    public JobConsumerReadiness(KafkaClientService clients) {
        this.clients = clients;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<KafkaConsumer<Object, Object>> consumers = clients.getConsumers(Channels.EXECUTIONS_IN);
        if (consumers.isEmpty()) {
            return Uni.createFrom().item(down("the consumer has not started"));
        }
        return Uni.join().all(consumers.stream().map(KafkaConsumer::getAssignments).toList()).andFailFast()
                .map(JobConsumerReadiness::respond)
                .ifNoItem().after(ANSWER_WITHIN).recoverWithItem(() -> down("the consumer did not answer within "
                        + ANSWER_WITHIN.toMillis() + " ms"))
                .onFailure().recoverWithItem(failure -> down(failure.toString()));
    }

    private static HealthCheckResponse respond(List<Set<TopicPartition>> assignments) {
        Set<String> partitions = new TreeSet<>();
        assignments.forEach(set -> set.forEach(tp -> partitions.add(tp.toString())));
        return HealthCheckResponse.named(NAME).status(!partitions.isEmpty())
                .withData("partitions", partitions.isEmpty() ? "none assigned" : String.join(",", partitions)).build();
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }
}
