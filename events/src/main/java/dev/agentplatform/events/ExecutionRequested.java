package dev.agentplatform.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An admitted job, published by the gateway for a worker to run. {@code contextRequired} is the
 * tenant's security policy: when true, a job whose context cannot be resolved fails instead of
 * running degraded; null (older producers) means false.
 */
public record ExecutionRequested(
        @NotBlank String id,
        @NotNull @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
        @NotNull Instant occurredAt,
        String traceParent,
        @NotBlank String jobId,
        @NotNull @Pattern(regexp = Ids.AGENT_ID_PATTERN) String agentId,
        JsonNode input,
        @NotNull List<String> contextKeys,
        @NotNull Map<String, String> contextScope,
        @Positive int maxExecutionSeconds,
        @NotNull @Valid ResourceReservation reservation,
        @Min(1) int attempt,
        Boolean contextRequired) implements PlatformEvent {

    /** A job without a context requirement (the shape before {@code contextRequired} existed). */
    public ExecutionRequested(String id, String tenantId, Instant occurredAt, String traceParent, String jobId,
            String agentId, JsonNode input, List<String> contextKeys, Map<String, String> contextScope,
            int maxExecutionSeconds, ResourceReservation reservation, int attempt) {
        this(id, tenantId, occurredAt, traceParent, jobId, agentId, input, contextKeys, contextScope,
                maxExecutionSeconds, reservation, attempt, null);
    }

    public ExecutionRequested {
        // Jackson reads a JSON null into a JsonNode as NullNode; keep "no input" as Java null.
        input = input == null || input.isNull() ? null : input;
        contextKeys = contextKeys == null ? List.of() : List.copyOf(contextKeys);
        contextScope = contextScope == null ? Map.of() : Map.copyOf(contextScope);
    }

    /** Whether the run must fail rather than run without its context. */
    public boolean requiresContext() {
        return Boolean.TRUE.equals(contextRequired);
    }

    @Override
    public String type() {
        return EventTypes.EXECUTION_REQUESTED;
    }
}
