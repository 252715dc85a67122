package dev.agentplatform.worker.messaging;

import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.CancelRequested;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.worker.Channels;
import dev.agentplatform.worker.service.CancelMarkers;
import dev.agentplatform.worker.service.RunningJobs;
import dev.agentplatform.worker.service.Steps;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every cancel request (each worker instance has its own consumer group, see
 * {@link dev.agentplatform.worker.config.WorkerTopicsConfigSource}). A cancel is first remembered in
 * Redis, so a job that is still queued, or arrives later, completes CANCELLED without running;
 * then the job is stopped if this worker is running it.
 */
@ApplicationScoped
public class ControlConsumer {

    private static final Logger LOG = Logger.getLogger(ControlConsumer.class);

    private final CancelMarkers cancels;
    private final RunningJobs running;

    public ControlConsumer(CancelMarkers cancels, RunningJobs running) {
        this.cancels = cancels;
        this.running = running;
    }

    @Incoming(Channels.CONTROL_IN)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        PlatformEvent event;
        try {
            event = CloudEventRecords.decode(record);
        } catch (EventDecodingException e) {
            LOG.warnf("skipping undecodable control record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!(event instanceof CancelRequested cancel)) {
            return Uni.createFrom().voidItem();
        }
        return Steps.retried(cancels.remember(cancel.tenantId(), cancel.jobId(), cancel.reason()))
                .invoke(() -> {
                    if (running.cancel(cancel.jobId(), cancel.reason())) {
                        JobLog.log(cancel.tenantId(), cancel.jobId(), cancel.traceParent(), () -> LOG.infof(
                                "cancelling running job %s of tenant %s", cancel.jobId(), cancel.tenantId()));
                    }
                });
    }
}
