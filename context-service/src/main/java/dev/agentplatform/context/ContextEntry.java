package dev.agentplatform.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A stored context entry: a JSON object and its metadata. {@code readRoles} empty means every
 * member of the tenant may read it; {@code writeRoles} empty means submitters and tenant admins may
 * change it. {@code version} starts at 1 and grows by one per write; it is the entry's ETag.
 */
public record ContextEntry(
        String tenantId,
        Scope scope,
        String scopeId,
        String key,
        JsonNode value,
        int priority,
        List<String> tags,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy,
        Instant expiresAt,
        List<String> readRoles,
        List<String> writeRoles,
        long version) {

    public ContextEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
        readRoles = readRoles == null ? List.of() : List.copyOf(readRoles);
        writeRoles = writeRoles == null ? List.of() : List.copyOf(writeRoles);
    }

    /** True once the entry's expiry has passed (Redis drops it too; caches must not outlive it). */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The entity tag of this version, as sent in {@code ETag} and expected in {@code If-Match}. */
    public String etag() {
        return "\"" + version + "\"";
    }
}
