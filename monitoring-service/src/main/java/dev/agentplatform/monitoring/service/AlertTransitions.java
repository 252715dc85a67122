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
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

    /** Oldest event time first; the id breaks ties (transitions of several alerts often share one event). */
    private static final Comparator<Transition> BY_TIME = Comparator.comparing(Transition::at).thenComparing(Transition::id);

    private final int capacity;
    private final NavigableSet<Transition> recent = new TreeSet<>(BY_TIME);
    private final Set<String> ids = new HashSet<>();
    private final BroadcastProcessor<Transition> live = BroadcastProcessor.create();

    @Inject
    public AlertTransitions(MonitoringConfig config) {
        this(config.dashboard().recentTransitions());
    }

    AlertTransitions(int capacity) {
        this.capacity = capacity;
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

    /**
     * Keeps a transition (once per id; beyond the capacity the oldest by event time go, whatever
     * order the partitions arrive in) and hands it to the live subscribers.
     */
    public void add(Transition transition) {
        synchronized (recent) {
            if (!ids.add(transition.id())) {
                return;
            }
            recent.add(transition);
            while (recent.size() > capacity) {
                ids.remove(recent.pollFirst().id());
            }
        }
        live.onNext(transition);
    }

    /** The latest transitions, newest first by event time, optionally of one tenant. */
    public List<Transition> recent(Optional<String> tenant, int limit) {
        List<Transition> out = new ArrayList<>();
        synchronized (recent) {
            for (Transition t : recent.descendingSet()) {
                if (out.size() == limit) {
                    break;
                }
                if (tenant.isEmpty() || tenant.get().equals(t.tenantId())) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Transitions from now on. */
    public Multi<Transition> live() {
        return live;
    }
}
