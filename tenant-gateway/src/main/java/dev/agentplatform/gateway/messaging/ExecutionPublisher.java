package dev.agentplatform.gateway.messaging;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.CancelRequested;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.gateway.Channels;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Hands admitted jobs to Kafka. The returned {@link Uni} completes only when the broker has
 * acknowledged the record ({@code acks=all}, idempotent producer), so a 202 means the job is durable.
 * Admission decisions go to {@code agent.metrics} without holding up the client: they feed quota
 * alerts and are worth less than the request's latency.
 */
@ApplicationScoped
public class ExecutionPublisher {

    private static final Logger LOG = Logger.getLogger(ExecutionPublisher.class);

    private final MutinyEmitter<byte[]> executions;
    private final MutinyEmitter<byte[]> metrics;
    private final MutinyEmitter<byte[]> control;

    public ExecutionPublisher(@Channel(Channels.EXECUTIONS_OUT) MutinyEmitter<byte[]> executions,
            @Channel(Channels.METRICS_OUT) MutinyEmitter<byte[]> metrics,
            @Channel(Channels.CONTROL_OUT) MutinyEmitter<byte[]> control) {
        this.executions = executions;
        this.metrics = metrics;
        this.control = control;
    }

    /** Publishes to the shared topic, or to {@code topic} when the tenant has its own. */
    public Uni<Void> publish(ExecutionRequested event, String topic) {
        return executions.sendMessage(CloudEventRecords.message(event, event.tenantId(), Channels.SOURCE, topic));
    }

    public Uni<Void> publish(ExecutionRequested event) {
        return publish(event, null);
    }

    /** Cancellation requests are keyed by job id, so every request for one job lands in order. */
    public Uni<Void> publish(CancelRequested event) {
        return control.sendMessage(CloudEventRecords.message(event, event.jobId(), Channels.SOURCE));
    }

    /** Fire and forget: a lost decision event costs an alert's precision, never a job. */
    public void publish(AdmissionDecided event) {
        try {
            metrics.sendMessage(CloudEventRecords.message(event, event.tenantId(), Channels.SOURCE))
                    .subscribe().with(ok -> { }, failure -> LOG.debugf("admission.decided %s not published: %s",
                            event.id(), failure.toString()));
        } catch (RuntimeException e) {
            LOG.debugf("admission.decided %s not published: %s", event.id(), e.toString());
        }
    }
}
