package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The enterprise context resolved for a run: one merged value per requested key. {@code degraded}
 * says context-service (or one of its providers) could not be reached and values may be missing.
 */
public record AgentContext(Map<String, JsonNode> values, boolean degraded) {

    public AgentContext {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    public static AgentContext empty() {
        return new AgentContext(Map.of(), false);
    }

    public static AgentContext unavailable() {
        return new AgentContext(Map.of(), true);
    }
}
