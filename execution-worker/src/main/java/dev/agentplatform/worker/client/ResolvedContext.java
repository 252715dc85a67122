package dev.agentplatform.worker.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The part of context-service's resolve answer the worker uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResolvedContext(Map<String, Entry> entries, List<String> providersFailed) {

    /** One resolved key: its merged value. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(JsonNode value) {
    }
}
