package dev.agentplatform.worker.messaging;

import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.CancelRequested;
import dev.agentplatform.events.EventDecodingException;
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
 * Reads every cancel request twice. {@link #consume}: each worker instance has its own consumer
 * group (see {@link dev.agentplatform.worker.config.WorkerTopicsConfigSource}) from the latest
 * offset; the cancel is remembered in Redis, so a job that is still queued, or arrives later,
 * completes CANCELLED without running, then the job is stopped if this worker is running it.
 * {@link #remember}: one group shared by all workers, committed after the marker is written, so a
 * request sent while no worker was running is remembered when one starts.
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

    @Incoming(Channels.CANCEL_MARKERS_IN)
    public Uni<Void> remember(ConsumerRecord<String, byte[]> record) {
        CancelRequested cancel = cancelOf(record);
        return cancel == null ? Uni.createFrom().voidItem()
                : Steps.retried(cancels.remember(cancel.tenantId(), cancel.jobId(), cancel.reason()));
    }

    @Incoming(Channels.CONTROL_IN)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        CancelRequested cancel = cancelOf(record);
        if (cancel == null) {
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

    private static CancelRequested cancelOf(ConsumerRecord<String, byte[]> record) {
        try {
            return CloudEventRecords.decode(record) instanceof CancelRequested cancel ? cancel : null;
        } catch (EventDecodingException e) {
            LOG.warnf("skipping undecodable control record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }
}
