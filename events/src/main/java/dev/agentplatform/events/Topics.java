package dev.agentplatform.events;

import java.util.Map;
import java.util.regex.Pattern;

/** Kafka topic names shared by code, tests and the local stack (see ARCHITECTURE.md). */
public final class Topics {

    /** Admitted jobs for the shared worker pool, keyed by tenant id. */
    public static final String EXECUTIONS = "agent.executions";
    /** Prefix of the per-tenant execution topics used by DEDICATED and PHYSICAL tenants. */
    public static final String EXECUTIONS_TENANT_PREFIX = EXECUTIONS + ".";
    /** Cancellation requests, keyed by job id. */
    public static final String CONTROL = "agent.control";
    /** Execution lifecycle and admission events, keyed by tenant id. */
    public static final String METRICS = "agent.metrics";
    /** Alert transitions, keyed by alert fingerprint. */
    public static final String ALERTS = "agent.alerts";
    /** Records a worker could not process, with reason headers. */
    public static final String EXECUTIONS_DLQ = "agent.executions.dlq";

    /** Partition counts the local stack creates; tenants spread over partitions by key. */
    public static final Map<String, Integer> DEFAULT_PARTITIONS = Map.of(
            EXECUTIONS, 6, CONTROL, 3, METRICS, 6, ALERTS, 3, EXECUTIONS_DLQ, 1);

    private static final Pattern TENANT_ID = Pattern.compile(Ids.TENANT_ID_PATTERN);

    private Topics() {
    }

    /** The dedicated execution topic of one tenant. */
    public static String executionsFor(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("not a valid tenant id: " + tenantId);
        }
        return EXECUTIONS_TENANT_PREFIX + tenantId;
    }
}
