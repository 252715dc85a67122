package dev.agentplatform.monitoring;

/** Reactive messaging channel names; their topics are set in application.properties. */
public final class Channels {

    /** Committed alert transitions read back from {@code agent.alerts} for webhook delivery. */
    public static final String ALERTS_WEBHOOKS = "alerts-webhooks";

    /** CloudEvents source of everything monitoring publishes. */
    public static final String SOURCE = "/monitoring-service";

    private Channels() {
    }
}
