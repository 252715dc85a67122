package dev.agentplatform.context.rest;

import dev.agentplatform.common.problem.Dependencies;
import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.context.ContextEntry;
import dev.agentplatform.context.EntryList;
import dev.agentplatform.context.PutEntryRequest;
import dev.agentplatform.context.ResolvedContext;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.config.ContextConfig;
import dev.agentplatform.context.prompt.PromptRequest;
import dev.agentplatform.context.prompt.PromptResult;
import dev.agentplatform.context.prompt.PromptService;
import dev.agentplatform.context.security.Access;
import dev.agentplatform.common.security.Caller;
import dev.agentplatform.context.security.CallerResolver;
import dev.agentplatform.context.security.Operation;
import dev.agentplatform.context.service.ContextService;
import dev.agentplatform.context.service.Precondition;
import dev.agentplatform.events.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/** Context entries of a tenant, their resolution along the scope chain, and prompts built from them. */
@Path("/v1/tenants/{tenantId}/context")
@Produces(MediaType.APPLICATION_JSON)
public class ContextResource {

    static final String NAME = "^[A-Za-z0-9._-]{1,128}$";

    private final ContextService context;
    private final PromptService prompts;
    private final CallerResolver callers;
    private final ContextConfig config;

    public ContextResource(ContextService context, PromptService prompts, CallerResolver callers, ContextConfig config) {
        this.context = context;
        this.prompts = prompts;
        this.callers = callers;
        this.config = config;
    }

    @PUT
    @Path("/{scope}/{scopeId}/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Create or replace an entry",
            description = "If-Match: \"version\" or * makes the write conditional (412 when it does not hold).")
    public Uni<RestResponse<ContextEntry>> put(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @PathParam("scope") String scope,
            @PathParam("scopeId") @Pattern(regexp = NAME) String scopeId,
            @PathParam("key") @Pattern(regexp = NAME) String key,
            @HeaderParam("If-Match") String ifMatch,
            @NotNull(message = "a JSON body is required") @Valid PutEntryRequest request) {
        Scope parsed = scope(scope, scopeId);
        Precondition precondition = Precondition.parse(ifMatch);
        return as(tenantId, Operation.WRITE, caller -> context.put(caller, tenantId, parsed, scopeId, key, request, precondition))
                .map(ContextResource::withEtag);
    }

    @GET
    @Path("/{scope}/{scopeId}/{key}")
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Get an entry with its metadata and ETag")
    public Uni<RestResponse<ContextEntry>> get(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @PathParam("scope") String scope,
            @PathParam("scopeId") @Pattern(regexp = NAME) String scopeId,
            @PathParam("key") @Pattern(regexp = NAME) String key) {
        Scope parsed = scope(scope, scopeId);
        return as(tenantId, Operation.READ, caller -> context.get(caller, tenantId, parsed, scopeId, key))
                .map(ContextResource::withEtag);
    }

