package dev.agentplatform.monitoring.rest;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.events.Ids;
import dev.agentplatform.monitoring.service.SloReport;
import dev.agentplatform.monitoring.service.StateQueries;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A tenant's SLOs: SLIs, burn rate per window and error budget remaining. */
@Path("/v1/slo")
@Produces(MediaType.APPLICATION_JSON)
public class SloResource {

    private final StateQueries queries;

    public SloResource(StateQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{tenant}")
    @Blocking
    @Operation(summary = "SLOs of a tenant", description = "At the latest event time seen for the tenant; 404 if none.")
    public SloReport slo(@PathParam("tenant") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenant) {
        return queries.slo(tenant).orElseThrow(() -> ProblemException.notFound("no events of tenant " + tenant + " seen"));
    }
}
