package dev.agentplatform.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/**
 * A job reached a final status. {@code occurredAt} is when it ended; {@code startedAt} is null
 * when the job never ran (cancelled while queued).
 */
public record ExecutionCompleted(
        @NotBlank String id,
        @NotBlank String tenantId,
        @NotNull Instant occurredAt,
        String traceParent,
        @NotBlank String jobId,
        @NotBlank String agentId,
        @NotBlank String workerId,
        @NotNull ExecutionStatus status,
        Instant startedAt,
        @PositiveOrZero long durationMs,
        JsonNode output,
        String errorType,
        String errorMessage,
        @Min(1) int attempt,
        @NotNull @Valid ResourceUsage resources,
        boolean contextDegraded) implements PlatformEvent {

    public ExecutionCompleted {
        // Jackson reads a JSON null into a JsonNode as NullNode; keep "no output" as Java null.
        output = output == null || output.isNull() ? null : output;
        if (status != null && !status.isFinal()) {
            throw new IllegalArgumentException("a completion needs a final status, not " + status);
        }
    }

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    @Override
    public String type() {
        return EventTypes.EXECUTION_COMPLETED;
    }
}
