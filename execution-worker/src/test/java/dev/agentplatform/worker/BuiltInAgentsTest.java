package dev.agentplatform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStatus;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Each built-in agent, run as a job through Kafka. */
@QuarkusTest
class BuiltInAgentsTest extends WorkerTestSupport {

    private static final String TEXT = "Kafka is a distributed event log. Kafka stores events in partitions. "
            + "Lunch was pleasant. Consumers read Kafka partitions in order and commit offsets.";

    @Test
    void summarizeReturnsTheBestSentencesWithinItsBounds() {
        JsonNode output = succeeded(job("summarize", input().put("text", TEXT).put("maxSentences", 2), 60));
        String summary = output.path("summary").asText();
        assertThat(summary).contains("Kafka").doesNotContain("Lunch");
        assertThat(output.path("selected")).hasSize(2);
        assertThat(output.path("sentenceCount").asInt()).isEqualTo(4);
    }

    @Test
    void classifyScoresTheConfiguredLabels() {
        JsonNode output = succeeded(job("classify",
                input().put("text", "My invoice shows a double charge, please refund the payment."), 60));
        assertThat(output.path("label").asText()).isEqualTo("billing");
        assertThat(output.path("scores").path("billing").asDouble()).isEqualTo(1.0);
        assertThat(output.path("scores").path("technical").asDouble()).isZero();
    }

    @Test
    void extractFindsEmailsUrlsDatesAndMoney() {
        JsonNode output = succeeded(job("extract", input().put("text",
                "Write to billing@acme.example or see https://acme.example/terms. Due 2025-03-14, total $1,204.50 "
                        + "or 99 EUR by 5 April 2025."), 60));
        assertThat(output.path("emails").get(0).asText()).isEqualTo("billing@acme.example");
        assertThat(output.path("urls").get(0).asText()).isEqualTo("https://acme.example/terms");
        assertThat(output.path("dates").findValuesAsText("iso")).containsExactlyInAnyOrder("2025-03-14", "2025-04-05");
        assertThat(output.path("money").findValuesAsText("currency")).containsExactly("USD", "EUR");
        assertThat(output.path("money").get(0).path("amount").decimalValue()).isEqualByComparingTo("1204.50");
    }

    @Test
    void echoReturnsItsInput() {
        ObjectNode in = input().put("x", 1);
        assertThat(succeeded(job("echo", in, 60))).isEqualTo(in);
    }

    @Test
    void chaosWaitsForItsLatency() {
        ExecutionRequested job = job("chaos", input().put("latencyMs", 300).put("latencyDistribution", "fixed"), 60);
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(completed.durationMs()).isGreaterThanOrEqualTo(300L);
        assertThat(completed.output().path("latencyMs").asLong()).isEqualTo(300L);
    }

    @Test
    void llmChatSendsTheContextInTheSystemPromptAndReportsTokensAndCost() {
        ExecutionRequested job = job("llm-chat", input().put("prompt", "Say hello").put("system",
                "You help the {{context}} team.").put("contextStrategy", "inject"), 60);
        JsonNode output = succeeded(job);
        assertThat(output.path("content").asText()).isEqualTo("Hello from the stub");

        JsonNode request = OpenAiStubResource.BODIES.stream().map(BuiltInAgentsTest::tree)
                .filter(r -> r.path("messages").get(1).path("content").asText().equals("Say hello"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(request.path("model").asText()).isEqualTo("stub-model");
        String system = request.path("messages").get(0).path("content").asText();
        // ContextStubResource resolves key "policy" to {"region":"eu"}.
        assertThat(system).startsWith("You help the policy: {\"region\":\"eu\"} team.");
        assertThat(OpenAiStubResource.AUTHORIZATIONS).contains("Bearer test-key");

        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.resources().promptTokens()).isEqualTo(OpenAiStubResource.PROMPT_TOKENS);
        assertThat(completed.resources().completionTokens()).isEqualTo(OpenAiStubResource.COMPLETION_TOKENS);
        assertThat(completed.resources().costUsd()).isCloseTo((57 * 0.5 + 11 * 1.5) / 1000, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void llmChatRetriesWhenTheEndpointIsThrottling() {
        OpenAiStubResource.THROTTLE_NEXT.set(2);
        JsonNode output = succeeded(job("llm-chat", input().put("prompt", "Throttled hello"), 60));
        assertThat(output.path("content").asText()).isEqualTo("Hello from the stub");
        assertThat(OpenAiStubResource.THROTTLE_NEXT.get()).isZero();
        assertThat(OpenAiStubResource.BODIES.stream().filter(b -> b.contains("Throttled hello"))).hasSize(3);
    }

    private static JsonNode succeeded(ExecutionRequested job) {
        submit(job);
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).as("%s: %s", completed.errorType(), completed.errorMessage())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        return completed.output();
    }

    private static JsonNode tree(String json) {
        try {
            return EventCodec.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode input() {
        return JsonNodeFactory.instance.objectNode();
    }
}
