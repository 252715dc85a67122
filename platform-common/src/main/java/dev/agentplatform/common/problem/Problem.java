package dev.agentplatform.common.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail. Extension members (for example {@code limitsExceeded}) are written
 * at the top level next to the standard members.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        URI type,
        String title,
        int status,
        String detail,
        String instance,
        List<Violation> violations,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        violations = violations == null || violations.isEmpty() ? null : List.copyOf(violations);
        extensions = extensions == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(extensions));
    }

    /** One invalid field: where it is (for example {@code body.agentId}) and what is wrong. */
    public record Violation(String field, String message) {
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions;
    }
}
