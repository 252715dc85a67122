package dev.agentplatform.context.security;

import dev.agentplatform.common.security.Caller;
import dev.agentplatform.common.security.Roles;
import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.context.ContextEntry;
import java.util.List;
import java.util.Objects;

/**
 * Tenant isolation and entry access control. A caller acts only on the tenant its token names,
 * except a platform admin (any tenant, any operation) and a platform service (any tenant, resolve
 * and prompt only). An entry's read roles are never bypassed: not even an admin reads an entry
 * whose read roles it does not hold, so what an agent sees is exactly what the entry allows.
 */
public final class Access {

    private static final List<String> DEFAULT_WRITERS = List.of(Roles.SUBMITTER, Roles.TENANT_ADMIN);

    private Access() {
    }

    /** Throws 403 unless the caller may perform the operation on the tenant. */
    public static void require(Caller caller, String tenantId, Operation operation) {
        if (caller.has(Roles.PLATFORM_ADMIN)) {
            return;
        }
        if (operation == Operation.RESOLVE && caller.has(Roles.PLATFORM_SERVICE)) {
            return;
        }
        if (!Objects.equals(caller.tenant(), tenantId)) {
            throw forbidden("the token is not valid for tenant " + tenantId);
        }
        if (!caller.hasAny(operation.roles())) {
            throw forbidden("this needs one of the roles " + operation.roles().stream().sorted().toList());
        }
    }

    /** Whether the caller holds one of the entry's read roles (any member when it names none). */
    public static boolean canRead(Caller caller, ContextEntry entry) {
        return canRead(caller, entry.readRoles());
    }

    public static boolean canRead(Caller caller, List<String> readRoles) {
        return readRoles.isEmpty() || caller.hasAny(readRoles);
    }

    /** Whether the caller may replace or delete the entry. */
    public static boolean canWrite(Caller caller, ContextEntry entry) {
        if (caller.has(Roles.PLATFORM_ADMIN)) {
            return true;
        }
        return caller.hasAny(entry.writeRoles().isEmpty() ? DEFAULT_WRITERS : entry.writeRoles());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }
}
