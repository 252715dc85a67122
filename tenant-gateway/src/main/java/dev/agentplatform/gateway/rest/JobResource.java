package dev.agentplatform.gateway.rest;

import dev.agentplatform.common.security.Roles;
import dev.agentplatform.common.security.TenantAccess;
import io.quarkus.security.Authenticated;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.Ids;
import dev.agentplatform.gateway.JobView;
import dev.agentplatform.gateway.SubmitJobRequest;
import dev.agentplatform.gateway.service.JobService;
import dev.agentplatform.gateway.service.JobStore;
import dev.agentplatform.gateway.service.RateLimitHeaders;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Job submission, status, listing and cancellation. */
@Path("/v1/tenants/{tenantId}/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    private static final String TENANT_MESSAGE = "must be lower-case letters, digits and dashes";

    private final JobService jobs;
    private final CallerResolver callers;

    public JobResource(JobService jobs, CallerResolver callers) {
        this.jobs = jobs;
        this.callers = callers;
    }

    private void require(String tenantId, String... roles) {
        TenantAccess.require(callers.caller(), tenantId, roles);
    }

    /** A page of jobs; pass {@code nextCursor} as {@code cursor} for the next. */
    public record JobList(List<JobView> items, String nextCursor) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a job", description = "Admits the job against the tenant's quota and queues it.")
    @APIResponse(responseCode = "202", description = "Admitted and queued (or the original job of a repeated Idempotency-Key)")
    @APIResponse(responseCode = "400", description = "Invalid request")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Token of another tenant or without the submitter/tenant-admin role")
    @APIResponse(responseCode = "404", description = "Tenant not registered")
    @APIResponse(responseCode = "409", description = "Tenant deactivated, or Idempotency-Key reused with another body")
    @APIResponse(responseCode = "413", description = "Body larger than gateway.max-submission-bytes")
    @APIResponse(responseCode = "429", description = "A quota is exhausted")
    @APIResponse(responseCode = "503", description = "Redis or Kafka is unavailable; nothing was reserved")
    public Uni<RestResponse<JobView>> submit(
            @PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN, message = TENANT_MESSAGE) String tenantId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = "^[A-Za-z0-9._:-]{1,128}$",
                    message = "must be 1 to 128 letters, digits or ._:-") String idempotencyKey,
            @NotNull(message = "a JSON body is required") @Valid SubmitJobRequest request,
            UriInfo uri) {
        require(tenantId, Roles.SUBMITTER, Roles.TENANT_ADMIN);
        return jobs.submit(tenantId, request, idempotencyKey).map(submission -> {
            RestResponse.ResponseBuilder<JobView> response = RestResponse.ResponseBuilder
                    .<JobView>accepted(submission.job())
                    .location(URI.create(uri.getAbsolutePath() + "/" + submission.job().jobId()));
            if (submission.replayed()) {
                response.header("Idempotent-Replayed", "true");
            } else {
                RateLimitHeaders.of(submission.decision()).forEach(response::header);
            }
            return response.build();
        });
    }

    @GET
    @Path("/{jobId}")
    @Operation(summary = "Get a job", description = "Status, timestamps, output or error, reservation.")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "No such job for this tenant")
    public Uni<JobView> get(
            @PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN, message = TENANT_MESSAGE) String tenantId,
            @PathParam("jobId") @Pattern(regexp = UUID_PATTERN, message = "must be a job id (UUID)") String jobId) {
        require(tenantId, Roles.VIEWER, Roles.SUBMITTER, Roles.TENANT_ADMIN);
        return jobs.find(tenantId, jobId);
    }

    @GET
    @Operation(summary = "List recent jobs", description = "Newest first. With a status filter a page may hold fewer "
            + "jobs than the limit; follow nextCursor until it is absent.")
    public Uni<JobList> list(
            @PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN, message = TENANT_MESSAGE) String tenantId,
            @QueryParam("status") @Pattern(regexp = "^(QUEUED|RUNNING|SUCCEEDED|FAILED|TIMED_OUT|CANCELLED)$",
                    message = "must be one of QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED") String status,
            @QueryParam("cursor") @Pattern(regexp = "^\\d{1,15}_[0-9a-f-]{36}$", message = "must be a nextCursor of this API")
            String cursor,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        require(tenantId, Roles.VIEWER, Roles.SUBMITTER, Roles.TENANT_ADMIN);
        return jobs.recent(tenantId, JobStore.JobCursor.decode(cursor), limit,
                        status == null ? null : ExecutionStatus.valueOf(status))
                .map(page -> new JobList(page.items(), page.next() == null ? null : page.next().encode()));
    }

    @DELETE
    @Path("/{jobId}")
    @Operation(summary = "Cancel a job", description = "Publishes execution.cancel-requested on agent.control; "
            + "the job becomes CANCELLED when a worker stops or skips it.")
    @APIResponse(responseCode = "202", description = "Cancellation requested")
    @APIResponse(responseCode = "404", description = "No such job for this tenant")
    @APIResponse(responseCode = "409", description = "The job already finished")
    public Uni<RestResponse<JobView>> cancel(
            @PathParam("tenantId") @Pattern(regexp = Ids.TENANT_ID_PATTERN, message = TENANT_MESSAGE) String tenantId,
            @PathParam("jobId") @Pattern(regexp = UUID_PATTERN, message = "must be a job id (UUID)") String jobId) {
        require(tenantId, Roles.SUBMITTER, Roles.TENANT_ADMIN);
        return jobs.cancel(tenantId, jobId, callers.caller().subject()).map(job -> RestResponse.ResponseBuilder.<JobView>accepted(job).build());
    }
}
