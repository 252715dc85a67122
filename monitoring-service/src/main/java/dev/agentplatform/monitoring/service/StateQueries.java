package dev.agentplatform.monitoring.service;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.monitoring.slo.BurnRate;
import dev.agentplatform.monitoring.slo.BurnWindow;
import dev.agentplatform.monitoring.slo.SloTarget;
import dev.agentplatform.monitoring.slo.SloWindows;
import dev.agentplatform.monitoring.streams.AlertState;
import dev.agentplatform.monitoring.streams.MonitorProcessor;
import dev.agentplatform.monitoring.streams.StoreNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.Severity;
import dev.agentplatform.events.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the stream processor's state stores (interactive queries) for the REST API and the
 * {@code alerts_firing} gauge. Each replica answers for the tenant partitions it owns; while the
 * streams app is rebalancing or restoring, the stores are unavailable and queries answer 503.
 */
// Created at startup so its meters are on /q/metrics before the first request needs the bean.
@Startup
@ApplicationScoped
public class StateQueries {

    private static final int RETRY_AFTER_SECONDS = 5;

    private final KafkaStreams streams;
    private final Policies policies;

    public StateQueries(KafkaStreams streams, Policies policies, MeterRegistry registry) {
        this.streams = streams;
        this.policies = policies;
        for (Severity severity : Severity.values()) {
            Gauge.builder("alerts_firing", this, q -> q.firingCount(severity)).tag("severity", severity.name())
                    .description("Alerts firing now, on the partitions this replica owns").register(registry);
        }
    }

    /** Alerts of a tenant (or all), optionally only firing or only resolved ones. */
    public List<AlertState> alerts(Optional<String> tenant, Optional<AlertState.Status> status) {
        return whileAvailable(() -> readAlerts(tenant, status));
    }

    /**
     * The tenants this replica holds state of (SLO buckets or admissions), in id order. Each
     * partition's store is walked by seeking past one scope at a time, so the cost grows with the
     * number of tenants and agents with SLOs, not with their minute buckets.
     */
    public SortedSet<String> tenants() {
        return whileAvailable(this::readTenants);
    }

    /** The SLO view of a tenant: SLIs, burn rate per window, budget remaining; empty if no event was seen. */
    public Optional<SloReport> slo(String tenant) {
        return whileAvailable(() -> readSlo(tenant));
    }

    /**
     * Runs a store query as a whole: a rebalance can make the stores unavailable not only when they
     * are looked up but also while a lookup's iterator walks them, and either way the answer is 503.
     */
    private <T> T whileAvailable(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw ProblemException.unavailable("the alert state is not available (streams state "
                    + streams.state() + ")", RETRY_AFTER_SECONDS, e);
        }
    }

    private List<AlertState> readAlerts(Optional<String> tenant, Optional<AlertState.Status> status) {
        ReadOnlyKeyValueStore<String, String> store = store(StoreNames.ALERTS);
        List<AlertState> result = new ArrayList<>();
        try (KeyValueIterator<String, String> it = tenant.isPresent()
                ? store.range(tenant.get() + StoreNames.SEPARATOR, StoreNames.prefixEnd(tenant.get() + StoreNames.SEPARATOR))
                : store.all()) {
            it.forEachRemaining(kv -> {
                AlertState state = decode(kv.value);
                if (status.isEmpty() || state.status() == status.get()) {
                    result.add(state);
                }
            });
        }
        return result;
    }

    private SortedSet<String> readTenants() {
        SortedSet<String> tenants = new TreeSet<>();
        for (int partition : localPartitions()) {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters
                    .fromNameAndType(StoreNames.BUCKETS, QueryableStoreTypes.<String, byte[]>keyValueStore())
                    .withPartition(partition));
            String from = null;
            while (true) {
                String key;
                try (KeyValueIterator<String, byte[]> it = store.range(from, null)) {
                    if (!it.hasNext()) {
                        break;
                    }
                    key = it.next().key;
                }
                int end = key.indexOf(StoreNames.SEPARATOR);
                String scope = end < 0 ? key : key.substring(0, end);
                int agent = scope.indexOf('/');
                tenants.add(agent < 0 ? scope : scope.substring(0, agent));
                from = StoreNames.prefixEnd(scope + StoreNames.SEPARATOR);
            }
        }
        return tenants;
    }

    /** Partitions of the input topic whose active task runs here (a composite store's range is not globally sorted). */
    private Set<Integer> localPartitions() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("streams state " + streams.state());
        }
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream().filter(tp -> tp.topic().equals(Topics.METRICS))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    private Optional<SloReport> readSlo(String tenant) {
        ReadOnlyKeyValueStore<String, byte[]> buckets = store(StoreNames.BUCKETS);
        SloWindows w = MonitorProcessor.load(buckets, tenant, MonitorProcessor.windows(policies.period()));
        if (w.watermarkMs() == Long.MIN_VALUE) {
            return Optional.empty();
        }
        TenantPolicy policy = MonitorProcessor.policy(buckets, policies, tenant);
        List<SloReport.Objective> objectives = new ArrayList<>();
        for (SloTarget slo : policy.slos()) {
            objectives.add(objective(w, slo));
        }
        return Optional.of(new SloReport(tenant, Instant.ofEpochMilli(w.watermarkMs()), policies.period().toString(),
                policy.guard().minEvents(), objectives));
    }

    private SloReport.Objective objective(SloWindows w, SloTarget slo) {
        Duration period = policies.period();
        Map<String, SloReport.Window> windows = new LinkedHashMap<>();
        for (Duration window : BurnWindow.WINDOWS) {
            windows.put(BurnWindow.label(window), new SloReport.Window(w.total(window, slo.kind()),
                    w.bad(window, slo.kind()), 1 - w.errorRatio(window, slo.kind()), w.burnRate(window, slo)));
        }
        long total = w.total(period, slo.kind());
        long bad = w.bad(period, slo.kind());
        return new SloReport.Objective(slo.kind().label(), slo.target(),
                slo.kind() == dev.agentplatform.monitoring.slo.SloKind.LATENCY ? slo.latencyThresholdMs() : null,
                total == 0 ? 1 : 1 - (double) bad / total, total, bad, BurnRate.budgetRemaining(bad, total, slo.target()),
                windows);
    }

    private double firingCount(Severity severity) {
        try {
            return alerts(Optional.empty(), Optional.of(AlertState.Status.FIRING)).stream()
                    .filter(a -> a.severity() == severity).count();
        } catch (ProblemException e) {
            return Double.NaN;
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw ProblemException.unavailable("the alert state is not available (streams state "
                    + streams.state() + ")", RETRY_AFTER_SECONDS, e);
        }
    }

    private static AlertState decode(String json) {
        try {
            return EventCodec.mapper().readValue(json, AlertState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
