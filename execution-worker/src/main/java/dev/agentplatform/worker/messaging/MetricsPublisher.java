package dev.agentplatform.worker.messaging;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.worker.Channels;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes lifecycle events to {@code agent.metrics}, keyed by tenant; completes on the broker's ack. */
@ApplicationScoped
public class MetricsPublisher {

    private final MutinyEmitter<byte[]> metrics;

    public MetricsPublisher(@Channel(Channels.METRICS_OUT) MutinyEmitter<byte[]> metrics) {
        this.metrics = metrics;
    }

    public Uni<Void> publish(PlatformEvent event) {
        return publish(event, EventCodec.encode(event));
    }

    /** As {@link #publish(PlatformEvent)}, with the event already encoded by {@link EventCodec} (not encoded twice). */
    public Uni<Void> publish(PlatformEvent event, byte[] body) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.tenantId()).withHeaders(CloudEventRecords.headers(event, Channels.SOURCE)).build();
        return metrics.sendMessage(Message.of(body).addMetadata(metadata));
    }
}
