package dev.agentplatform.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * What every event on the bus carries: its own id (the CloudEvents id, used for deduplication),
 * the tenant, the event time (when it happened, not when it was read) and the W3C
 * {@code traceparent} of the work that caused it, when there was one.
 */
public sealed interface PlatformEvent
        permits ExecutionRequested, ExecutionStarted, ExecutionCompleted, CancelRequested,
        AdmissionDecided, AlertFiring, AlertResolved, TenantConfigured {

    String id();

    String tenantId();

    Instant occurredAt();

    String traceParent();

    /** The CloudEvents type of this event. */
    @JsonIgnore
    String type();
}
