package dev.agentplatform.monitoring;

/** Reactive messaging channel names; their topics are set in application.properties. */
public final class Channels {

    /** Committed alert transitions read back from {@code agent.alerts} for webhook delivery. */
    public static final String ALERTS_WEBHOOKS = "alerts-webhooks";

    /** Committed alert transitions read back from {@code agent.alerts} for the dashboard (every replica reads all). */
    public static final String ALERTS_DASHBOARD = "alerts-dashboard";

    /** CloudEvents source of everything monitoring publishes. */
    public static final String SOURCE = "/monitoring-service";

    private Channels() {
    }
}
