package dev.agentplatform.gateway.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentplatform.gateway.Quota;
import java.time.Instant;

/** A registered tenant as the registry answers it: the registration with defaults applied, and its state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(
        String tenantId,
        String name,
        String isolationLevel,
        Quota quota,
        TenantSpec.SecurityPolicies securityPolicies,
        TenantSpec.Compliance compliance,
        TenantSpec.Billing billing,
        TenantSpec.SloOverrides sloOverrides,
        Status status,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** ACTIVE tenants may submit jobs; DEACTIVATED ones may not (running jobs finish). */
    public enum Status { ACTIVE, DEACTIVATED }

    /** The entity tag of this version, for {@code ETag} and {@code If-Match}. */
    public String etag() {
        return "\"" + version + "\"";
    }
}
