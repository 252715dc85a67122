package dev.agentplatform.worker;

/** Reactive messaging channel names; their topics are set in application.properties. */
public final class Channels {

    /** Admitted jobs, from {@code agent.executions} or the allow-listed tenants' topics. */
    public static final String EXECUTIONS_IN = "executions-in";
    /** Cancel requests, from {@code agent.control}; every worker instance reads all of them. */
    public static final String CONTROL_IN = "control-in";
    /**
     * Cancel requests again, from {@code agent.control}, in one consumer group shared by all workers
     * that commits its offsets: each request is remembered in Redis even if it was sent while no
     * worker was running.
     */
    public static final String CANCEL_MARKERS_IN = "cancel-markers-in";
    /** Execution lifecycle events, to {@code agent.metrics}. */
    public static final String METRICS_OUT = "metrics-out";

    /** CloudEvents source of everything a worker publishes. */
    public static final String SOURCE = "/execution-worker";

    private Channels() {
    }
}
