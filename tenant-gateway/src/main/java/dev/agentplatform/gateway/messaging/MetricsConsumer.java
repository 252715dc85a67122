package dev.agentplatform.gateway.messaging;

import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.common.messaging.CloudEventRecords;
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

    @Incoming(Channels.METRICS_IN)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        // agent.metrics also carries events the gateway has no use for (its own admission.decided,
        // one per submission, and the workers' other events): LifecycleRecordsOnly drops them in
        // the Kafka consumer; should one arrive anyway (a channel configured without the
        // interceptor), the same test skips it here, without decoding its body.
        if (!LifecycleRecordsOnly.wanted(record)) {
            return Uni.createFrom().voidItem();
        }
        PlatformEvent event;
        try {
            event = CloudEventRecords.decode(record);
        } catch (EventDecodingException e) {
            LOG.warnf("skipping undecodable record on %s: %s", record.topic(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
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
