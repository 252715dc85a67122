package dev.agentplatform.common.security;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import java.util.Arrays;

/**
 * The tenant rule of every tenant-scoped endpoint: a platform admin may act on any tenant; anyone
 * else only on the tenant of their token, and only with one of the roles the action needs.
 * Violations are 403 problems that do not reveal whether the other tenant exists.
 */
public final class TenantAccess {

    private TenantAccess() {
    }

    /** Passes if {@code caller} may act on {@code tenantId} with one of {@code roles}; otherwise 403. */
    public static void require(Caller caller, String tenantId, String... roles) {
        if (caller.isPlatformAdmin()) {
            return;
        }
        if (caller.tenant() == null || !caller.tenant().equals(tenantId)) {
            throw forbidden("the token is not for tenant " + tenantId);
        }
        if (Arrays.stream(roles).noneMatch(caller.roles()::contains)) {
            throw forbidden("this needs one of the roles " + String.join(", ", roles));
        }
    }

    /** Passes for platform admins only; otherwise 403. */
    public static void requirePlatformAdmin(Caller caller) {
        if (!caller.isPlatformAdmin()) {
            throw forbidden("this needs the role " + Roles.PLATFORM_ADMIN);
        }
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }
}
