package dev.agentplatform.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/** What admission reserved for one job out of the tenant's quota. */
public record ResourceReservation(
        @Positive int memoryMb,
        @Positive double cpuCores,
        @Min(0) int expectedDurationSeconds) {
}
