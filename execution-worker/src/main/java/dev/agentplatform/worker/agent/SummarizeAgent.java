package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Extractive summary: sentences are scored by the normalised frequency of their content words
 * (stop words ignored), with a small bonus for the opening sentence; the best ones are returned in
 * their original order, within {@code maxSentences} and {@code maxChars}.
 */
@ApplicationScoped
public class SummarizeAgent implements Agent {

    private static final JsonNode SCHEMA = Json.parse("""
            {"type": "object", "required": ["text"], "properties": {
              "text": {"type": "string", "minLength": 1, "maxLength": 500000},
              "maxSentences": {"type": "integer", "minimum": 1, "maximum": 50},
              "maxChars": {"type": "integer", "minimum": 20, "maximum": 100000}
            }}""");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\d\"'(])");
    private static final Pattern WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "been", "but",
            "by", "for", "from", "has", "have", "he", "her", "his", "i", "in", "is", "it", "its", "of", "on", "or",
            "our", "she", "so", "that", "the", "their", "them", "there", "they", "this", "to", "was", "we", "were",
            "which", "will", "with", "would", "you", "your", "not", "also", "than", "then", "these", "those");

    @Override
    public String id() {
        return "summarize";
    }

    @Override
    public String description() {
        return "Extractive summary of a text by sentence scoring, bounded by maxSentences and maxChars.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public ResourceProfile resourceProfile() {
        return new ResourceProfile(128, 0.5, 2);
    }

    @Override
    public Uni<JsonNode> execute(AgentRun run) {
        JsonNode input = Json.inputOf(run);
        return run.compute(() -> summarize(input.path("text").asText(), input.path("maxSentences").asInt(3),
                input.path("maxChars").asInt(1000)));
    }

    static JsonNode summarize(String text, int maxSentences, int maxChars) {
        List<String> sentences = sentences(text);
        double[] scores = scores(sentences);
        List<Integer> chosen = IntStream.range(0, sentences.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i))
                .limit(maxSentences).sorted().toList();
        StringBuilder summary = new StringBuilder();
        ArrayNode picked = Json.object().arrayNode();
        for (int i : chosen) {
            String sentence = sentences.get(i);
            int room = maxChars - summary.length() - (summary.isEmpty() ? 0 : 1);
            if (room <= 0) {
                break;
            }
            summary.append(summary.isEmpty() ? "" : " ").append(sentence.length() <= room ? sentence
                    : sentence.substring(0, Math.max(0, room - 1)) + "…");
            picked.add(Json.object().put("index", i).put("score", Math.round(scores[i] * 1000) / 1000.0));
        }
        ObjectNode out = Json.object().put("summary", summary.toString()).put("sentenceCount", sentences.size());
        out.set("selected", picked);
        return out;
    }

    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.strip())) {
            String trimmed = s.strip().replaceAll("\\s+", " ");
            if (!trimmed.isEmpty()) {
                out.add(trimmed);
            }
        }
        return out;
    }

    private static double[] scores(List<String> sentences) {
        Map<String, Integer> frequency = new HashMap<>();
        List<List<String>> words = sentences.stream().map(SummarizeAgent::contentWords).toList();
        words.forEach(ws -> ws.forEach(w -> frequency.merge(w, 1, Integer::sum)));
        double max = frequency.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        double[] scores = new double[sentences.size()];
        for (int i = 0; i < scores.length; i++) {
            List<String> ws = words.get(i);
            double sum = ws.stream().mapToDouble(w -> frequency.get(w) / max).sum();
            // Dividing by the square root favours informative sentences without rewarding sheer length.
            scores[i] = ws.isEmpty() ? 0 : sum / Math.sqrt(ws.size()) + (i == 0 ? 0.1 : 0);
        }
        return scores;
    }

    private static List<String> contentWords(String sentence) {
        List<String> out = new ArrayList<>();
        for (String w : WORD.split(sentence.toLowerCase(Locale.ROOT))) {
            if (w.length() > 1 && !STOP_WORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }
}
