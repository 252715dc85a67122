package dev.agentplatform.gateway;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of the admission script: the outcome, the dimensions that were exceeded, and the
 * tenant's usage (including this job when admitted) and quota when it decided.
 */
public record AdmissionDecision(
        Outcome outcome,
        List<Dimension> exceeded,
        Usage usage,
        Quota quota,
        long leasesReclaimed,
        Instant decidedAt,
        long rateWindowResetMs,
        IsolationLevel isolation,
        String jobId) {

    /**
     * ADMITTED and REJECTED are quota decisions; REPLAYED means the idempotency key was seen with
     * the same body ({@link #jobId} is the original job), IDEMPOTENCY_CONFLICT with another body;
     * AGENT_NOT_ALLOWED when the tenant's security policy lists allowed agents and not this one;
     * WITHDRAWN when the job was withdrawn before its admission reached Redis (the gateway had
     * stopped waiting for it, so nobody is waiting for this answer either).
     */
    public enum Outcome {
        ADMITTED, REJECTED, UNKNOWN_TENANT, DEACTIVATED_TENANT, REPLAYED, IDEMPOTENCY_CONFLICT, AGENT_NOT_ALLOWED, WITHDRAWN
    }

    /** A quota dimension, with the names clients see in problems and headers. */
    public enum Dimension {
        CONCURRENT_AGENTS("maxConcurrentAgents", "concurrentAgents", 1),
        MEMORY("maxMemoryMb", "memoryMb", 2),
        CPU("maxCpuCores", "cpuCores", 4),
        REQUESTS_PER_MINUTE("maxRequestsPerMinute", "requestsPerMinute", 8),
        EXECUTION_TIME("maxExecutionTimeSeconds", "estimatedDurationSeconds", 16);

        private final String limitName;
        private final String usageName;
        private final int bit;

        Dimension(String limitName, String usageName, int bit) {
            this.limitName = limitName;
            this.usageName = usageName;
            this.bit = bit;
        }

        public String limitName() {
            return limitName;
        }

        public String usageName() {
            return usageName;
        }

        /** The dimensions set in the script's bitmask. */
        public static List<Dimension> fromMask(long mask) {
            return java.util.Arrays.stream(values()).filter(d -> (mask & d.bit) != 0).toList();
        }
    }

    /** Live usage of a tenant. */
    public record Usage(long concurrentAgents, long memoryMb, long cpuMilli, long requestsInWindow) {
        public double cpuCores() {
            return cpuMilli / 1000.0;
        }
    }

    public boolean admitted() {
        return outcome == Outcome.ADMITTED;
    }

    public List<String> limitsExceeded() {
        return exceeded.stream().map(Dimension::limitName).toList();
    }

    /** Usage as clients see it in problems and the usage endpoint. */
    public Map<String, Object> currentUsage() {
        return usageMap(usage);
    }

    public static Map<String, Object> usageMap(Usage usage) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("concurrentAgents", usage.concurrentAgents());
        map.put("memoryMb", usage.memoryMb());
        map.put("cpuCores", usage.cpuCores());
        map.put("requestsPerMinute", usage.requestsInWindow());
        return map;
    }

    /** Usage over quota per dimension (0..1, above 1 only when a quota was lowered under live usage). */
    public Map<String, Double> utilization() {
        return utilization(usage, quota);
    }

    public static Map<String, Double> utilization(Usage usage, Quota quota) {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("concurrentAgents", ratio(usage.concurrentAgents(), quota.maxConcurrentAgents()));
        map.put("memoryMb", ratio(usage.memoryMb(), quota.maxMemoryMb()));
        map.put("cpuCores", ratio(usage.cpuMilli(), quota.maxCpuMilli()));
        map.put("requestsPerMinute", ratio(usage.requestsInWindow(), quota.maxRequestsPerMinute()));
        return map;
    }

    private static double ratio(long used, long limit) {
        return limit <= 0 ? 1.0 : Math.round(used * 10_000.0 / limit) / 10_000.0;
    }
}
