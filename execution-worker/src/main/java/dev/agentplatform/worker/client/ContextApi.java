package dev.agentplatform.worker.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** context-service's HTTP API, as far as the worker calls it. */
@RegisterRestClient(configKey = "context-service")
@Path("/v1/tenants/{tenantId}/context")
@Produces(MediaType.APPLICATION_JSON)
public interface ContextApi {

    @GET
    @Path("/resolve")
    /** {@code authorization} is the worker's bearer token; null sends no header. */
    Uni<ResolvedContext> resolve(@HeaderParam("Authorization") String authorization,
            @PathParam("tenantId") String tenantId, @RestQuery String keys,
            @RestQuery Map<String, String> scope);
}
