package dev.agentplatform.events;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A tenant was registered, replaced or deactivated in the gateway's registry. Published on
 * {@code agent.metrics} keyed by tenant id, so a consumer partitioned by tenant sees it in order with
 * that tenant's executions. Carries what other services apply: today the SLO targets that replace
 * monitoring's defaults for the tenant (null: the defaults).
 */
public record TenantConfigured(
        @NotBlank String id,
        @NotBlank String tenantId,
        @NotNull Instant occurredAt,
        String traceParent,
        boolean active,
        SloTargets slo) implements PlatformEvent {

    /** Per-tenant SLO targets; a null field keeps the default of that target. */
    public record SloTargets(
            @DecimalMin("0.5") @DecimalMax("0.99999") Double availabilityTarget,
            @DecimalMin("0.5") @DecimalMax("0.99999") Double successRateTarget,
            @Min(1) @Max(3_600_000) Integer latencyP95Ms) {
    }

    @Override
    public String type() {
        return EventTypes.TENANT_CONFIGURED;
    }
}
