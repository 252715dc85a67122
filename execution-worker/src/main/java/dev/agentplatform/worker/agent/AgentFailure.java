package dev.agentplatform.worker.agent;

/**
 * A run that failed for a reason the agent understands; its type goes into the completion event.
 * A transient failure (a busy upstream, an injected fault) is worth another attempt.
 */
public class AgentFailure extends RuntimeException {

    private final String type;
    private final boolean transientFailure;

    public AgentFailure(String type, String message) {
        this(type, message, false);
    }

    public AgentFailure(String type, String message, boolean transientFailure) {
        super(message);
        this.type = type;
        this.transientFailure = transientFailure;
    }

    public String type() {
        return type;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
