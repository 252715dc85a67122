package dev.agentplatform.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A write of one entry: its JSON object value, priority 1-10, tags, an optional time to live, and
 * the roles that may read and write it (empty: see {@link ContextEntry}).
 */
public record PutEntryRequest(
        @NotNull(message = "must be a JSON object") ObjectNode value,
        @Min(1) @Max(10) Integer priority,
        @Size(max = 16) List<@NotNull @Pattern(regexp = NAME) String> tags,
        @Positive Long ttlSeconds,
        @Size(max = 16) List<@NotNull @Pattern(regexp = NAME) String> readRoles,
        @Size(max = 16) List<@NotNull @Pattern(regexp = NAME) String> writeRoles) {

    static final String NAME = "^[A-Za-z0-9._-]{1,64}$";

    public PutEntryRequest {
        priority = priority == null ? 5 : priority;
        tags = tags == null ? List.of() : List.copyOf(tags);
        readRoles = readRoles == null ? List.of() : List.copyOf(readRoles);
        writeRoles = writeRoles == null ? List.of() : List.copyOf(writeRoles);
    }
}
