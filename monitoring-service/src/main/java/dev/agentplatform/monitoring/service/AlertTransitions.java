package dev.agentplatform.monitoring.service;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.AlertResolved;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.Severity;
import dev.agentplatform.monitoring.Channels;
import dev.agentplatform.monitoring.config.MonitoringConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Alert transitions as published on {@code agent.alerts} (committed only), for the dashboard:
 * the latest ones in a bounded in-memory list and a live feed for server-sent events. Every
 * replica reads the whole topic from its start with a consumer group of its own, so each one's
 * dashboard shows every tenant's transitions; the list holds what the topic still retains.
 */
@ApplicationScoped
public class AlertTransitions {

    private static final Logger LOG = Logger.getLogger(AlertTransitions.class);

    /**
     * One transition.
     *
     * @param id     the CloudEvent id (unique per transition)
     * @param status FIRING or RESOLVED
     * @param at     event time of the transition
     */
    public record Transition(String id, String status, String fingerprint, String tenantId, String agentId,
            String rule, Severity severity, String summary, double value, double threshold,
            Map<String, String> labels, Map<String, Double> windows, Instant at, Instant startsAt, Instant endsAt) {

        static Optional<Transition> of(PlatformEvent event) {
            if (event instanceof AlertFiring f) {
                return Optional.of(new Transition(f.id(), "FIRING", f.fingerprint(), f.tenantId(), f.agentId(),
                        f.rule(), f.severity(), f.summary(), f.value(), f.threshold(), f.labels(), f.windows(),
                        f.occurredAt(), f.startsAt(), null));
            }
            if (event instanceof AlertResolved r) {
                return Optional.of(new Transition(r.id(), "RESOLVED", r.fingerprint(), r.tenantId(), r.agentId(),
                        r.rule(), r.severity(), r.summary(), r.value(), r.threshold(), r.labels(), r.windows(),
                        r.occurredAt(), r.startsAt(), r.endsAt()));
            }
            return Optional.empty();
        }
    }

    private final int capacity;
    private final Deque<Transition> recent = new ArrayDeque<>();
    private final Set<String> ids = new HashSet<>();
    private final BroadcastProcessor<Transition> live = BroadcastProcessor.create();

    public AlertTransitions(MonitoringConfig config) {
        this.capacity = config.dashboard().recentTransitions();
    }

    @Incoming(Channels.ALERTS_DASHBOARD)
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        String type = CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TYPE).orElse("");
        try {
            Transition.of(EventCodec.decode(type, record.value())).ifPresent(this::add);
        } catch (EventDecodingException e) {
            LOG.warnf("skipping undecodable alert record at offset %d: %s", record.offset(), e.getMessage());
        }
    }

    /** Keeps a transition (once per id) and hands it to the live subscribers. */
    public void add(Transition transition) {
        synchronized (recent) {
            if (!ids.add(transition.id())) {
                return;
            }
            recent.addLast(transition);
            while (recent.size() > capacity) {
                ids.remove(recent.removeFirst().id());
            }
        }
        live.onNext(transition);
    }

    /**
     * The latest transitions, newest first by event time (the topic's partitions arrive in no
     * common order, notably when they are read back at startup), optionally of one tenant.
     */
    public List<Transition> recent(Optional<String> tenant, int limit) {
        List<Transition> matching = new ArrayList<>();
        synchronized (recent) {
            for (Transition t : recent) {
                if (tenant.isEmpty() || tenant.get().equals(t.tenantId())) {
                    matching.add(t);
                }
            }
        }
        matching.sort(Comparator.comparing(Transition::at).reversed());
        return matching.size() > limit ? List.copyOf(matching.subList(0, limit)) : matching;
    }

    /** Transitions from now on. */
    public Multi<Transition> live() {
        return live;
    }
}
