package dev.agentplatform.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** A worker began running a job. */
public record ExecutionStarted(
        @NotBlank String id,
        @NotBlank String tenantId,
        @NotNull Instant occurredAt,
        String traceParent,
        @NotBlank String jobId,
        @NotBlank String agentId,
        @NotBlank String workerId,
        @Min(1) int attempt) implements PlatformEvent {

    @Override
    public String type() {
        return EventTypes.EXECUTION_STARTED;
    }
}
