package dev.agentplatform.gateway.messaging;

import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventTypes;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.gateway.Channels;
import dev.agentplatform.gateway.service.JobStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows jobs through their lifecycle: a start marks the job running, a completion records the
 * result and frees the lease. Redis failures are retried until Redis answers, so the offset is
 * committed only once the effect is stored; the Lua scripts make redelivery harmless.
 */
@ApplicationScoped
public class MetricsConsumer {

    private static final Logger LOG = Logger.getLogger(MetricsConsumer.class);

    private final JobStore store;

    public MetricsConsumer(JobStore store) {
        this.store = store;
    }

    /**
     * A poll's worth of records at a time: agent.metrics carries one admission.decided per
     * submission, which the gateway skips, and handing those over one message each (a message, a
     * context switch and an acknowledgement per record) cost more than everything else the gateway
     * does with the topic. Starts and completions are applied in the order they were read, one after
     * the other; the batch is acknowledged (its offsets committed) once all of them are stored.
     */
    @Incoming(Channels.METRICS_IN)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        Uni<Void> applied = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            PlatformEvent event = relevant(record);
            if (event != null) {
                applied = applied == null ? applyUntilStored(event) : applied.chain(() -> applyUntilStored(event));
            }
        }
        return applied == null ? Uni.createFrom().voidItem() : applied;
    }

    /** The event a record carries if the gateway acts on it (a start or a completion), else null. */
    private static PlatformEvent relevant(ConsumerRecord<String, byte[]> record) {
        // agent.metrics also carries events the gateway has no use for (its own admission.decided,
        // one per submission, and the workers' other events): they are skipped by their ce_type
        // header, without decoding their bodies.
        String type = CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TYPE).orElse(null);
        if (type != null && !EventTypes.EXECUTION_STARTED.equals(type) && !EventTypes.EXECUTION_COMPLETED.equals(type)) {
            return null;
        }
        try {
            return CloudEventRecords.decode(record);
        } catch (EventDecodingException e) {
            LOG.warnf("skipping undecodable record on %s: %s", record.topic(), e.getMessage());
            return null;
        }
    }

    private Uni<Void> applyUntilStored(PlatformEvent event) {
        return apply(event)
                .onFailure().invoke(e -> LOG.warnf("applying %s %s failed, retrying: %s", event.type(), event.id(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }

    private Uni<Void> apply(PlatformEvent event) {
        if (event instanceof ExecutionStarted started) {
            return store.markStarted(started).replaceWithVoid();
        }
        if (event instanceof ExecutionCompleted completed) {
            return store.complete(completed)
                    .invoke(result -> JobLog.log(completed.tenantId(), completed.jobId(), completed.traceParent(), () -> LOG.debugf(
                            "job %s %s: lease released=%s, job updated=%s", completed.jobId(), completed.status(),
                            result.leaseReleased(), result.jobUpdated())))
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
