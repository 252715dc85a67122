package dev.agentplatform.gateway.tenant;

import dev.agentplatform.common.problem.Timeouts;
import dev.agentplatform.gateway.config.GatewayConfig;
import dev.agentplatform.gateway.messaging.TenantEvents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Announces every registered tenant again, every {@code gateway.tenant-announce-interval}: each
 * write is announced when it is made, but {@code agent.metrics} is not compacted, so a consumer
 * that loses its state after the topic dropped those records (monitoring's store reset, a new
 * deployment) would otherwise never see the tenant's registered SLO targets again. Each
 * announcement carries its version's {@code updatedAt} as event time, so one racing a newer write
 * cannot replace it, and repeating one changes nothing. Every replica announces; that is harmless.
 */
@ApplicationScoped
public class TenantAnnouncer {

    private static final Logger LOG = Logger.getLogger(TenantAnnouncer.class);
    private static final int PAGE = 100;

    private final TenantStore store;
    private final TenantEvents events;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public TenantAnnouncer(TenantStore store, TenantEvents events, GatewayConfig config, Vertx vertx) {
        this.store = store;
        this.events = events;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        Duration every = config.tenantAnnounceInterval();
        if (!every.isZero() && !every.isNegative()) {
            timer = vertx.setPeriodic(every.toMillis(), ignored -> announceAll().subscribe().with(
                    n -> LOG.debugf("announced %d tenant(s) again", n),
                    failure -> LOG.warnf("announcing the tenants again failed; next try in %s: %s", every, failure.toString())));
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Announces every registered tenant's current version; the number announced. One pass at a time. */
    public Uni<Integer> announceAll() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return page(null, 0).eventually(() -> running.set(false));
    }

    private Uni<Integer> page(String cursor, int sofar) {
        return Timeouts.failAfter(store.list(cursor, PAGE), config.redisTimeout())
                .chain(page -> {
                    Uni<Integer> sent = Uni.createFrom().item(sofar);
                    for (TenantView view : page.items()) {
                        sent = sent.chain(n -> Timeouts.failAfter(events.publish(TenantService.configured(view)),
                                config.publishTimeout()).replaceWith(n + 1));
                    }
                    return page.nextCursor() == null ? sent : sent.chain(n -> page(page.nextCursor(), n));
                });
    }
}
