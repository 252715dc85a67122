package dev.agentplatform.events;

/** Where a job stands. QUEUED and RUNNING are live; the others are final. */
public enum ExecutionStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
