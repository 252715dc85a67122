package dev.agentplatform.context.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Deep merge of JSON objects: objects merge member by member; anything else is replaced. */
public final class JsonMerge {

    private JsonMerge() {
    }

    /** A new node: {@code base} overridden by {@code override}; neither argument is modified. */
    public static JsonNode merge(JsonNode base, JsonNode override) {
        if (base == null || !base.isObject() || override == null || !override.isObject()) {
            return override == null ? copy(base) : override.deepCopy();
        }
        ObjectNode merged = ((ObjectNode) base).deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            merged.set(field.getKey(), merge(merged.get(field.getKey()), field.getValue()));
        }
        return merged;
    }

    private static JsonNode copy(JsonNode node) {
        return node == null ? null : node.deepCopy();
    }
}
