package dev.agentplatform.context.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.common.problem.Dependencies;
import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.config.ContextConfig;
import dev.agentplatform.context.security.Access;
import dev.agentplatform.common.security.Caller;
import dev.agentplatform.context.security.CallerResolver;
import dev.agentplatform.context.security.Operation;
import dev.agentplatform.context.service.PolicyStore;
import dev.agentplatform.events.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A tenant's overrides of the base policies, per scope and scope id. The policy provider merges
 * them over the base policies (deep merge, most specific scope wins). Tenant admins only.
 */
@Path("/v1/tenants/{tenantId}/policies/{scope}/{scopeId}")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyStore store;
    private final CallerResolver callers;
    private final ContextConfig config;

    public PolicyResource(PolicyStore store, CallerResolver callers, ContextConfig config) {
        this.store = store;
        this.callers = callers;
        this.config = config;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Set the tenant's policy override for a scope")
    public Uni<ObjectNode> put(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @PathParam("scope") String scope,
            @PathParam("scopeId") @Pattern(regexp = ContextResource.NAME) String scopeId,
            @NotNull(message = "a JSON object body is required") ObjectNode override) {
        Scope parsed = ContextResource.scope(scope, scopeId);
        return as(tenantId, Operation.ADMIN, caller -> store.put(tenantId, parsed, scopeId, override).replaceWith(override));
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Get the tenant's policy override for a scope")
    public Uni<JsonNode> get(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @PathParam("scope") String scope,
            @PathParam("scopeId") @Pattern(regexp = ContextResource.NAME) String scopeId) {
        Scope parsed = ContextResource.scope(scope, scopeId);
        return as(tenantId, Operation.READ, caller -> store.get(PolicyStore.key(tenantId, parsed, scopeId))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("no policy override at " + parsed + "/" + scopeId))));
    }

    @DELETE
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Remove the tenant's policy override for a scope")
    public Uni<RestResponse<Void>> delete(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @PathParam("scope") String scope,
            @PathParam("scopeId") @Pattern(regexp = ContextResource.NAME) String scopeId) {
        Scope parsed = ContextResource.scope(scope, scopeId);
        return as(tenantId, Operation.ADMIN, caller -> store.delete(tenantId, parsed, scopeId).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("no policy override at " + parsed + "/" + scopeId);
            }
            return RestResponse.<Void>noContent();
        }));
    }

    private <T> Uni<T> as(String tenantId, Operation operation, Function<Caller, Uni<T>> call) {
        return callers.current().chain(caller -> {
            Access.require(caller, tenantId, operation);
            return Dependencies.guard(call.apply(caller), "Redis", config.redisTimeout(), config.retryAfterSeconds());
        });
    }
}
