package dev.agentplatform.monitoring.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the alert engine runs (RUNNING, or REBALANCING, which every scale-out passes
 * through); not while it is created, shutting down or failed. The extension's own state check is
 * a liveness check only; its readiness check covers the input topic.
 */
@Readiness
@ApplicationScoped
public class AlertEngineReadiness implements HealthCheck {

    public static final String NAME = "alert engine (Kafka Streams)";

    private final KafkaStreams streams;

    public AlertEngineReadiness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        return HealthCheckResponse.named(NAME).status(up).withData("state", state.name()).build();
    }
}
