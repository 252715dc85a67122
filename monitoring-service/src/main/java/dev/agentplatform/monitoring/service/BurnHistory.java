package dev.agentplatform.monitoring.service;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.monitoring.config.MonitoringConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Burn rates and error budgets of each tenant over wall-clock time, for the dashboard's charts:
 * every {@code monitoring.dashboard.sample-interval} the latest figures the processor computed
 * for each tenant this replica owns (see {@link LatestFigures}: no store scan per sample) are
 * appended to a bounded ring per tenant. The history lives in memory only, so it starts when the
 * service starts (the SLO state itself is in the stores and survives restarts). One scheduler
 * thread writes; readers copy a ring under its lock.
 */
@ApplicationScoped
public class BurnHistory {

    private static final Logger LOG = Logger.getLogger(BurnHistory.class);

    /**
     * One sample of a tenant.
     *
     * @param at              wall-clock time of the sample
     * @param burnRates       per SLO, per window label (5m … 3d)
     * @param budgetRemaining per SLO, the share of the period's error budget left
     */
    public record Sample(Instant at, Map<String, Map<String, Double>> burnRates, Map<String, Double> budgetRemaining) {
    }

    /** A tenant's history: when sampling started, the sampling interval and the samples, oldest first. */
    public record History(Instant since, double intervalSeconds, List<Sample> samples) {
    }

    private final StateQueries queries;
    private final LatestFigures latest;
    private final MonitoringConfig.Dashboard config;
    private final Clock clock;
    private final Map<String, Deque<Sample>> rings = new ConcurrentHashMap<>();
    private final Instant since;
    private ScheduledExecutorService scheduler;

    @Inject
    public BurnHistory(StateQueries queries, LatestFigures latest, MonitoringConfig config) {
        this(queries, latest, config.dashboard(), Clock.systemUTC());
    }

    BurnHistory(StateQueries queries, LatestFigures latest, MonitoringConfig.Dashboard config, Clock clock) {
        this.queries = queries;
        this.latest = latest;
        this.config = config;
        this.clock = clock;
        this.since = clock.instant();
    }

    void start(@Observes StartupEvent startup) {
        long every = config.sampleInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dashboard-history");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::sampleQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** The samples of a tenant (empty if none yet). */
    public History history(String tenant) {
        Deque<Sample> ring = rings.get(tenant);
        if (ring == null) {
            return new History(since, intervalSeconds(), List.of());
        }
        synchronized (ring) {
            return new History(since, intervalSeconds(), List.copyOf(ring));
        }
    }

    private double intervalSeconds() {
        return config.sampleInterval().toMillis() / 1000.0;
    }

    /** Takes one sample of every tenant this replica owns (up to the configured maximum). */
    void sample() {
        sample(queries.tenants());
    }

    /** Takes one sample of these tenants (up to the configured maximum) and forgets the others. */
    void sample(Collection<String> owned) {
        Instant now = clock.instant();
        List<String> tenants = owned.stream().limit(config.maxTenants()).toList();
        for (String tenant : tenants) {
            latest.slo(tenant).ifPresent(slo -> append(tenant, new Sample(now, slo.burnRates(), slo.budgetRemaining())));
        }
        rings.keySet().retainAll(tenants);
    }

    private void append(String tenant, Sample sample) {
        Deque<Sample> ring = rings.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        synchronized (ring) {
            ring.addLast(sample);
            while (ring.size() > config.historySize()) {
                ring.removeFirst();
            }
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (ProblemException e) {
            LOG.debugf("no dashboard sample this time: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("dashboard sample failed", e);
        }
    }
}
