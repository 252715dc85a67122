package dev.agentplatform.gateway.rest;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.common.security.Roles;
import dev.agentplatform.common.security.TenantAccess;
import io.quarkus.security.Authenticated;
import dev.agentplatform.events.Ids;
import dev.agentplatform.gateway.tenant.TenantService;
import dev.agentplatform.gateway.tenant.TenantSpec;
import dev.agentplatform.gateway.tenant.TenantStore;
import dev.agentplatform.gateway.tenant.TenantView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** The tenant registry: platform admins register, change and deactivate tenants. */
@Path("/v1/tenants")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantService tenants;
    private final CallerResolver callers;

    public TenantResource(TenantService tenants, CallerResolver callers) {
        this.tenants = tenants;
        this.callers = callers;
    }

    @PUT
    @Path("/{tenantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a tenant",
            description = "Optimistic concurrency: If-Match with the ETag of the version replaced, If-None-Match: * to create only.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "200", description = "Replaced (and reactivated if it was deactivated)")
    @APIResponse(responseCode = "400", description = "Invalid registration, with field violations")
    @APIResponse(responseCode = "412", description = "The tenant is not at the version If-Match names")
    public Uni<RestResponse<TenantView>> put(
            @PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN,
                    message = "must be lower-case letters, digits and dashes") String tenantId,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @NotNull(message = "a JSON body is required") @Valid TenantSpec spec,
            UriInfo uri) {
        TenantAccess.requirePlatformAdmin(callers.caller());
        long expected = expectedVersion(ifMatch, ifNoneMatch);
        return tenants.put(tenantId, spec, expected).map(written -> {
            RestResponse.ResponseBuilder<TenantView> response = written.created()
                    ? RestResponse.ResponseBuilder.<TenantView>created(uri.getAbsolutePath()).entity(written.tenant())
                    : RestResponse.ResponseBuilder.ok(written.tenant());
            return response.header("ETag", written.tenant().etag()).build();
        });
    }

    @GET
    @Path("/{tenantId}")
    @Operation(summary = "Get a tenant")
    @APIResponse(responseCode = "200", description = "The tenant, with its ETag")
    @APIResponse(responseCode = "404", description = "Not registered")
    public Uni<RestResponse<TenantView>> get(
            @PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN,
                    message = "must be lower-case letters, digits and dashes") String tenantId) {
        TenantAccess.require(callers.caller(), tenantId, Roles.TENANT_ADMIN, Roles.VIEWER);
        return tenants.get(tenantId).map(t -> RestResponse.ResponseBuilder.ok(t).header("ETag", t.etag()).build());
    }

    @GET
    @Operation(summary = "List tenants", description = "In id order; pass nextCursor as cursor for the next page.")
    public Uni<TenantStore.Page> list(
            @QueryParam("cursor") @Pattern(regexp = Ids.TENANT_ID_PATTERN, message = "must be a tenant id") String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        TenantAccess.requirePlatformAdmin(callers.caller());
        return tenants.list(cursor, limit);
    }

    @DELETE
    @Path("/{tenantId}")
    @Operation(summary = "Deactivate a tenant", description = "New jobs are refused (409); running jobs finish.")
    @APIResponse(responseCode = "200", description = "Deactivated; the tenant as it is now")
    @APIResponse(responseCode = "404", description = "Not registered")
    @APIResponse(responseCode = "412", description = "The tenant is not at the version If-Match names")
    public Uni<RestResponse<TenantView>> deactivate(
            @PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN,
                    message = "must be lower-case letters, digits and dashes") String tenantId,
            @HeaderParam("If-Match") String ifMatch) {
        TenantAccess.requirePlatformAdmin(callers.caller());
        return tenants.deactivate(tenantId, expectedVersion(ifMatch, null))
                .map(t -> RestResponse.ResponseBuilder.ok(t).header("ETag", t.etag()).build());
    }

    /** If-Match {@code "7"} → 7, {@code *} → must exist; If-None-Match {@code *} → must not exist. */
    static long expectedVersion(String ifMatch, String ifNoneMatch) {
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new ProblemException(ProblemType.VALIDATION, "If-None-Match supports only *");
            }
            return TenantStore.MUST_NOT_EXIST;
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            return TenantStore.ANY;
        }
        String tag = ifMatch.trim();
        if (tag.equals("*")) {
            return TenantStore.MUST_EXIST;
        }
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 3 && tag.startsWith("\"") && tag.endsWith("\"")) {
            try {
                long version = Long.parseLong(tag.substring(1, tag.length() - 1));
                if (version > 0) {
                    return version;
                }
            } catch (NumberFormatException e) {
                // falls through to the problem below
            }
        }
        throw new ProblemException(ProblemType.VALIDATION, "If-Match must be an ETag this API issued, such as \"3\", or *");
    }
}
