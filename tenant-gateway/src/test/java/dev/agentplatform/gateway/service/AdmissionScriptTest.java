package dev.agentplatform.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisServer;
import dev.agentplatform.devstack.RedisTestResource;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceReservation;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.gateway.AdmissionDecision;
import dev.agentplatform.gateway.AdmissionDecision.Dimension;
import dev.agentplatform.gateway.AdmissionDecision.Outcome;
import dev.agentplatform.gateway.Quota;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admission script against the real Redis, driven through two {@link JobStore}s with their own
 * connection pools, as two gateway replicas would: limits hold under any interleaving, releases
 * never drive usage negative, the rate window holds across minute boundaries and expired leases are
 * reclaimed. Time is passed explicitly where the test needs to cross a boundary.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class AdmissionScriptTest {

    private static final Quota DEFAULTS = new Quota(10, 2048, 2.0, 10, 1000, 300);
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final ResourceReservation SMALL = new ResourceReservation(100, 0.1, 30);

    @Inject
    JobStore replicaA;

    @Inject
    Vertx vertx;

    private Redis secondClient;
    private JobStore replicaB;

    @BeforeEach
    void secondReplica() {
        String url = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class);
        secondClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(8).setMaxPoolWaiting(10_000));
        ReactiveRedisDataSource ds = new ReactiveRedisDataSourceImpl(vertx, secondClient, RedisAPI.api(secondClient));
        replicaB = new JobStore(ds);
    }

    @AfterEach
    void closeSecondReplica() {
        secondClient.close();
    }

    @Test
    void parallelAdmissionsAndReleasesFromTwoReplicasNeverExceedTheLimitNorGoNegative() throws Exception {
        String tenant = tenant("maxConcurrentAgents", "5", "maxMemoryMb", "100000", "maxCpuMilli", "100000",
                "maxRequestsPerMinute", "1000000");
        int threads = 16;
        int attemptsPerThread = 60;
        AtomicInteger admitted = new AtomicInteger();
        AtomicLong maxSeen = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            JobStore store = t % 2 == 0 ? replicaA : replicaB;
            JobStore other = t % 2 == 0 ? replicaB : replicaA;
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < attemptsPerThread; i++) {
                    String jobId = UUID.randomUUID().toString();
                    AdmissionDecision d = store.admit(new JobStore.NewJob(tenant, jobId, "echo", SMALL), DEFAULTS, GRACE,
                            RETENTION, null).await().atMost(Duration.ofSeconds(30));
                    maxSeen.accumulateAndGet(d.usage().concurrentAgents(), Math::max);
                    if (d.admitted()) {
                        admitted.incrementAndGet();
                        // Completed on one replica and redelivered to the other: released once.
                        ExecutionCompleted done = completion(tenant, jobId);
                        store.complete(done).await().atMost(Duration.ofSeconds(30));
                        if (ThreadLocalRandom.current().nextBoolean()) {
                            other.complete(done).await().atMost(Duration.ofSeconds(30));
                        }
                    } else if (!d.exceeded().equals(List.of(Dimension.CONCURRENT_AGENTS))) {
                        failures.add("unexpected rejection " + d.exceeded());
                    }
                    long memory = Long.parseLong(orZero(redis("HGET", RedisKeys.usage(tenant), "memoryMb")));
                    if (memory < 0) {
                        failures.add("memory went negative: " + memory);
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();

        assertThat(failures).isEmpty();
        assertThat(admitted.get()).isGreaterThan(5);
        assertThat(maxSeen.get()).isLessThanOrEqualTo(5);
        assertThat(redis("ZCARD", RedisKeys.leases(tenant))).isEqualTo("0");
        assertThat(redis("HGET", RedisKeys.usage(tenant), "memoryMb")).isEqualTo("0");
        assertThat(redis("HGET", RedisKeys.usage(tenant), "cpuMilli")).isEqualTo("0");
        assertThat(redis("HLEN", RedisKeys.leaseResources(tenant))).isEqualTo("0");
    }

    @Test
    void concurrentBurstFromTwoReplicasAdmitsExactlyTheLimit() throws Exception {
        String tenant = tenant("maxConcurrentAgents", "7");
        List<AdmissionDecision> decisions = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            JobStore store = i % 2 == 0 ? replicaA : replicaB;
            pool.submit(() -> decisions.add(store.admit(new JobStore.NewJob(tenant, UUID.randomUUID().toString(), "echo",
                    new ResourceReservation(1, 0.001, 1)), DEFAULTS, GRACE, RETENTION, null).await().atMost(Duration.ofSeconds(30))));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        assertThat(decisions).hasSize(200);
        assertThat(decisions.stream().filter(AdmissionDecision::admitted).count()).isEqualTo(7);
        assertThat(redis("ZCARD", RedisKeys.leases(tenant))).isEqualTo("7");
    }

    @Test
    void rateLimitIsASlidingWindowThatHoldsAcrossTheMinuteBoundary() {
        String tenant = tenant("maxRequestsPerMinute", "10", "maxConcurrentAgents", "1000", "maxMemoryMb", "1000000",
                "maxCpuMilli", "1000000");
        long minute = 28_333_333L * 60_000;          // a whole minute on the epoch clock
        long t0 = minute + 59_000;                   // the last second of that minute
        for (int i = 0; i < 10; i++) {
            assertThat(admitAt(replicaA, tenant, t0 + i).admitted()).isTrue();
        }
        AdmissionDecision full = admitAt(replicaB, tenant, t0 + 10);
        assertThat(full.exceeded()).containsExactly(Dimension.REQUESTS_PER_MINUTE);
        assertThat(full.usage().requestsInWindow()).isEqualTo(10);
        assertThat(full.rateWindowResetMs()).isEqualTo(60_000 - 10);
        assertThat(RateLimitHeaders.retryAfterSeconds(full)).isEqualTo(60);

        // A fixed window would reset here, at the start of the next minute, and admit 10 more.
        AdmissionDecision nextMinute = admitAt(replicaB, tenant, minute + 60_000 + 1);
        assertThat(nextMinute.admitted()).isFalse();
        assertThat(nextMinute.exceeded()).containsExactly(Dimension.REQUESTS_PER_MINUTE);
        assertThat(admitAt(replicaA, tenant, t0 + 59_999).admitted()).isFalse();

        // 60 s after the first admission that one has left the window: exactly one slot again.
        assertThat(admitAt(replicaA, tenant, t0 + 60_000).admitted()).isTrue();
        assertThat(admitAt(replicaB, tenant, t0 + 60_000).admitted()).isFalse();
        assertThat(admitAt(replicaB, tenant, t0 + 60_001).admitted()).isTrue();
        assertThat(redis("ZCARD", RedisKeys.requestLog(tenant))).isEqualTo("10");
    }

    @Test
    void expiredLeasesAreReclaimedAndTheirResourcesFreed() {
        String tenant = tenant("maxConcurrentAgents", "2", "maxExecutionTimeSeconds", "30");
        long t0 = Instant.now().toEpochMilli();
        AdmissionDecision first = admitAt(replicaA, tenant, t0);
        admitAt(replicaB, tenant, t0);
        long leaseEnd = t0 + 30_000 + GRACE.toMillis();

        AdmissionDecision stillHeld = admitAt(replicaA, tenant, leaseEnd - 1);
        assertThat(stillHeld.exceeded()).containsExactly(Dimension.CONCURRENT_AGENTS);
        assertThat(stillHeld.leasesReclaimed()).isZero();
        assertThat(first.usage().memoryMb()).isEqualTo(100);

        AdmissionDecision after = admitAt(replicaB, tenant, leaseEnd + 1);
        assertThat(after.admitted()).isTrue();
        assertThat(after.leasesReclaimed()).isEqualTo(2);
        assertThat(after.usage().concurrentAgents()).isEqualTo(1);
        assertThat(after.usage().memoryMb()).isEqualTo(100);
        assertThat(after.usage().cpuMilli()).isEqualTo(100);
        assertThat(redis("HLEN", RedisKeys.leaseResources(tenant))).isEqualTo("1");
    }

    @Test
    void manyExpiredLeasesAreReclaimedABoundedBatchPerCallWithoutCountingAsRunning() {
        String tenant = tenant("maxConcurrentAgents", "400", "maxMemoryMb", "1000000", "maxCpuMilli", "1000000",
                "maxRequestsPerMinute", "100000", "maxExecutionTimeSeconds", "30");
        long t0 = Instant.now().toEpochMilli();
        for (int i = 0; i < 300; i++) {
            assertThat(admitAt(i % 2 == 0 ? replicaA : replicaB, tenant, t0 + i).admitted()).isTrue();
        }
        long leaseEnd = t0 + 299 + 30_000 + GRACE.toMillis();

        AdmissionDecision first = admitAt(replicaA, tenant, leaseEnd + 1);
        assertThat(first.admitted()).isTrue();
        assertThat(first.leasesReclaimed()).as("one batch: the oldest 256").isEqualTo(256);
        assertThat(first.usage().concurrentAgents()).as("44 expired, not yet reclaimed, are not running").isEqualTo(1);
        assertThat(first.usage().memoryMb()).as("but their memory is still held").isEqualTo((44 + 1) * 100);

        JobStore.UsageSnapshot usage = replicaB.usage(tenant, leaseEnd + 2).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        assertThat(usage.leasesReclaimed()).isEqualTo(44);
        assertThat(usage.usage().concurrentAgents()).isEqualTo(1);
        assertThat(usage.usage().memoryMb()).isEqualTo(100);
        assertThat(redis("ZCARD", RedisKeys.leases(tenant))).isEqualTo("1");
        assertThat(redis("HLEN", RedisKeys.leaseResources(tenant))).isEqualTo("1");
        assertThat(admitAt(replicaB, tenant, leaseEnd + 3).leasesReclaimed()).isZero();
    }

    @Test
    void aJobWhoseLeaseExpiredIsTimedOutUntilItsRealCompletionArrives() {
        String tenant = tenant("maxConcurrentAgents", "3", "maxExecutionTimeSeconds", "30");
        long t0 = Instant.now().toEpochMilli();
        String lost = UUID.randomUUID().toString();
        String late = UUID.randomUUID().toString();
        String done = UUID.randomUUID().toString();
        for (String id : List.of(lost, late, done)) {
            assertThat(replicaA.admit(new JobStore.NewJob(tenant, id, "echo", SMALL), DEFAULTS, GRACE, RETENTION, t0)
                    .await().atMost(Duration.ofSeconds(10)).admitted()).isTrue();
        }
        replicaA.complete(completion(tenant, done)).await().atMost(Duration.ofSeconds(10));
        long leaseEnd = t0 + 30_000 + GRACE.toMillis();

        replicaB.usage(tenant, leaseEnd - 1).await().atMost(Duration.ofSeconds(10));
        assertThat(redis("HGET", RedisKeys.job(tenant, lost), "status")).isEqualTo("QUEUED");

        assertThat(admitAt(replicaB, tenant, leaseEnd + 1).leasesReclaimed()).isEqualTo(2);
        for (String id : List.of(lost, late)) {
            assertThat(redis("HGET", RedisKeys.job(tenant, id), "status")).isEqualTo("TIMED_OUT");
            assertThat(redis("HGET", RedisKeys.job(tenant, id), "errorType")).isEqualTo("LeaseExpired");
            assertThat(redis("HGET", RedisKeys.job(tenant, id), "completedAt")).isEqualTo(Long.toString(leaseEnd + 1));
        }
        assertThat(redis("HGET", RedisKeys.job(tenant, done), "status")).as("completed in time: untouched")
                .isEqualTo("SUCCEEDED");

        // the late job's real outcome replaces the lease timeout, once; nothing is freed twice
        JobStore.Completion first = replicaA.complete(completion(tenant, late)).await().atMost(Duration.ofSeconds(10));
        assertThat(first.leaseReleased()).isFalse();
        assertThat(first.jobUpdated()).isTrue();
        assertThat(redis("HGET", RedisKeys.job(tenant, late), "status")).isEqualTo("SUCCEEDED");
        assertThat(redis("HEXISTS", RedisKeys.job(tenant, late), "errorType")).isEqualTo("0");
        assertThat(replicaB.complete(completion(tenant, late)).await().atMost(Duration.ofSeconds(10)).jobUpdated()).isFalse();
        assertThat(redis("HGET", RedisKeys.usage(tenant), "memoryMb")).isEqualTo("100");
        assertThat(redis("HGET", RedisKeys.job(tenant, lost), "status")).isEqualTo("TIMED_OUT");
    }

    @Test
    void completionOfAReclaimedLeaseFreesNothingTwice() {
        String tenant = tenant("maxConcurrentAgents", "2", "maxExecutionTimeSeconds", "30");
        long t0 = Instant.now().toEpochMilli();
        String jobId = UUID.randomUUID().toString();
        assertThat(replicaA.admit(new JobStore.NewJob(tenant, jobId, "echo", SMALL), DEFAULTS, GRACE, RETENTION, t0)
                .await().atMost(Duration.ofSeconds(10)).admitted()).isTrue();
        replicaA.usage(tenant, t0 + 30_000 + GRACE.toMillis() + 1).await().atMost(Duration.ofSeconds(10));
        JobStore.Completion late = replicaB.complete(completion(tenant, jobId)).await().atMost(Duration.ofSeconds(10));
        assertThat(late.leaseReleased()).isFalse();
        assertThat(late.jobUpdated()).isTrue();
        assertThat(redis("HGET", RedisKeys.usage(tenant), "memoryMb")).isEqualTo("0");
    }

    @Test
    void everyDimensionIsCheckedAndReportedTogether() {
        String tenant = tenant("maxConcurrentAgents", "1", "maxMemoryMb", "150", "maxCpuMilli", "150",
                "maxExecutionTimeSeconds", "20");
        AdmissionDecision d = replicaA.admit(new JobStore.NewJob(tenant, UUID.randomUUID().toString(), "echo",
                new ResourceReservation(200, 0.2, 30)), DEFAULTS, GRACE, RETENTION, null).await().atMost(Duration.ofSeconds(10));
        assertThat(d.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(d.exceeded()).containsExactly(Dimension.MEMORY, Dimension.CPU, Dimension.EXECUTION_TIME);
        assertThat(d.quota().maxMemoryMb()).isEqualTo(150);
        assertThat(d.quota().maxCpuCores()).isEqualTo(0.15);
        assertThat(d.usage().concurrentAgents()).isZero();
        assertThat(redis("ZCARD", RedisKeys.leases(tenant))).isEqualTo("0");
        assertThat(redis("ZCARD", RedisKeys.requestLog(tenant))).isEqualTo("0");
    }

    @Test
    void onlyTheTenantsAllowedAgentsAreAdmittedAndARefusalReservesNothing() {
        String tenant = tenant("allowedAgents", ",summarize,echo,");
        AdmissionDecision echo = admitAt(replicaA, tenant, null);
        assertThat(echo.outcome()).isEqualTo(Outcome.ADMITTED);
        AdmissionDecision chaos = replicaA.admit(new JobStore.NewJob(tenant, UUID.randomUUID().toString(), "chaos", SMALL),
                DEFAULTS, GRACE, RETENTION, null).await().atMost(Duration.ofSeconds(10));
        assertThat(chaos.outcome()).isEqualTo(Outcome.AGENT_NOT_ALLOWED);
        // A prefix of an allowed agent's id is another agent.
        AdmissionDecision prefix = replicaA.admit(new JobStore.NewJob(tenant, UUID.randomUUID().toString(), "echo2", SMALL),
                DEFAULTS, GRACE, RETENTION, null).await().atMost(Duration.ofSeconds(10));
        assertThat(prefix.outcome()).isEqualTo(Outcome.AGENT_NOT_ALLOWED);
        assertThat(redis("ZCARD", RedisKeys.leases(tenant))).isEqualTo("1");
        assertThat(redis("ZCARD", RedisKeys.requestLog(tenant))).isEqualTo("1");
        // An empty list (or none) allows every agent.
        redis("HSET", RedisKeys.quota(tenant), "allowedAgents", "");
        assertThat(replicaA.admit(new JobStore.NewJob(tenant, UUID.randomUUID().toString(), "chaos", SMALL),
                DEFAULTS, GRACE, RETENTION, null).await().atMost(Duration.ofSeconds(10)).outcome()).isEqualTo(Outcome.ADMITTED);
    }

    @Test
    void unknownAndDeactivatedTenantsAreNotAdmitted() {
        String unknown = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admitAt(replicaA, unknown, null).outcome()).isEqualTo(Outcome.UNKNOWN_TENANT);
        String gone = tenant();
        redis("HSET", RedisKeys.quota(gone), "status", "INACTIVE");
        assertThat(admitAt(replicaA, gone, null).outcome()).isEqualTo(Outcome.DEACTIVATED_TENANT);
        assertThat(redis("ZCARD", RedisKeys.leases(gone))).isEqualTo("0");
    }

    @Test
    void withdrawFreesTheLeaseTheResourcesAndTheRateSlot() {
        String tenant = tenant("maxRequestsPerMinute", "1");
        String jobId = UUID.randomUUID().toString();
        assertThat(replicaA.admit(new JobStore.NewJob(tenant, jobId, "echo", SMALL), DEFAULTS, GRACE, RETENTION, null)
                .await().atMost(Duration.ofSeconds(10)).admitted()).isTrue();
        assertThat(replicaB.withdraw(tenant, jobId).await().atMost(Duration.ofSeconds(10))).isTrue();
        assertThat(replicaB.withdraw(tenant, jobId).await().atMost(Duration.ofSeconds(10))).isFalse();
        assertThat(redis("HGET", RedisKeys.usage(tenant), "memoryMb")).isEqualTo("0");
        assertThat(redis("EXISTS", RedisKeys.job(tenant, jobId))).isEqualTo("0");
        assertThat(admitAt(replicaA, tenant, null).admitted()).isTrue();
    }

    /**
     * The gateway stopped waiting for an admission and withdrew its job, and the admission reaches
     * Redis only afterwards (it was queued for a connection, or delayed on the way): it admits
     * nothing, and the idempotency key stays free for the client's retry.
     */
    @Test
    void anAdmissionArrivingAfterItsJobWasWithdrawnAdmitsNothing() {
        String tenant = tenant();
        String jobId = UUID.randomUUID().toString();
        String key = "retry-" + jobId;
        assertThat(replicaB.withdraw(tenant, jobId, key).await().atMost(Duration.ofSeconds(10))).isFalse();
        AdmissionDecision late = replicaA.admit(new JobStore.NewJob(tenant, jobId, "echo", SMALL), DEFAULTS, GRACE,
                RETENTION, new JobStore.Idempotency(key, "body", Duration.ofHours(24)), null)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(late.outcome()).isEqualTo(Outcome.WITHDRAWN);
        assertThat(redis("ZCARD", RedisKeys.leases(tenant))).isEqualTo("0");
        assertThat(redis("ZCARD", RedisKeys.requestLog(tenant))).isEqualTo("0");
        assertThat(redis("EXISTS", RedisKeys.job(tenant, jobId))).isEqualTo("0");
        assertThat(redis("EXISTS", RedisKeys.idempotency(tenant, key))).isEqualTo("0");
        assertThat(Long.parseLong(redis("TTL", RedisKeys.withdrawn(tenant, jobId))))
                .as("the mark lives for an hour, then goes").isBetween(3000L, JobStore.WITHDRAWN_MARKER_LIFETIME.toSeconds());
        AdmissionDecision retry = replicaA.admit(new JobStore.NewJob(tenant, UUID.randomUUID().toString(), "echo", SMALL),
                DEFAULTS, GRACE, RETENTION, new JobStore.Idempotency(key, "body", Duration.ofHours(24)), null)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(retry.outcome()).as("the client's retry, a new job under the same key").isEqualTo(Outcome.ADMITTED);
    }

    private static AdmissionDecision admitAt(JobStore store, String tenant, Long now) {
        return store.admit(new JobStore.NewJob(tenant, UUID.randomUUID().toString(), "echo", SMALL), DEFAULTS, GRACE,
                RETENTION, now).await().atMost(Duration.ofSeconds(10));
    }

    private static String tenant(String... limits) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("HSET", RedisKeys.quota(tenant), "status", "ACTIVE"));
        args.addAll(List.of(limits));
        redis(args.toArray(String[]::new));
        return tenant;
    }

    private static String redis(String... command) {
        return RedisServer.shared().command(command);
    }

    private static String orZero(String value) {
        return value == null || value.isEmpty() ? "0" : value;
    }

    private static ExecutionCompleted completion(String tenant, String jobId) {
        Instant now = Instant.now();
        return new ExecutionCompleted(UUID.randomUUID().toString(), tenant, now, null, jobId, "echo", "worker-1",
                ExecutionStatus.SUCCEEDED, now, 1, null, null, null, 1, ResourceUsage.none(), false);
    }
}