    @DELETE
    @Path("/{scope}/{scopeId}/{key}")
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Delete an entry",
            description = "If-Match makes the delete conditional (412 when it does not hold).")
    public Uni<RestResponse<Void>> delete(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @PathParam("scope") String scope,
            @PathParam("scopeId") @Pattern(regexp = NAME) String scopeId,
            @PathParam("key") @Pattern(regexp = NAME) String key,
            @HeaderParam("If-Match") String ifMatch) {
        Scope parsed = scope(scope, scopeId);
        Precondition precondition = Precondition.parse(ifMatch);
        return as(tenantId, Operation.WRITE, caller -> context.delete(caller, tenantId, parsed, scopeId, key, precondition))
                .map(v -> RestResponse.noContent());
    }

    @GET
    @Path("/entries")
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "List entries by scope and/or tag",
            description = "Only entries the caller may read are listed; withheld counts the others.")
    public Uni<EntryList> list(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @QueryParam("scope") String scope,
            @QueryParam("scopeId") @Pattern(regexp = NAME) String scopeId,
            @QueryParam("tag") @Pattern(regexp = NAME) String tag) {
        if (scope == null && tag == null) {
            throw new ProblemException(ProblemType.VALIDATION, "name a scope, a tag or both");
        }
        Optional<Scope> parsed = Optional.ofNullable(scope).map(s -> scope(s, scopeId == null && "global".equalsIgnoreCase(s)
                ? Scope.GLOBAL_SCOPE_ID : scopeId));
        return as(tenantId, Operation.READ, caller -> context.list(caller, tenantId, parsed, Optional.ofNullable(scopeId),
                Optional.ofNullable(tag)));
    }

    @GET
    @Path("/resolve")
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Resolve keys along the scope chain through all providers",
            description = "Merges each key from GLOBAL to the most specific scope named; the most specific wins. "
                    + "Providers that fail or time out are listed in providersFailed, never fatal.")
    public Uni<ResolvedContext> resolve(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @QueryParam("keys") @NotBlank(message = "name at least one key") @Pattern(regexp = "^[A-Za-z0-9._,-]{1,2048}$") String keys,
            @QueryParam("division") @Pattern(regexp = NAME) String division,
            @QueryParam("department") @Pattern(regexp = NAME) String department,
            @QueryParam("project") @Pattern(regexp = NAME) String project,
            @QueryParam("user") @Pattern(regexp = NAME) String user,
            @QueryParam("session") @Pattern(regexp = NAME) String session) {
        Map<Scope, String> scopeIds = new EnumMap<>(Scope.class);
        putIfPresent(scopeIds, Scope.DIVISION, division);
        putIfPresent(scopeIds, Scope.DEPARTMENT, department);
        putIfPresent(scopeIds, Scope.PROJECT, project);
        putIfPresent(scopeIds, Scope.USER, user);
        putIfPresent(scopeIds, Scope.SESSION, session);
        List<String> keyList = Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).distinct().toList();
        return as(tenantId, Operation.RESOLVE, caller -> context.resolve(caller, tenantId, keyList, scopeIds));
    }

    @POST
    @Path("/prompt")
    @Consumes(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Build a prompt with resolved context",
            description = "Strategies append, inject and template; the output never exceeds maxChars and what was cut is reported.")
    public Uni<PromptResult> prompt(@PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenantId,
            @NotNull(message = "a JSON body is required") @Valid PromptRequest request) {
        return as(tenantId, Operation.RESOLVE, caller -> prompts.build(caller, tenantId, request));
    }

    /**
     * Authenticates, checks the tenant and role, then runs the call. Entry operations turn Redis
     * failures into 503s; resolve and prompt do not, because they consult providers that each have
     * their own timeout and are reported as failed, never fatal (an outer Redis bound would cut a
     * slow but healthy provider short and fail the whole request).
     */
    private <T> Uni<T> as(String tenantId, Operation operation, Function<Caller, Uni<T>> call) {
        return callers.current().chain(caller -> {
            Access.require(caller, tenantId, operation);
            Uni<T> result = call.apply(caller);
            return operation == Operation.RESOLVE ? result
                    : Dependencies.guard(result, "Redis", config.redisTimeout(), config.retryAfterSeconds());
        });
    }

    private static RestResponse<ContextEntry> withEtag(ContextEntry entry) {
        return RestResponse.ResponseBuilder.ok(entry).header("ETag", entry.etag()).build();
    }

    private static void putIfPresent(Map<Scope, String> scopeIds, Scope scope, String id) {
        if (id != null) {
            scopeIds.put(scope, id);
        }
    }

    static Scope scope(String text, String scopeId) {
        Scope scope = Scope.parse(text).orElseThrow(() -> new ProblemException(ProblemType.VALIDATION,
                "unknown scope '" + text + "'; use one of " + Arrays.toString(Scope.values())));
        if (scope == Scope.GLOBAL && scopeId != null && !Scope.GLOBAL_SCOPE_ID.equals(scopeId)) {
            throw new ProblemException(ProblemType.VALIDATION, "GLOBAL entries live under scope id '" + Scope.GLOBAL_SCOPE_ID + "'");
        }
        return scope;
    }
}
