package dev.agentplatform.gateway;

/** Reactive messaging channel names; their topics are set in application.properties. */
public final class Channels {

    /** Admitted jobs, to {@code agent.executions}. */
    public static final String EXECUTIONS_OUT = "executions-out";
    /** Admission decisions, to {@code agent.metrics}. */
    public static final String METRICS_OUT = "metrics-out";
    /** Registry changes ({@code tenant.configured}), to {@code agent.metrics}, acknowledged by all replicas. */
    public static final String TENANTS_OUT = "tenants-out";
    /** Cancellation requests, to {@code agent.control}. */
    public static final String CONTROL_OUT = "control-out";
    /** Execution lifecycle events from workers, from {@code agent.metrics}. */
    public static final String METRICS_IN = "metrics-in";

    /** CloudEvents source of everything the gateway publishes. */
    public static final String SOURCE = "/tenant-gateway";

    private Channels() {
    }
}
