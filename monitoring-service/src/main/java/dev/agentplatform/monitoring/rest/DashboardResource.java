package dev.agentplatform.monitoring.rest;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.events.Ids;
import dev.agentplatform.events.Severity;
import dev.agentplatform.monitoring.service.AlertTransitions;
import dev.agentplatform.monitoring.service.AlertTransitions.Transition;
import dev.agentplatform.monitoring.service.BurnHistory;
import dev.agentplatform.monitoring.service.Policies;
import dev.agentplatform.monitoring.service.LatestFigures;
import dev.agentplatform.monitoring.service.SloReport;
import dev.agentplatform.monitoring.service.StateQueries;
import dev.agentplatform.monitoring.streams.AlertState;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What the dashboard at {@code /} reads: the tenants, one tenant's figures with their in-memory
 * history, recent alert transitions and a server-sent-events feed of new ones.
 */
@Path("/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /** A tenant in the list: how many of its alerts fire, and how many of those page. */
    public record TenantSummary(String tenant, long firing, long critical) {
    }

    /** The latest admission's quota utilization and the threshold of {@code quota_utilization_high}. */
    public record Quota(Instant at, boolean admitted, double threshold, Map<String, Double> utilization) {
    }

    /**
     * One tenant's page.
     *
     * @param slo     the SLO view now (null if no execution of the tenant was seen)
     * @param history burn rates and budgets sampled since the service started
     * @param quota   null until an admission of the tenant was seen since the service started
     * @param alerts  firing and last-resolved alerts
     */
    public record TenantView(String tenant, SloReport slo, BurnHistory.History history, Quota quota,
            List<AlertState> alerts) {
    }

    private final StateQueries queries;
    private final BurnHistory history;
    private final LatestFigures latest;
    private final AlertTransitions transitions;
    private final Policies policies;

    public DashboardResource(StateQueries queries, BurnHistory history, LatestFigures latest,
            AlertTransitions transitions, Policies policies) {
        this.queries = queries;
        this.history = history;
        this.latest = latest;
        this.transitions = transitions;
        this.policies = policies;
    }

    @GET
    @Path("/tenants")
    @Blocking
    @Operation(summary = "Tenants", description = "Tenants with state on this replica, with their firing alert counts.")
    public List<TenantSummary> tenants() {
        SortedSet<String> tenants = new TreeSet<>(queries.tenants());
        tenants.addAll(latest.quotaTenants());
        List<AlertState> firing = queries.alerts(Optional.empty(), Optional.of(AlertState.Status.FIRING));
        List<TenantSummary> out = new ArrayList<>();
        for (String tenant : tenants) {
            List<AlertState> own = firing.stream().filter(a -> a.tenantId().equals(tenant)).toList();
            out.add(new TenantSummary(tenant, own.size(),
                    own.stream().filter(a -> a.severity() == Severity.CRITICAL).count()));
        }
        return out;
    }

    @GET
    @Path("/tenants/{tenant}")
    @Blocking
    @Operation(summary = "A tenant's dashboard", description = "SLOs now, burn-rate history since the service started, "
            + "quota utilization of the latest admission, firing and resolved alerts; 404 if nothing of the tenant is known.")
    public TenantView tenant(@PathParam("tenant") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenant) {
        SloReport slo = queries.slo(tenant).orElse(null);
        Quota quota = latest.quota(tenant).map(q -> new Quota(q.at(), q.admitted(),
                policies.forTenant(tenant).quotaUtilizationThreshold(), q.utilization())).orElse(null);
        List<AlertState> alerts = queries.alerts(Optional.of(tenant), Optional.empty());
        if (slo == null && quota == null && alerts.isEmpty()) {
            throw ProblemException.notFound("nothing of tenant " + tenant + " seen");
        }
        return new TenantView(tenant, slo, history.history(tenant), quota, alerts);
    }

    @GET
    @Path("/transitions")
    @Operation(summary = "Recent alert transitions", description = "Newest first, as published on agent.alerts, "
            + "optionally of one tenant; at most limit (1 to 500, default 50).")
    public List<Transition> transitions(@QueryParam("tenant") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenant,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return transitions.recent(Optional.ofNullable(tenant), limit);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live alert transitions", description = "Server-sent events: an 'alert' event (JSON transition) "
            + "per new transition, optionally of one tenant, and a 'ping' every 15 s.")
    public Multi<OutboundSseEvent> stream(@QueryParam("tenant") @Pattern(regexp = Ids.TENANT_ID_PATTERN) String tenant,
            @Context Sse sse) {
        Multi<OutboundSseEvent> alerts = transitions.live()
                .filter(t -> tenant == null || tenant.equals(t.tenantId()))
                .map(t -> sse.newEventBuilder().name("alert").id(t.id()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(Transition.class, t).build())
                .onOverflow().drop();
        Multi<OutboundSseEvent> pings = Multi.createFrom().ticks().every(KEEP_ALIVE).onOverflow().drop()
                .map(tick -> sse.newEventBuilder().name("ping").data(String.class, "{}").build());
        return Multi.createBy().merging().streams(alerts, pings);
    }
}
