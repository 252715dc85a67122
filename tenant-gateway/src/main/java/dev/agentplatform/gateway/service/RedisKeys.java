package dev.agentplatform.gateway.service;

/**
 * Redis keys of the gateway. Every key of a tenant carries the tenant in a hash tag
 * ({@code {tenant}}) so that the admission script, which touches several of them, runs unchanged
 * on Redis Cluster.
 */
public final class RedisKeys {

    /** Ids of all registered tenants (sorted set, score 0, so it pages in id order). */
    public static final String TENANT_INDEX = "tenants";

    private RedisKeys() {
    }

    /** Leases: job id → expiry (ms since the epoch, Redis clock). */
    public static String leases(String tenantId) {
        return "tenant:{" + tenantId + "}:leases";
    }

    /** What each lease reserved: job id → {@code memoryMb:cpuMilli}; released exactly once. */
    public static String leaseResources(String tenantId) {
        return "tenant:{" + tenantId + "}:lease-resources";
    }

    /** Reserved totals: {@code memoryMb}, {@code cpuMilli}. */
    public static String usage(String tenantId) {
        return "tenant:{" + tenantId + "}:usage";
    }

    /** Sliding log of admissions: job id → admitted at (ms). */
    public static String requestLog(String tenantId) {
        return "tenant:{" + tenantId + "}:requests";
    }

    /** What admission reads of a tenant: status, isolation and limits; written by the registry. */
    public static String quota(String tenantId) {
        return "tenant:{" + tenantId + "}:quota";
    }

    /** The tenant's full registration as JSON, with its version. */
    public static String tenant(String tenantId) {
        return "tenant:{" + tenantId + "}:config";
    }

    public static String job(String tenantId, String jobId) {
        return "tenant:{" + tenantId + "}:job:" + jobId;
    }

    /**
     * Marks a job id as withdrawn, so that its admission, should it reach Redis only afterwards,
     * admits nothing (a string with a time to live; see {@code withdraw.lua}).
     */
    public static String withdrawn(String tenantId, String jobId) {
        return "tenant:{" + tenantId + "}:withdrawn:" + jobId;
    }

    /** Jobs of a tenant: job id → created at (ms). */
    public static String jobIndex(String tenantId) {
        return "tenant:{" + tenantId + "}:jobs";
    }

    /** An idempotency key of a tenant: body hash and job id. */
    public static String idempotency(String tenantId, String key) {
        return "tenant:{" + tenantId + "}:idem:" + key;
    }
}
