package dev.agentplatform.monitoring.slo;

import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;

/**
 * The service level indicators, each a ratio of good events to valid events over completed
 * executions. An execution is a valid event of an SLI or not counted at all; a valid one is good or bad.
 */
public enum SloKind {

    /** The platform ran the job to an answer: FAILED and TIMED_OUT are bad; CANCELLED is not counted (the user's choice). */
    AVAILABILITY("availability"),
    /** Of the SUCCEEDED executions, those slower than the latency threshold are bad. */
    LATENCY("latency"),
    /** Every final status except SUCCEEDED is bad, cancellations included. */
    SUCCESS_RATE("success_rate");

    private final String label;

    SloKind(String label) {
        this.label = label;
    }

    /** The name in alert labels, metrics and the API. */
    public String label() {
        return label;
    }

    /** Whether the execution counts towards this SLI. */
    public boolean counts(ExecutionCompleted execution) {
        return switch (this) {
            case AVAILABILITY -> execution.status() != ExecutionStatus.CANCELLED;
            case LATENCY -> execution.succeeded();
            case SUCCESS_RATE -> true;
        };
    }

    /** Whether a counted execution is bad; {@code latencyThresholdMs} only matters for LATENCY. */
    public boolean bad(ExecutionCompleted execution, long latencyThresholdMs) {
        return switch (this) {
            case AVAILABILITY -> execution.status() == ExecutionStatus.FAILED
                    || execution.status() == ExecutionStatus.TIMED_OUT;
            case LATENCY -> execution.durationMs() > latencyThresholdMs;
            case SUCCESS_RATE -> !execution.succeeded();
        };
    }

    public static SloKind ofLabel(String label) {
        for (SloKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown SLO " + label);
    }
}
