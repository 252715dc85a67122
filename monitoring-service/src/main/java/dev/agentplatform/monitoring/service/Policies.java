package dev.agentplatform.monitoring.service;

import dev.agentplatform.events.TenantConfigured;
import dev.agentplatform.monitoring.config.MonitoringConfig;
import dev.agentplatform.monitoring.config.MonitoringConfig.Rules;
import dev.agentplatform.monitoring.config.MonitoringConfig.TenantOverrides;
import dev.agentplatform.monitoring.slo.LowTrafficGuard;
import dev.agentplatform.monitoring.slo.SloKind;
import dev.agentplatform.monitoring.slo.SloTarget;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the stream processor needs to know about rules, resolved from configuration once.
 *
 * @param defaults        the policy of tenants without overrides
 * @param tenants         per-tenant policies
 * @param allowedLateness events older than a tenant's latest event time minus this are dropped
 * @param repeatInterval  re-announce still-firing alerts after this much event time, if set
 * @param period          the SLO period
 */
public record Policies(TenantPolicy defaults, Map<String, TenantPolicy> tenants, Duration allowedLateness,
        Optional<Duration> repeatInterval, Duration period) {

    public Policies {
        tenants = Map.copyOf(tenants);
    }

    /** The tenant's policy from configuration alone. */
    public TenantPolicy forTenant(String tenantId) {
        return tenants.getOrDefault(tenantId, defaults);
    }

    /**
     * The tenant's policy with the SLO targets of its registration ({@code tenant.configured}) applied
     * over configuration: the registry is where the tenant's own targets are set, so they win over
     * {@code monitoring.tenants.*} and the defaults. {@code registered} null: configuration alone.
     */
    public TenantPolicy forTenant(String tenantId, TenantConfigured.SloTargets registered) {
        TenantPolicy configured = forTenant(tenantId);
        return registered == null ? configured : configured.withRegistryTargets(registered.availabilityTarget(),
                registered.successRateTarget(), registered.latencyP95Ms());
    }

    public static Policies from(MonitoringConfig config) {
        TenantPolicy defaults = policy(config.defaults(), null);
        Map<String, TenantPolicy> tenants = new HashMap<>();
        config.tenants().forEach((tenant, overrides) -> tenants.put(tenant, policy(config.defaults(), overrides)));
        return new Policies(defaults, tenants, config.allowedLateness(), config.repeatInterval(),
                config.defaults().slo().period());
    }

    private static TenantPolicy policy(Rules rules, TenantOverrides o) {
        Optional<TenantOverrides> t = Optional.ofNullable(o);
        long latencyMs = t.flatMap(TenantOverrides::latencyThreshold).orElse(rules.slo().latencyThreshold()).toMillis();
        List<SloTarget> slos = List.of(
                new SloTarget(SloKind.AVAILABILITY, t.flatMap(TenantOverrides::availability).orElse(rules.slo().availability()), latencyMs),
                new SloTarget(SloKind.LATENCY, t.flatMap(TenantOverrides::latency).orElse(rules.slo().latency()), latencyMs),
                new SloTarget(SloKind.SUCCESS_RATE, t.flatMap(TenantOverrides::successRate).orElse(rules.slo().successRate()), latencyMs));
        return new TenantPolicy(rules.recentExecutions(), rules.minExecutions(),
                t.flatMap(TenantOverrides::errorRateThreshold).orElse(rules.errorRateThreshold()),
                t.flatMap(TenantOverrides::responseTimeThreshold).orElse(rules.responseTimeThreshold()).toMillis(),
                t.flatMap(TenantOverrides::quotaUtilizationThreshold).orElse(rules.quotaUtilizationThreshold()),
                t.flatMap(TenantOverrides::resourceUtilizationThreshold).orElse(rules.resourceUtilizationThreshold()),
                rules.resourceMinDuration().toMillis(), slos,
                new LowTrafficGuard(t.flatMap(TenantOverrides::minEvents).orElse(rules.slo().minEvents())),
                Set.copyOf(t.flatMap(TenantOverrides::sloAgents).orElse(List.of())));
    }
}
