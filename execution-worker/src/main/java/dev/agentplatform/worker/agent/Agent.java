package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smallrye.mutiny.Uni;

/**
 * An agent the worker can run. Implementations are CDI beans; the registry finds them by id.
 * The worker validates a job's input against {@link #inputSchema()} before calling
 * {@link #execute}. A failed {@link Uni} is a failed run: fail with {@link AgentFailure} to give
 * it a clear error type (and say whether another attempt could succeed).
 */
public interface Agent {

    /** Stable id clients name in job submissions. */
    String id();

    /** One line on what the agent does. */
    String description();

    /** JSON Schema (draft 2020-12) of the input; the default accepts anything. */
    default JsonNode inputSchema() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** What one run typically needs; the gateway sizes reservations from it. */
    default ResourceProfile resourceProfile() {
        return ResourceProfile.DEFAULT;
    }

    Uni<JsonNode> execute(AgentRun run);
}
