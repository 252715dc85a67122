package dev.agentplatform.gateway.rest;

import dev.agentplatform.common.security.Roles;
import dev.agentplatform.common.security.TenantAccess;
import io.quarkus.security.Authenticated;
import dev.agentplatform.events.Ids;
import dev.agentplatform.gateway.service.JobService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A tenant's live usage against its quota. */
@Path("/v1/tenants/{tenantId}/usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final JobService jobs;
    private final CallerResolver callers;

    public UsageResource(JobService jobs, CallerResolver callers) {
        this.jobs = jobs;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Live usage", description = "Usage against each quota dimension, as figures and ratios.")
    @APIResponse(responseCode = "404", description = "Tenant not registered")
    public Uni<JobService.UsageReport> usage(
            @PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN, message = "must be lower-case letters, digits and dashes") String tenantId) {
        TenantAccess.require(callers.caller(), tenantId, Roles.VIEWER, Roles.SUBMITTER, Roles.TENANT_ADMIN);
        return jobs.usage(tenantId);
    }
}
