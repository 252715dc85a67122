package dev.agentplatform.common.security;

import java.util.Set;

/**
 * The roles of the platform's bearer tokens (the MP-JWT {@code groups} claim). Every role but
 * {@link #PLATFORM_ADMIN} applies only to the tenant named in the token's {@code tenant} claim.
 */
public final class Roles {

    /** Operates the platform: registers tenants and may act on any tenant. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Administers one tenant: everything a submitter and a viewer may do in it. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Submits and cancels jobs of one tenant, and reads them. */
    public static final String SUBMITTER = "submitter";
    /** Reads jobs, usage and the registration of one tenant. */
    public static final String VIEWER = "viewer";

    /**
     * A platform service (the execution worker), not a person: may resolve context and build
     * prompts for any tenant, and nothing else. Not a tenant role, so not in {@link #ALL}.
     */
    public static final String PLATFORM_SERVICE = "platform-service";

    /** The claim that names the caller's tenant. */
    public static final String TENANT_CLAIM = "tenant";

    public static final Set<String> ALL = Set.of(PLATFORM_ADMIN, TENANT_ADMIN, SUBMITTER, VIEWER);

    private Roles() {
    }
}
