package dev.agentplatform.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.common.redis.LuaScript;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStarted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceReservation;
import dev.agentplatform.gateway.AdmissionDecision;
import dev.agentplatform.gateway.IsolationLevel;
import dev.agentplatform.gateway.Quota;
import dev.agentplatform.gateway.JobView;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs and leases in Redis. Every state change is one Lua script, so admission, release and
 * status changes are atomic and a redelivered event cannot apply twice.
 */
@ApplicationScoped
public class JobStore {

    private static final LuaScript ADMIT = LuaScript.fromClasspath("/lua/admit.lua", "/lua/reclaim.lua");
    private static final LuaScript WITHDRAW = LuaScript.fromClasspath("/lua/withdraw.lua");
    private static final LuaScript STARTED = LuaScript.fromClasspath("/lua/started.lua");
    private static final LuaScript COMPLETE = LuaScript.fromClasspath("/lua/complete.lua");
    private static final LuaScript USAGE = LuaScript.fromClasspath("/lua/usage.lua", "/lua/reclaim.lua");
    private static final LuaScript CANCEL = LuaScript.fromClasspath("/lua/cancel.lua");

    /** The window of {@code maxRequestsPerMinute}. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    /**
     * How long a withdrawn job id stays marked: far longer than any admission can take to reach
     * Redis after the gateway gave up on it (its Redis timeout, a queue for a pooled connection).
     */
    public static final Duration WITHDRAWN_MARKER_LIFETIME = Duration.ofHours(1);

    private final ReactiveRedisDataSource redis;

