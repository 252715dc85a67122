package dev.agentplatform.monitoring.rest;

import dev.agentplatform.events.Ids;
import dev.agentplatform.monitoring.service.StateQueries;
import dev.agentplatform.monitoring.streams.AlertState;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The alerts this replica knows: firing now, or resolved last. */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final StateQueries queries;

    public AlertResource(StateQueries queries) {
        this.queries = queries;
    }

    @GET
    @Blocking
    @Operation(summary = "Alerts", description = "Alerts firing (status=firing, the default) or last resolved (status=resolved) "
            + "or both (status=all), optionally for one tenant.")
    public List<AlertState> alerts(@QueryParam("tenant") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenant,
            @QueryParam("status") @Pattern(regexp = "(?i)firing|resolved|all") String status) {
        String wanted = status == null ? "firing" : status.toLowerCase(Locale.ROOT);
        Optional<AlertState.Status> filter = wanted.equals("all") ? Optional.empty()
                : Optional.of(AlertState.Status.valueOf(wanted.toUpperCase(Locale.ROOT)));
        return queries.alerts(Optional.ofNullable(tenant), filter);
    }
}
