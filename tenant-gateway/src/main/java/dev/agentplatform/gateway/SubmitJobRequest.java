package dev.agentplatform.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.events.Ids;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** What a client submits: which agent to run, on what input, with which enterprise context. */
public record SubmitJobRequest(
        @NotNull @Pattern(regexp = Ids.AGENT_ID_PATTERN, message = "must be lower-case letters, digits and dashes") String agentId,
        JsonNode input,
        @Size(max = 32) List<@NotNull @Pattern(regexp = "^[A-Za-z0-9._-]{1,128}$") String> contextKeys,
        @Size(max = 6) Map<@NotNull @Pattern(regexp = "^(division|department|project|user|session)$",
                message = "must be one of division, department, project, user, session") String,
                @NotNull @Size(min = 1, max = 128) String> contextScope,
        Complexity complexity,
        ModelSize modelSize) {

    public SubmitJobRequest {
        contextKeys = contextKeys == null ? List.of() : contextKeys;
        contextScope = contextScope == null ? Map.of() : contextScope;
        complexity = complexity == null ? Complexity.MEDIUM : complexity;
        modelSize = modelSize == null ? ModelSize.MEDIUM : modelSize;
    }
}
