package dev.agentplatform.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The gateway's admission decision for one request: admitted or not, which quota dimensions were
 * exceeded, and the tenant's utilization of each dimension (0..1, may exceed 1 when over quota).
 */
public record AdmissionDecided(
        @NotBlank String id,
        @NotBlank String tenantId,
        @NotNull Instant occurredAt,
        String traceParent,
        String jobId,
        @NotBlank String agentId,
        boolean admitted,
        @NotNull List<String> limitsExceeded,
        @NotNull Map<String, Double> utilization) implements PlatformEvent {

    public AdmissionDecided {
        limitsExceeded = limitsExceeded == null ? List.of() : List.copyOf(limitsExceeded);
        utilization = utilization == null ? Map.of() : Map.copyOf(utilization);
    }

    @Override
    public String type() {
        return EventTypes.ADMISSION_DECIDED;
    }
}
