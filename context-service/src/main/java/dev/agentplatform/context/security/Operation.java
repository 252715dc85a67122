package dev.agentplatform.context.security;

import dev.agentplatform.common.security.Roles;
import java.util.Set;

/** What a request does, and the tenant roles that may do it. */
public enum Operation {
    /** Read entries and policy overrides. */
    READ(Set.of(Roles.VIEWER, Roles.SUBMITTER, Roles.TENANT_ADMIN)),
    /** Resolve keys and build prompts; also open to {@link Roles#PLATFORM_SERVICE} for any tenant. */
    RESOLVE(Set.of(Roles.VIEWER, Roles.SUBMITTER, Roles.TENANT_ADMIN)),
    /** Write and delete entries (each entry's write roles narrow this further). */
    WRITE(Set.of(Roles.SUBMITTER, Roles.TENANT_ADMIN)),
    /** Write and delete the tenant's policy overrides. */
    ADMIN(Set.of(Roles.TENANT_ADMIN));

    private final Set<String> roles;

    Operation(Set<String> roles) {
        this.roles = roles;
    }

    public Set<String> roles() {
        return roles;
    }
}
