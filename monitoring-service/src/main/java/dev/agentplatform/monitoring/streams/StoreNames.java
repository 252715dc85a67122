package dev.agentplatform.monitoring.streams;

/**
 * The state stores of the topology. All are persistent (RocksDB) and changelogged, keyed with the
 * tenant id first, so a tenant's state lives in the task of its {@code agent.metrics} partition.
 */
public final class StoreNames {

    /** Minute buckets of good/bad events per SLI: {@code scope|m|minute} → counts, {@code scope|w} → latest event time. */
    public static final String BUCKETS = "monitoring-slo-buckets";
    /** Latest executions per tenant and agent: {@code tenant|agent} → {@code RecentExecutions#toBytes} (JSON before). */
    public static final String RECENT = "monitoring-recent-executions";
    /** Alert states, firing or last resolved: {@code tenant|fingerprint} → JSON. */
    public static final String ALERTS = "monitoring-alerts";

    private StoreNames() {
    }

    /** The separator in store keys; tenant and agent ids cannot contain it. */
    public static final char SEPARATOR = '|';

    public static String key(String first, String second) {
        return first + SEPARATOR + second;
    }

    /** The upper bound of a prefix range scan. */
    public static String prefixEnd(String prefix) {
        return prefix + '\uffff';
    }
}
