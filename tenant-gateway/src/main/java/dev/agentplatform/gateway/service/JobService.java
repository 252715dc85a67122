package dev.agentplatform.gateway.service;

import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.common.problem.Dependencies;
import dev.agentplatform.common.problem.Timeouts;
import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.common.tracing.TraceParents;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.CancelRequested;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ResourceReservation;
import dev.agentplatform.gateway.AdmissionDecision;
import dev.agentplatform.gateway.JobView;
import dev.agentplatform.gateway.Quota;
import dev.agentplatform.gateway.SubmitJobRequest;
import dev.agentplatform.gateway.config.GatewayConfig;
import dev.agentplatform.gateway.messaging.ExecutionPublisher;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Submission: admit against the tenant's quota in Redis, then hand the job to Kafka. Fails closed:
 * if Redis does not answer nothing is admitted, and if Kafka does not acknowledge the job its
 * reservation is withdrawn before the client hears 503.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final JobStore store;
    private final ResourceEstimator estimator;
    private final ExecutionPublisher publisher;
    private final GatewayConfig config;
    private final AdmissionMetrics meters;
    private final JobTracing tracing;

    public JobService(JobStore store, ResourceEstimator estimator, ExecutionPublisher publisher, GatewayConfig config,
            AdmissionMetrics meters, JobTracing tracing) {
        this.tracing = tracing;
        this.store = store;
        this.estimator = estimator;
        this.publisher = publisher;
        this.config = config;
        this.meters = meters;
    }

    /**
     * An admitted job and the decision that admitted it (for the rate-limit headers); {@code replayed}
     * when an idempotency key returned a job admitted earlier.
     */
    public record Submission(JobView job, AdmissionDecision decision, boolean replayed) {
    }

    public Uni<Submission> submit(String tenantId, SubmitJobRequest request) {
        return submit(tenantId, request, null);
    }

    /**
     * Submits; with an idempotency key, the same key and body within its lifetime return the original job.
     * The job's trace is the request's: its id is stored with the job and its traceparent travels on
     * the Kafka record. The request arrives validated: {@code JobResource} validates it (Bean Validation,
     * answered 400) before calling this, so it is not validated a second time here.
     */
    public Uni<Submission> submit(String tenantId, SubmitJobRequest request, String idempotencyKey) {
        String jobId = UUID.randomUUID().toString();
        Context current = Context.current();
        Trace trace = new Trace(current, tracing.startAdmission(current, tenantId, jobId, request.agentId()));
        ResourceReservation reservation = estimator.estimate(request.complexity(), request.modelSize());
        String traceId = TraceParents.traceIdOf(trace.admission());
        JobStore.NewJob job = new JobStore.NewJob(tenantId, jobId, request.agentId(), reservation,
                traceId == null ? Map.of() : Map.of("traceId", traceId));
        JobStore.Idempotency idempotency = idempotencyKey == null ? null
                : new JobStore.Idempotency(idempotencyKey, BodyHash.of(request), config.idempotencyKeyLifetime());
        // One callback per stage (decision, acknowledgement): every Mutiny stage captures and
        // restores the request's context, which costs more than the work most of them did.
        return admit(job, idempotency).onItemOrFailure().transformToUni((decision, failure) -> {
            if (failure != null) {
                tracing.failed(trace.admission(), failure);
                if (Dependencies.timedOut(failure)) {
                    // Redis did not answer in time: the admission may still run there (sent, or still
                    // waiting for a pooled connection). Withdraw the job in the background: whichever of
                    // the two reaches Redis first, nothing stays reserved and the idempotency key stays
                    // free for the client's retry. (A refused connection sent nothing: nothing to undo.)
                    withdraw(job, idempotencyKey, TraceParents.of(trace.admission()),
                            "the admission of job %s of tenant %s had no answer (%s); withdrawing it in case it ran", failure)
                            .subscribe().with(ignored -> { });
                }
                return Uni.createFrom().failure(failure);
            }
            recordDecision(job, decision);
            tracing.decided(trace.admission(), decision);
            return switch (decision.outcome()) {
                case REPLAYED -> find(tenantId, decision.jobId()).map(view -> new Submission(view, decision, true));
                case IDEMPOTENCY_CONFLICT -> Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "Idempotency-Key " + idempotencyKey + " was used for another request body (job " + decision.jobId() + ")",
                        Map.of("jobId", decision.jobId()), Map.of(), null));
                default -> {
                    requireAdmitted(tenantId, request, decision, trace);
                    yield publish(request, job, decision, idempotencyKey, trace, traceId);
                }
            };
        });
    }

    /** The request's context and the admission span a submission's other spans and events refer to. */
    private record Trace(Context request, Span admission) {
    }

    /** The job as admission just wrote it; built here so a submission costs one Redis round trip. */
    private static JobView queued(JobStore.NewJob job, AdmissionDecision decision, String traceId) {
        ResourceReservation r = job.reservation();
        return new JobView(job.jobId(), job.tenantId(), job.agentId(), ExecutionStatus.QUEUED, decision.decidedAt(),
                decision.decidedAt(), null, null, null, null, null, null,
                new JobView.Reservation(r.memoryMb(), r.cpuCores(), r.expectedDurationSeconds()), null, traceId);
    }

    /** Recent jobs, newest first; see {@link JobStore#recent}. */
    public Uni<JobStore.JobPage> recent(String tenantId, JobStore.JobCursor cursor, int limit, ExecutionStatus status) {
        return redis(store.recent(tenantId, cursor, limit, status));
    }

    /**
     * Asks the workers to cancel a job: {@code execution.cancel-requested} on {@code agent.control},
     * durable before the answer. A finished job cannot be cancelled (409).
     */
    public Uni<JobView> cancel(String tenantId, String jobId, String requestedBy) {
        Instant now = Instant.now();
        return redis(store.markCancelRequested(tenantId, jobId, now))
                .map(status -> status.orElseThrow(() -> ProblemException.notFound("tenant " + tenantId + " has no job " + jobId)))
                .invoke(status -> {
                    if (status != ExecutionStatus.QUEUED && status != ExecutionStatus.RUNNING) {
                        throw new ProblemException(ProblemType.CONFLICT, "job " + jobId + " already finished as " + status);
                    }
                })
                .chain(status -> Timeouts.failAfter(publisher.publish(new CancelRequested(UUID.randomUUID().toString(), tenantId, now, null,
                                jobId, requestedBy, "requested through the API")), config.publishTimeout())
                        .onFailure().transform(failure -> ProblemException.unavailable(
                                "the cancellation could not be handed to Kafka; try again", config.retryAfterSeconds(), failure)))
                .chain(() -> find(tenantId, jobId));
    }

    /** Live usage against each quota dimension; 404 for an unknown tenant. */
    public Uni<UsageReport> usage(String tenantId) {
        return redis(store.usage(tenantId, null))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("tenant " + tenantId + " is not registered")))
                .invoke(snapshot -> meters.reclaimed(snapshot.leasesReclaimed()))
                .map(snapshot -> {
                    Quota quota = snapshot.limits().withDefaults(defaultQuota());
                    Map<String, Double> utilization = AdmissionDecision.utilization(snapshot.usage(), quota);
                    meters.utilization(tenantId, utilization);
                    return new UsageReport(tenantId, snapshot.at(), AdmissionDecision.usageMap(snapshot.usage()),
                            quotaMap(quota), utilization);
                });
    }

    /** What {@code GET /v1/tenants/{t}/usage} answers. */
    public record UsageReport(String tenantId, Instant at, Map<String, Object> usage, Map<String, Object> quota,
            Map<String, Double> utilization) {
    }

    public Uni<JobView> find(String tenantId, String jobId) {
        return redis(store.find(tenantId, jobId))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound(
                        "tenant " + tenantId + " has no job " + jobId)));
    }

    /** The quota every limit a tenant's registration leaves out falls back to. */
    public Quota defaultQuota() {
        GatewayConfig.Quota q = config.defaultQuota();
        return new Quota(q.maxConcurrentAgents(), q.maxMemoryMb(), q.maxCpuCores(), q.maxStorageGb(),
                q.maxRequestsPerMinute(), q.maxExecutionTimeSeconds());
    }

    private Uni<AdmissionDecision> admit(JobStore.NewJob job, JobStore.Idempotency idempotency) {
        return redis(store.admit(job, defaultQuota(), config.leaseGrace(), config.jobRetention(), idempotency, null));
    }

    /** Counts a decision and logs the leases it reclaimed. */
    private void recordDecision(JobStore.NewJob job, AdmissionDecision decision) {
        meters.decided(job.tenantId(), decision);
        if (decision.leasesReclaimed() > 0) {
            JobLog.log(job.tenantId(), null, () -> LOG.infof("reclaimed %d expired lease(s) of tenant %s",
                    decision.leasesReclaimed(), job.tenantId()));
        }
    }

    /**
     * Hands the job to Kafka; once the broker acknowledged it, announces the decision and answers
     * the submission. If Kafka fails the reservation is withdrawn before the failure (a 503) is.
     */
    private Uni<Submission> publish(SubmitJobRequest request, JobStore.NewJob job, AdmissionDecision decision,
            String idempotencyKey, Trace trace, String traceId) {
        int maxSeconds = decision.quota().maxExecutionTimeSeconds();
        String topic = decision.isolation().executionsTopic(job.tenantId());
        Span span = tracing.startPublish(trace.request(), trace.admission(), topic, job.tenantId(), job.jobId());
        ExecutionRequested event = new ExecutionRequested(UUID.randomUUID().toString(), job.tenantId(),
                decision.decidedAt(), TraceParents.of(span), job.jobId(), request.agentId(), request.input(),
                request.contextKeys(), request.contextScope(), maxSeconds, job.reservation(), 1);
        return Timeouts.failAfter(publisher.publish(event, topic), config.publishTimeout())
                .onItemOrFailure().transformToUni((ok, failure) -> {
                    if (failure == null) {
                        tracing.succeeded(span);
                        announce(job.tenantId(), job.jobId(), request.agentId(), decision, trace);
                        return Uni.createFrom().item(new Submission(queued(job, decision, traceId), decision, false));
                    }
                    tracing.failed(span, failure);
                    Throwable answer = failure instanceof ProblemException ? failure
                            : ProblemException.unavailable("the job could not be handed to Kafka; nothing was reserved",
                                    config.retryAfterSeconds(), failure);
                    return withdraw(job, idempotencyKey, TraceParents.of(span),
                                    "publishing job %s of tenant %s failed (%s); withdrawing its reservation", failure)
                            .chain(ignored -> Uni.createFrom().<Submission>failure(answer));
                });
    }

    /** Withdraws an admission, retrying a few times; {@code why} is logged with the job id, tenant id and cause. */
    private Uni<Boolean> withdraw(JobStore.NewJob job, String idempotencyKey, String traceParent, String why, Throwable cause) {
        JobLog.log(job.tenantId(), job.jobId(), traceParent, () -> LOG.warnf(why, job.jobId(), job.tenantId(),
                cause.toString()));
        return Timeouts.failAfter(store.withdraw(job.tenantId(), job.jobId(), idempotencyKey), config.redisTimeout())
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(5)
                .onFailure().invoke(e -> JobLog.log(job.tenantId(), job.jobId(), traceParent, () -> LOG.errorf(
                        "could not withdraw job %s of tenant %s; its lease expires on its own: %s",
                        job.jobId(), job.tenantId(), e.toString())))
                .onFailure().recoverWithItem(false);
    }

    private void announce(String tenantId, String jobId, String agentId, AdmissionDecision decision, Trace trace) {
        publisher.publish(new AdmissionDecided(UUID.randomUUID().toString(), tenantId, decision.decidedAt(),
                TraceParents.of(trace.admission()),
                decision.admitted() ? jobId : null, agentId, decision.admitted(), decision.limitsExceeded(),
                decision.utilization()));
    }

    private void requireAdmitted(String tenantId, SubmitJobRequest request, AdmissionDecision decision, Trace trace) {
        switch (decision.outcome()) {
            case ADMITTED -> {
                return;
            }
            case UNKNOWN_TENANT -> throw ProblemException.notFound("tenant " + tenantId + " is not registered");
            case DEACTIVATED_TENANT -> throw new ProblemException(ProblemType.CONFLICT,
                    "tenant " + tenantId + " is deactivated and accepts no new jobs");
            case WITHDRAWN -> throw ProblemException.unavailable("the admission of this job was withdrawn; try again",
                    config.retryAfterSeconds(), null);
            case AGENT_NOT_ALLOWED -> throw new ProblemException(ProblemType.FORBIDDEN,
                    "agent " + request.agentId() + " is not among the allowed agents of tenant " + tenantId
                            + " (securityPolicies.allowedAgents)");
            case REJECTED -> {
                announce(tenantId, null, request.agentId(), decision, trace);
                throw quotaExceeded(tenantId, decision);
            }
            default -> throw new IllegalStateException("not an admission outcome: " + decision.outcome());
        }
    }

    private static ProblemException quotaExceeded(String tenantId, AdmissionDecision decision) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limitsExceeded", decision.limitsExceeded());
        body.put("currentUsage", decision.currentUsage());
        body.put("quota", quotaMap(decision.quota()));
        Map<String, String> headers = new LinkedHashMap<>(RateLimitHeaders.of(decision));
        headers.put("Retry-After", Long.toString(RateLimitHeaders.retryAfterSeconds(decision)));
        return new ProblemException(ProblemType.QUOTA_EXCEEDED,
                "tenant " + tenantId + " exceeded: " + String.join(", ", decision.limitsExceeded()),
                body, headers, null);
    }

    static Map<String, Object> quotaMap(Quota quota) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("maxConcurrentAgents", quota.maxConcurrentAgents());
        map.put("maxMemoryMb", quota.maxMemoryMb());
        map.put("maxCpuCores", quota.maxCpuCores());
        map.put("maxRequestsPerMinute", quota.maxRequestsPerMinute());
        map.put("maxExecutionTimeSeconds", quota.maxExecutionTimeSeconds());
        return map;
    }

    private <T> Uni<T> redis(Uni<T> call) {
        return Dependencies.guard(call, "Redis", config.redisTimeout(), config.retryAfterSeconds());
    }
}
