package dev.agentplatform.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The built-in agents' logic, without Kafka. */
class AgentLogicTest {

    private final ContextApplier applier = new ContextApplier(40);
    private final AgentContext context = new AgentContext(
            Map.of("region", TextNode.valueOf("eu"), "tone", TextNode.valueOf("formal")), false);

    @Test
    void appendAddsAContextSection() {
        assertThat(applier.apply(ContextApplier.Strategy.APPEND, "Be brief.", context))
                .isEqualTo("Be brief.\n\nContext:\nregion: eu\ntone: formal");
        assertThat(applier.apply(ContextApplier.Strategy.APPEND, "Be brief.", AgentContext.empty())).isEqualTo("Be brief.");
    }

    @Test
    void injectReplacesThePlaceholderAndAppendsWithoutOne() {
        assertThat(applier.apply(ContextApplier.Strategy.INJECT, "[{{context}}] go", context))
                .isEqualTo("[region: eu\ntone: formal] go");
        assertThat(applier.apply(ContextApplier.Strategy.INJECT, "go", context)).startsWith("go\n\nContext:\n");
    }

    @Test
    void templateReplacesKeysAndBlanksUnknownOnes() {
        assertThat(applier.apply(ContextApplier.Strategy.TEMPLATE, "Answer in {{ tone }} style for {{region}}{{missing}}.", context))
                .isEqualTo("Answer in formal style for eu.");
    }

    @Test
    void contextIsBoundedInSize() {
        AgentContext big = new AgentContext(Map.of("k", TextNode.valueOf("x".repeat(500))), false);
        String applied = applier.apply(ContextApplier.Strategy.APPEND, "p", big);
        assertThat(applied.length() - "p\n\nContext:\n".length()).isEqualTo(40);
        assertThat(applied).endsWith("…");
        assertThat(applier.apply(ContextApplier.Strategy.TEMPLATE, "{{k}}", big)).hasSize(40);
    }

    @Test
    void summaryIsBoundedBySentencesAndCharacters() {
        String text = "Alpha beta gamma. Alpha beta delta. Unrelated words here. Alpha gamma delta beta.";
        JsonNode summary = SummarizeAgent.summarize(text, 2, 1000);
        assertThat(summary.path("selected")).hasSize(2);
        assertThat(summary.path("summary").asText()).doesNotContain("Unrelated");
        assertThat(SummarizeAgent.summarize(text, 5, 25).path("summary").asText()).hasSizeLessThanOrEqualTo(25);
    }

    @Test
    void classifyFallsBackToUnclassified() {
        JsonNode result = ClassifyAgent.classify("nothing relevant", Map.of("billing", List.of("invoice")));
        assertThat(result.path("label").asText()).isEqualTo(ClassifyAgent.UNCLASSIFIED);
        JsonNode hit = ClassifyAgent.classify("Invoice, invoice and an invoicer", Map.of("billing", List.of("invoice"),
                "tech", List.of("bug")));
        assertThat(hit.path("label").asText()).isEqualTo("billing");
        assertThat(hit.path("scores").path("billing").asDouble()).isEqualTo(1.0);
    }

    @Test
    void extractNormalisesDatesAndAmounts() {
        JsonNode out = ExtractAgent.extract("Met on March 3, 2024 and 12/11/2024; paid £20 and 1,000.5 USD.");
        assertThat(out.path("dates").findValuesAsText("iso")).containsExactlyInAnyOrder("2024-03-03", "2024-11-12");
        assertThat(out.path("money").findValuesAsText("currency")).containsExactly("GBP", "USD");
    }

    @Test
    void chaosLatencyFollowsItsDistribution() {
        Random random = new Random(42);
        JsonNode uniform = Json.object().put("latencyMs", 100).put("latencyDistribution", "uniform").put("latencyJitterMs", 50);
        for (int i = 0; i < 200; i++) {
            assertThat(ChaosAgent.latency(uniform, random)).isBetween(50L, 150L);
        }
        JsonNode exponential = Json.object().put("latencyMs", 100).put("latencyDistribution", "exponential");
        double mean = java.util.stream.IntStream.range(0, 5000).mapToLong(i -> ChaosAgent.latency(exponential, random)).average().orElseThrow();
        assertThat(mean).isBetween(85.0, 115.0);
        assertThat(ChaosAgent.latency(Json.object().put("latencyMs", 7), random)).isEqualTo(7);
    }
}
