package dev.agentplatform.events;

import jakarta.validation.constraints.PositiveOrZero;

/**
 * What a run really cost, as far as the worker could measure it. Figures the worker could not
 * measure are null, never guessed.
 */
public record ResourceUsage(
        @PositiveOrZero Long cpuTimeMs,
        @PositiveOrZero Long allocatedBytes,
        @PositiveOrZero Integer reservedMemoryMb,
        @PositiveOrZero Double reservedCpuCores,
        @PositiveOrZero Long promptTokens,
        @PositiveOrZero Long completionTokens,
        @PositiveOrZero Double costUsd) {

    public static ResourceUsage none() {
        return new ResourceUsage(null, null, null, null, null, null, null);
    }
}
