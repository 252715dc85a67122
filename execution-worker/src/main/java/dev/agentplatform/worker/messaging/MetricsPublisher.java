package dev.agentplatform.worker.messaging;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.worker.Channels;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes lifecycle events to {@code agent.metrics}, keyed by tenant; completes on the broker's ack. */
@ApplicationScoped
public class MetricsPublisher {

    private final MutinyEmitter<byte[]> metrics;

    public MetricsPublisher(@Channel(Channels.METRICS_OUT) MutinyEmitter<byte[]> metrics) {
        this.metrics = metrics;
    }

    public Uni<Void> publish(PlatformEvent event) {
        return metrics.sendMessage(CloudEventRecords.message(event, event.tenantId(), Channels.SOURCE));
    }
}
