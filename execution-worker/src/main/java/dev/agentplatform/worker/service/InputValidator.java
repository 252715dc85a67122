package dev.agentplatform.worker.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.agentplatform.worker.agent.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checks a job's input against its agent's JSON Schema before the agent runs. */
@ApplicationScoped
public class InputValidator {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** The violations, empty when the input is valid. */
    public List<String> violations(Agent agent, JsonNode input) {
        JsonSchema schema = schemas.computeIfAbsent(agent.id(), id -> FACTORY.getSchema(agent.inputSchema()));
        return schema.validate(input == null ? NullNode.getInstance() : input).stream()
                .map(ValidationMessage::getMessage).sorted().toList();
    }
}
