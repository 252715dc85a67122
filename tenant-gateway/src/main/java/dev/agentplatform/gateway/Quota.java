package dev.agentplatform.gateway;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A tenant's limits (ARCHITECTURE.md "Quotas"); every figure must be positive. In a registration a
 * missing figure takes the gateway's default ({@link #withDefaults}).
 */
public record Quota(
        @Min(value = 1, message = "must be at least 1") @Max(100_000) Integer maxConcurrentAgents,
        @Min(value = 1, message = "must be at least 1") @Max(10_000_000) Integer maxMemoryMb,
        @DecimalMin(value = "0.001", message = "must be at least 0.001") @jakarta.validation.constraints.DecimalMax("100000") Double maxCpuCores,
        @Min(value = 1, message = "must be at least 1") @Max(1_000_000) Integer maxStorageGb,
        @Min(value = 1, message = "must be at least 1") @Max(100_000_000) Integer maxRequestsPerMinute,
        @Min(value = 1, message = "must be at least 1") @Max(86_400) Integer maxExecutionTimeSeconds) {

    /** This quota with every missing figure taken from {@code defaults}. */
    public Quota withDefaults(Quota defaults) {
        return new Quota(
                maxConcurrentAgents != null ? maxConcurrentAgents : defaults.maxConcurrentAgents(),
                maxMemoryMb != null ? maxMemoryMb : defaults.maxMemoryMb(),
                maxCpuCores != null ? maxCpuCores : defaults.maxCpuCores(),
                maxStorageGb != null ? maxStorageGb : defaults.maxStorageGb(),
                maxRequestsPerMinute != null ? maxRequestsPerMinute : defaults.maxRequestsPerMinute(),
                maxExecutionTimeSeconds != null ? maxExecutionTimeSeconds : defaults.maxExecutionTimeSeconds());
    }

    /** CPU as whole milli-cores, the unit the admission script counts in (no float drift). */
    public long maxCpuMilli() {
        return Math.round(maxCpuCores * 1000);
    }
}
