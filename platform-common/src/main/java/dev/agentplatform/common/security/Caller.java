package dev.agentplatform.common.security;

import java.util.Collection;
import java.util.Set;

/**
 * Who made a request, as a verified token says: subject, tenant ({@code null} for platform
 * admins without one) and roles. Services build it from their token (e.g. MP-JWT's
 * {@code JsonWebToken}) so the checks in {@link TenantAccess} stay independent of the token library.
 */
public record Caller(String subject, String tenant, Set<String> roles) {

    public Caller {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean isPlatformAdmin() {
        return roles.contains(Roles.PLATFORM_ADMIN);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean hasAny(Collection<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
