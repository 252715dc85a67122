package dev.agentplatform.gateway.tenant;

import dev.agentplatform.common.problem.Dependencies;
import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.common.problem.Timeouts;
import dev.agentplatform.events.TenantConfigured;
import dev.agentplatform.gateway.config.GatewayConfig;
import dev.agentplatform.gateway.messaging.TenantEvents;
import dev.agentplatform.gateway.service.JobService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry's rules: defaults for missing limits, optimistic concurrency, 404 and 412 problems.
 * Every applied write is announced as {@code tenant.configured} (monitoring applies the tenant's SLO
 * targets from it) before the call answers; if Kafka does not acknowledge it the answer is 503 and
 * the registry keeps the write, so repeating the same request (a replace) announces it again.
 */
@ApplicationScoped
public class TenantService {

    private final TenantStore store;
    private final JobService jobs;
    private final GatewayConfig config;
    private final TenantEvents events;

    public TenantService(TenantStore store, JobService jobs, GatewayConfig config, TenantEvents events) {
        this.store = store;
        this.jobs = jobs;
        this.config = config;
        this.events = events;
    }

    /** The stored tenant and whether this write created it. */
    public record Written(TenantView tenant, boolean created) {
    }

    public Uni<Written> put(String tenantId, TenantSpec spec, long expectedVersion) {
        TenantSpec complete = new TenantSpec(spec.name(), spec.isolationLevel(),
                spec.quota() == null ? jobs.defaultQuota() : spec.quota().withDefaults(jobs.defaultQuota()),
                spec.securityPolicies(), spec.compliance(), spec.billing(), spec.sloOverrides());
        return redis(store.put(tenantId, complete, expectedVersion))
                .invoke(result -> requireApplied(tenantId, result))
                .chain(result -> get(tenantId).call(this::announce).map(view -> new Written(view, result.created())));
    }

    public Uni<TenantView> get(String tenantId) {
        return redis(store.find(tenantId)).map(found -> found.orElseThrow(() -> unknown(tenantId)));
    }

    public Uni<TenantStore.Page> list(String cursor, int limit) {
        return redis(store.list(cursor, limit));
    }

    public Uni<TenantView> deactivate(String tenantId, long expectedVersion) {
        return redis(store.deactivate(tenantId, expectedVersion))
                .map(found -> found.orElseThrow(() -> unknown(tenantId)))
                .invoke(result -> requireApplied(tenantId, result))
                .chain(() -> get(tenantId))
                .call(this::announce);
    }

    /**
     * Announces a version of a tenant. Its event time is the version's {@code updatedAt}, so an
     * announcement of an older version, however late it arrives, never replaces a newer one
     * (monitoring keeps the newest by event time) and announcing a version again changes nothing.
     */
    private Uni<Void> announce(TenantView view) {
        return Timeouts.failAfter(events.publish(configured(view)), config.publishTimeout())
                .onFailure().transform(failure -> ProblemException.unavailable("the registry was updated, but the change "
                        + "could not be handed to Kafka for the other services; repeat the request", config.retryAfterSeconds(),
                        failure));
    }

    /** The tenant if registered, for checks that need its state. */
    public Uni<Optional<TenantView>> find(String tenantId) {
        return redis(store.find(tenantId));
    }

    private static void requireApplied(String tenantId, TenantStore.WriteResult result) {
        if (!result.applied()) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                    "tenant " + tenantId + " is at version " + result.version() + ", not the one in If-Match/If-None-Match",
                    Map.of("currentETag", "\"" + result.version() + "\""), Map.of(), null);
        }
    }

    static ProblemException unknown(String tenantId) {
        return ProblemException.notFound("tenant " + tenantId + " is not registered");
    }

    private <T> Uni<T> redis(Uni<T> call) {
        return Dependencies.guard(call, "Redis", config.redisTimeout(), config.retryAfterSeconds());
    }

    /** The {@code tenant.configured} event of a version of a tenant. */
    public static TenantConfigured configured(TenantView view) {
        TenantSpec.SloOverrides slo = view.sloOverrides();
        return new TenantConfigured(UUID.randomUUID().toString(), view.tenantId(),
                view.updatedAt() == null ? Instant.now() : view.updatedAt(), null,
                view.status() == TenantView.Status.ACTIVE,
                slo == null ? null : new TenantConfigured.SloTargets(slo.availabilityTarget(), slo.successRateTarget(),
                        slo.latencyP95Ms()));
    }
}
