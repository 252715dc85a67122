package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.worker.config.WorkerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Labels a text against keyword lists: the configured ones ({@code worker.classify-labels.*}) or
 * the job's own {@code labels}. A label's score is its share of all keyword hits (whole words,
 * case-insensitive); the best label wins, {@code unclassified} when nothing matched.
 */
@ApplicationScoped
public class ClassifyAgent implements Agent {

    static final String UNCLASSIFIED = "unclassified";
    private static final JsonNode SCHEMA = Json.parse("""
            {"type": "object", "required": ["text"], "properties": {
              "text": {"type": "string", "minLength": 1, "maxLength": 500000},
              "labels": {"type": "object", "minProperties": 1,
                         "additionalProperties": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}}
            }}""");

    private final Map<String, List<String>> configured;

    public ClassifyAgent(WorkerConfig config) {
        this.configured = Map.copyOf(config.classifyLabels());
    }

    @Override
    public String id() {
        return "classify";
    }

    @Override
    public String description() {
        return "Labels a text against configurable labels and keywords, with a score per label.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public ResourceProfile resourceProfile() {
        return new ResourceProfile(128, 0.25, 1);
    }

    @Override
    public Uni<JsonNode> execute(AgentRun run) {
        JsonNode input = Json.inputOf(run);
        Map<String, List<String>> labels = input.has("labels") ? labelsOf(input.get("labels")) : configured;
        return run.compute(() -> classify(input.path("text").asText(), labels));
    }

    static JsonNode classify(String text, Map<String, List<String>> labels) {
        String lower = text.toLowerCase(Locale.ROOT);
        Map<String, Integer> hits = new LinkedHashMap<>();
        ObjectNode matched = Json.object();
        int total = 0;
        for (Map.Entry<String, List<String>> label : labels.entrySet()) {
            int count = 0;
            for (String keyword : label.getValue()) {
                int n = occurrences(lower, keyword.toLowerCase(Locale.ROOT));
                if (n > 0) {
                    matched.withArray(label.getKey()).add(keyword);
                    count += n;
                }
            }
            hits.put(label.getKey(), count);
            total += count;
        }
        return result(hits, total, matched);
    }

    private static JsonNode result(Map<String, Integer> hits, int total, ObjectNode matched) {
        ObjectNode scores = Json.object();
        String best = UNCLASSIFIED;
        int bestHits = 0;
        for (Map.Entry<String, Integer> e : hits.entrySet()) {
            scores.put(e.getKey(), total == 0 ? 0.0 : Math.round(1000.0 * e.getValue() / total) / 1000.0);
            if (e.getValue() > bestHits) {
                best = e.getKey();
                bestHits = e.getValue();
            }
        }
        ObjectNode out = Json.object().put("label", best);
        out.set("scores", scores);
        out.set("matches", matched);
        return out;
    }

    private static int occurrences(String text, String keyword) {
        Matcher m = Pattern.compile("(?<![\\p{L}\\p{Nd}])" + Pattern.quote(keyword) + "(?![\\p{L}\\p{Nd}])").matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static Map<String, List<String>> labelsOf(JsonNode node) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            List<String> keywords = new ArrayList<>();
            e.getValue().forEach(k -> keywords.add(k.asText()));
            labels.put(e.getKey(), keywords);
        });
        return labels;
    }
}
