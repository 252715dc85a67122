package dev.agentplatform.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the tenant gateway. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Quota of a tenant registered without one, and of every limit its registration leaves out. */
    Quota defaultQuota();

    /** Resource estimates of a job, before multipliers. */
    Estimates estimates();

    /** Extra time a lease lives beyond the tenant's max execution time, so slow completions still release it. */
    @WithDefault("60s")
    Duration leaseGrace();

    /** How long a finished job's record stays readable. */
    @WithDefault("7d")
    Duration jobRetention();

    /** How long a submission waits for Kafka's acknowledgement before answering 503. */
    @WithDefault("10s")
    Duration publishTimeout();

    /**
     * Longest a job's record waits for the Kafka producer to take it: while the producer does not know
     * the topic's partitions yet (first record to a topic, broker unreachable) or its buffer is full.
     * The producers of {@code executions-out} and {@code metrics-out} never block a thread
     * ({@code max.block.ms=0}); this is their wait, on a thread of its own. Keep it below
     * {@code publish-timeout}.
     */
    @WithDefault("5s")
    Duration kafkaHandOffWait();

    /** How long a submission waits for Redis before answering 503. */
    @WithDefault("2s")
    Duration redisTimeout();

    /** How long an Idempotency-Key is remembered after the job it admitted. */
    @WithDefault("24h")
    Duration idempotencyKeyLifetime();

    /**
     * Largest job submission body accepted, in bytes; larger ones are answered 413. The default leaves
     * room for the event's envelope and headers within Kafka's default 1 MiB record limit (producer
     * {@code max.request.size}, broker {@code message.max.bytes}): raise those with it.
     */
    @WithDefault("1000000")
    long maxSubmissionBytes();

    /**
     * How often every registered tenant is announced again as {@code tenant.configured} (its current
     * version, with that version's event time), so monitoring regains registered SLO targets even if
     * its state was reset after {@code agent.metrics} dropped the original announcements. 0 turns it off.
     */
    @WithDefault("1h")
    Duration tenantAnnounceInterval();

    /** Seconds a client is told to wait (Retry-After) when a dependency is unavailable. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** Bearer tokens already verified, remembered so a client's next request with the same token skips the work. */
    TokenCache tokenCache();

    interface TokenCache {
        /** Tokens remembered at most; 0 verifies every request's token in full. */
        @WithDefault("4096")
        int maxEntries();

        /** Longest a verified token is remembered (never past its expiry). */
        @WithDefault("5m")
        Duration maxAge();
    }

    interface Quota {
        /** Jobs of one tenant that may hold a lease at once. */
        @WithDefault("10")
        int maxConcurrentAgents();

        /** Longest a job may run; also the base of its lease. */
        @WithDefault("300")
        int maxExecutionTimeSeconds();

        /** Memory the running jobs of one tenant may reserve together. */
        @WithDefault("2048")
        int maxMemoryMb();

        /** CPU cores the running jobs of one tenant may reserve together. */
        @WithDefault("2.0")
        double maxCpuCores();

        /** Storage of one tenant (recorded and reported; not reserved per job). */
        @WithDefault("10")
        int maxStorageGb();

        /** Admissions of one tenant in any sliding 60 s window. */
        @WithDefault("1000")
        int maxRequestsPerMinute();
    }

    interface Estimates {
        /** Memory reserved for a job of normal complexity and model size. */
        @WithDefault("256")
        int baseMemoryMb();

        /** CPU cores reserved for a job of normal complexity and model size. */
        @WithDefault("0.5")
        double baseCpuCores();

        /** Expected duration of a job of normal complexity. */
        @WithDefault("30")
        int baseDurationSeconds();
    }
}
