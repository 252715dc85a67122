package dev.agentplatform.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** A client asked to cancel a job; workers stop it if running, skip it if queued. */
public record CancelRequested(
        @NotBlank String id,
        @NotBlank String tenantId,
        @NotNull Instant occurredAt,
        String traceParent,
        @NotBlank String jobId,
        String requestedBy,
        String reason) implements PlatformEvent {

    @Override
    public String type() {
        return EventTypes.EXECUTION_CANCEL_REQUESTED;
    }
}
