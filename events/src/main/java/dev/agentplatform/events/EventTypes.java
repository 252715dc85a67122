package dev.agentplatform.events;

import java.util.Map;
import java.util.Optional;

/** CloudEvents {@code type} values and the record each one maps to. */
public final class EventTypes {

    public static final String EXECUTION_REQUESTED = "execution.requested";
    public static final String EXECUTION_STARTED = "execution.started";
    public static final String EXECUTION_COMPLETED = "execution.completed";
    public static final String EXECUTION_CANCEL_REQUESTED = "execution.cancel-requested";
    public static final String ADMISSION_DECIDED = "admission.decided";
    public static final String ALERT_FIRING = "alert.firing";
    public static final String ALERT_RESOLVED = "alert.resolved";
    public static final String TENANT_CONFIGURED = "tenant.configured";

    private static final Map<String, Class<? extends PlatformEvent>> RECORDS = Map.of(
            EXECUTION_REQUESTED, ExecutionRequested.class,
            EXECUTION_STARTED, ExecutionStarted.class,
            EXECUTION_COMPLETED, ExecutionCompleted.class,
            EXECUTION_CANCEL_REQUESTED, CancelRequested.class,
            ADMISSION_DECIDED, AdmissionDecided.class,
            ALERT_FIRING, AlertFiring.class,
            ALERT_RESOLVED, AlertResolved.class,
            TENANT_CONFIGURED, TenantConfigured.class);

    private EventTypes() {
    }

    /** Every known type and its record class. */
    public static Map<String, Class<? extends PlatformEvent>> all() {
        return RECORDS;
    }

    /** The record class of a CloudEvents type, if the type is known. */
    public static Optional<Class<? extends PlatformEvent>> recordOf(String type) {
        return Optional.ofNullable(type).map(RECORDS::get);
    }
}