    public JobStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The admission script as it is sent to Redis (for the benchmark's Redis-only phase). */
    public static LuaScript admissionScript() {
        return ADMIT;
    }

    /** A new job as admission records it. */
    public record NewJob(String tenantId, String jobId, String agentId, ResourceReservation reservation,
            Map<String, String> extraFields) {
        public NewJob(String tenantId, String jobId, String agentId, ResourceReservation reservation) {
            this(tenantId, jobId, agentId, reservation, Map.of());
        }
    }

    /** What a completion changed: whether it freed a lease and whether it updated the job. */
    public record Completion(boolean leaseReleased, boolean jobUpdated) {
    }

    /**
     * Admits a job in one round trip. {@code nowOverride} replaces Redis's clock and exists for
     * tests that drive time deterministically; the request path always passes {@code null}.
     */
    public Uni<AdmissionDecision> admit(NewJob job, Quota defaults, Duration leaseGrace, Duration retention,
            Long nowOverride) {
        return admit(job, defaults, leaseGrace, retention, null, nowOverride);
    }

    /** As above, remembering {@code idempotency} for its lifetime when the job is admitted. */
    public Uni<AdmissionDecision> admit(NewJob job, Quota defaults, Duration leaseGrace, Duration retention,
            Idempotency idempotency, Long nowOverride) {
        String tenant = job.tenantId();
        List<String> args = new ArrayList<>(List.of(job.jobId(), nowOverride == null ? "" : nowOverride.toString(),
                Long.toString(leaseGrace.toMillis()), Long.toString(retention.toSeconds()),
                Integer.toString(job.reservation().memoryMb()),
                Long.toString(Math.round(job.reservation().cpuCores() * 1000)),
                Integer.toString(job.reservation().expectedDurationSeconds()),
                defaults.maxConcurrentAgents().toString(), defaults.maxMemoryMb().toString(),
                Long.toString(defaults.maxCpuMilli()), defaults.maxRequestsPerMinute().toString(),
                defaults.maxExecutionTimeSeconds().toString(), Long.toString(RATE_WINDOW.toMillis()),
                idempotency == null ? "" : idempotency.bodyHash(),
                idempotency == null ? "0" : Long.toString(idempotency.lifetime().toSeconds())));
        fields(args, "jobId", job.jobId(), "tenantId", tenant, "agentId", job.agentId(),
                "memoryMb", Integer.toString(job.reservation().memoryMb()),
                "cpuCores", Double.toString(job.reservation().cpuCores()),
                "expectedDurationSeconds", Integer.toString(job.reservation().expectedDurationSeconds()));
        fields(args, job.extraFields());
        List<String> keys = List.of(RedisKeys.leases(tenant), RedisKeys.leaseResources(tenant), RedisKeys.usage(tenant),
                RedisKeys.requestLog(tenant), RedisKeys.quota(tenant), RedisKeys.job(tenant, job.jobId()),
                RedisKeys.jobIndex(tenant), RedisKeys.idempotency(tenant, idempotency == null ? "-" : idempotency.key()),
                RedisKeys.withdrawn(tenant, job.jobId()));
        return ADMIT.run(redis, keys, args).map(JobStore::decision);
    }

    /** An idempotency key, the hash of the body it came with, and how long it is remembered. */
    public record Idempotency(String key, String bodyHash, Duration lifetime) {
    }

    /** Undoes an admission; returns whether a lease was freed. */
    public Uni<Boolean> withdraw(String tenantId, String jobId) {
        return withdraw(tenantId, jobId, null);
    }

    /**
     * Undoes an admission and forgets the idempotency key that admitted it; an admission of the
     * job that reaches Redis after this (within {@link #WITHDRAWN_MARKER_LIFETIME}) admits nothing.
     */
    public Uni<Boolean> withdraw(String tenantId, String jobId, String idempotencyKey) {
        List<String> keys = List.of(RedisKeys.leases(tenantId), RedisKeys.leaseResources(tenantId),
                RedisKeys.usage(tenantId), RedisKeys.requestLog(tenantId), RedisKeys.job(tenantId, jobId),
                RedisKeys.jobIndex(tenantId), RedisKeys.idempotency(tenantId, idempotencyKey == null ? "-" : idempotencyKey),
                RedisKeys.withdrawn(tenantId, jobId));
        return WITHDRAW.run(redis, keys, List.of(jobId, Long.toString(WITHDRAWN_MARKER_LIFETIME.toSeconds())))
                .map(r -> r.toLong() == 1L);
    }

    /** Live usage of a tenant (expired leases reclaimed first); empty if the tenant is unknown. */
    public Uni<Optional<UsageSnapshot>> usage(String tenantId, Long nowOverride) {
        List<String> keys = List.of(RedisKeys.leases(tenantId), RedisKeys.leaseResources(tenantId),
                RedisKeys.usage(tenantId), RedisKeys.requestLog(tenantId), RedisKeys.quota(tenantId));
        List<String> args = List.of(nowOverride == null ? "" : nowOverride.toString(),
                Long.toString(RATE_WINDOW.toMillis()));
        return USAGE.run(redis, keys, args).map(r -> r.get(0).toLong() == 0L ? Optional.<UsageSnapshot>empty()
                : Optional.of(new UsageSnapshot(new AdmissionDecision.Usage(r.get(1).toLong(), r.get(2).toLong(),
                        r.get(3).toLong(), r.get(4).toLong()), r.get(5).toLong(), Instant.ofEpochMilli(r.get(6).toLong()),
                        new Quota(integer(r.get(7)), integer(r.get(8)), r.get(9).toString().isEmpty() ? null
                                : Long.parseLong(r.get(9).toString()) / 1000.0, integer(r.get(12)), integer(r.get(10)),
                                integer(r.get(11))))));
    }

    /** Usage as the usage script saw it, and the tenant's limits (null where it has none of its own). */
    public record UsageSnapshot(AdmissionDecision.Usage usage, long leasesReclaimed, Instant at, Quota limits) {
    }

    private static Integer integer(Response r) {
        String text = r == null ? "" : r.toString();
        return text.isEmpty() ? null : Integer.valueOf(text);
    }

    /** Recent jobs of a tenant, newest first, after {@code cursor}; see {@link JobPage}. */
    public Uni<JobPage> recent(String tenantId, JobCursor cursor, int limit, ExecutionStatus status) {
        String max = cursor == null ? "+inf" : Long.toString(cursor.createdMs());
        int fetch = limit + (cursor == null ? 0 : 64);
        return redis.execute("ZRANGE", RedisKeys.jobIndex(tenantId), max, "-inf", "BYSCORE", "REV", "LIMIT", "0",
                Integer.toString(fetch + 1), "WITHSCORES").chain(reply -> {
                    List<JobCursor> entries = new ArrayList<>();
                    reply.forEach(pair -> entries.add(new JobCursor(pair.get(1).toLong(), pair.get(0).toString())));
                    List<JobCursor> after = entries.stream().filter(e -> cursor == null || cursor.isBefore(e)).toList();
                    boolean more = after.size() > limit || entries.size() > fetch;
                    List<JobCursor> page = after.subList(0, Math.min(limit, after.size()));
                    JobCursor next = more && !page.isEmpty() ? page.get(page.size() - 1) : null;
                    if (page.isEmpty()) {
                        return Uni.createFrom().item(new JobPage(List.of(), next));
                    }
                    return Uni.join().all(page.stream().map(e -> find(tenantId, e.jobId())).toList()).andFailFast()
                            .map(found -> new JobPage(found.stream().flatMap(Optional::stream)
                                    .filter(job -> status == null || job.status() == status).toList(), next));
                });
    }

    /** A position in a tenant's job index: jobs are listed by creation time, then id, both descending. */
    public record JobCursor(long createdMs, String jobId) {
        /** Whether {@code other} comes after this position in a newest-first listing. */
        boolean isBefore(JobCursor other) {
            return other.createdMs < createdMs || (other.createdMs == createdMs && other.jobId.compareTo(jobId) < 0);
        }

        public String encode() {
            return createdMs + "_" + jobId;
        }

        /** Parses {@link #encode()}'s form; null if it is not one. */
        public static JobCursor decode(String text) {
            int sep = text == null ? -1 : text.indexOf('_');
            if (sep <= 0) {
                return null;
            }
            try {
                return new JobCursor(Long.parseLong(text.substring(0, sep)), text.substring(sep + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * A page of jobs. With a status filter a page may hold fewer jobs than asked for, even none;
     * {@code next} is null only when the index has nothing more.
     */
    public record JobPage(List<JobView> items, JobCursor next) {
    }

    /** Notes that a client asked to cancel the job; returns the job's status, or empty if there is none. */
    public Uni<Optional<ExecutionStatus>> markCancelRequested(String tenantId, String jobId, Instant at) {
        return CANCEL.run(redis, List.of(RedisKeys.job(tenantId, jobId)), List.of(Long.toString(at.toEpochMilli())))
                .map(r -> r.toString().isEmpty() ? Optional.<ExecutionStatus>empty()
                        : Optional.of(ExecutionStatus.valueOf(r.toString())));
    }

    public Uni<Boolean> markStarted(ExecutionStarted event) {
        List<String> args = List.of(Long.toString(event.occurredAt().toEpochMilli()), event.workerId(),
                Integer.toString(event.attempt()));
        return STARTED.run(redis, List.of(RedisKeys.job(event.tenantId(), event.jobId())), args)
                .map(r -> r.toLong() == 1L);
    }

    public Uni<Completion> complete(ExecutionCompleted event) {
        List<String> args = new ArrayList<>(List.of(event.jobId()));
        fields(args, "status", event.status().name(),
                "completedAt", Long.toString(event.occurredAt().toEpochMilli()),
                "durationMs", Long.toString(event.durationMs()),
                "workerId", event.workerId(),
                "attempt", Integer.toString(event.attempt()),
                "startedAt", event.startedAt() == null ? null : Long.toString(event.startedAt().toEpochMilli()),
                "output", event.output() == null ? null : event.output().toString(),
                "errorType", event.errorType(),
                "errorMessage", event.errorMessage());
        String tenant = event.tenantId();
        List<String> keys = List.of(RedisKeys.leases(tenant), RedisKeys.leaseResources(tenant), RedisKeys.usage(tenant),
                RedisKeys.job(tenant, event.jobId()));
        return COMPLETE.run(redis, keys, args)
                .map(r -> new Completion(r.get(0).toLong() == 1L, r.get(1).toLong() == 1L));
    }

    public Uni<Optional<JobView>> find(String tenantId, String jobId) {
        return redis.hash(String.class).hgetall(RedisKeys.job(tenantId, jobId))
                .map(hash -> hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(view(hash)));
    }

    /** Jobs holding a lease that has not expired. */
    public Uni<Long> activeLeases(String tenantId) {
        String now = Long.toString(System.currentTimeMillis());
        return redis.execute("ZCOUNT", RedisKeys.leases(tenantId), "(" + now, "+inf").map(Response::toLong);
    }

    private static AdmissionDecision decision(Response r) {
        AdmissionDecision.Outcome outcome = switch (r.get(0).toInteger()) {
            case 1 -> AdmissionDecision.Outcome.ADMITTED;
            case 0 -> AdmissionDecision.Outcome.REJECTED;
            case -1 -> AdmissionDecision.Outcome.UNKNOWN_TENANT;
            case 2 -> AdmissionDecision.Outcome.REPLAYED;
            case 3 -> AdmissionDecision.Outcome.IDEMPOTENCY_CONFLICT;
            case -3 -> AdmissionDecision.Outcome.AGENT_NOT_ALLOWED;
            case -4 -> AdmissionDecision.Outcome.WITHDRAWN;
            default -> AdmissionDecision.Outcome.DEACTIVATED_TENANT;
        };
        AdmissionDecision.Usage usage = new AdmissionDecision.Usage(r.get(2).toLong(), r.get(3).toLong(),
                r.get(4).toLong(), r.get(5).toLong());
        Quota quota = new Quota(r.get(6).toInteger(), r.get(7).toInteger(), r.get(8).toLong() / 1000.0, 0,
                r.get(9).toInteger(), r.get(10).toInteger());
        String isolation = r.get(14).toString();
        return new AdmissionDecision(outcome, AdmissionDecision.Dimension.fromMask(r.get(1).toLong()), usage, quota,
                r.get(11).toLong(), Instant.ofEpochMilli(r.get(12).toLong()), r.get(13).toLong(),
                isolation.isEmpty() ? IsolationLevel.SHARED : IsolationLevel.valueOf(isolation), r.get(15).toString());
    }

    private static void fields(List<String> args, Map<String, String> pairs) {
        pairs.forEach((field, value) -> {
            if (value != null) {
                args.add(field);
                args.add(value);
            }
        });
    }

    /** Appends field/value pairs, skipping fields whose value is null. */
    private static void fields(List<String> args, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                args.add(pairs[i]);
                args.add(pairs[i + 1]);
            }
        }
    }

    static JobView view(Map<String, String> h) {
        Map<String, String> hash = new HashMap<>(h);
        JobView.JobError error = hash.get("errorType") == null && hash.get("errorMessage") == null ? null
                : new JobView.JobError(hash.get("errorType"), hash.get("errorMessage"));
        return new JobView(hash.get("jobId"), hash.get("tenantId"), hash.get("agentId"),
                ExecutionStatus.valueOf(hash.get("status")), instant(hash.get("createdAt")),
                instant(hash.get("updatedAt")), instant(hash.get("startedAt")), instant(hash.get("completedAt")),
                hash.get("durationMs") == null ? null : Long.valueOf(hash.get("durationMs")),
                json(hash.get("output")), error, hash.get("workerId"),
                new JobView.Reservation(Integer.parseInt(hash.getOrDefault("memoryMb", "0")),
                        Double.parseDouble(hash.getOrDefault("cpuCores", "0")),
                        Integer.parseInt(hash.getOrDefault("expectedDurationSeconds", "0"))),
                instant(hash.get("cancelRequestedAt")), hash.get("traceId"));
    }

    private static Instant instant(String epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(Long.parseLong(epochMillis));
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : EventCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored job output is not JSON", e);
        }
    }
}
