package dev.agentplatform.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.events.ExecutionStatus;
import java.time.Instant;

/** A job as clients see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String jobId,
        String tenantId,
        String agentId,
        ExecutionStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        Long durationMs,
        JsonNode output,
        JobError error,
        String workerId,
        Reservation reservation,
        Instant cancelRequestedAt,
        String traceId) {

    /** Why a job did not succeed. */
    public record JobError(String type, String message) {
    }

    /** What admission reserved for the job. */
    public record Reservation(int memoryMb, double cpuCores, int expectedDurationSeconds) {
    }
}
