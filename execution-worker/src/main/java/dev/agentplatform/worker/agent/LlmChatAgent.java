package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.worker.client.ChatCompletionsApi.ChatMessage;
import dev.agentplatform.worker.client.ChatCompletionsApi.ChatRequest;
import dev.agentplatform.worker.client.ChatCompletionsApi.ChatResponse;
import dev.agentplatform.worker.client.LlmClient;
import dev.agentplatform.worker.config.WorkerConfig;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Chats with an OpenAI-compatible model. The tenant's context is applied to the system prompt by
 * the job's {@code contextStrategy}; prompt and completion tokens and their cost are charged to
 * the run.
 */
@ApplicationScoped
public class LlmChatAgent implements Agent {

    private static final JsonNode SCHEMA = Json.parse("""
            {"type": "object", "required": ["prompt"], "properties": {
              "prompt": {"type": "string", "minLength": 1, "maxLength": 100000},
              "system": {"type": "string", "maxLength": 100000},
              "contextStrategy": {"enum": ["append", "inject", "template"]},
              "temperature": {"type": "number", "minimum": 0, "maximum": 2},
              "maxTokens": {"type": "integer", "minimum": 1}
            }}""");
    private static final String DEFAULT_SYSTEM = "You are a helpful assistant for an enterprise tenant.";

    private final LlmClient client;
    private final ContextApplier applier;
    private final WorkerConfig.Llm config;

    public LlmChatAgent(LlmClient client, ContextApplier applier, WorkerConfig config) {
        this.client = client;
        this.applier = applier;
        this.config = config.llm();
    }

    @Override
    public String id() {
        return "llm-chat";
    }

    @Override
    public String description() {
        return "Chat completion on an OpenAI-compatible endpoint, with the tenant's context in the system prompt; reports tokens and cost.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public ResourceProfile resourceProfile() {
        return new ResourceProfile(256, 0.25, 20);
    }

    @Override
    public Uni<JsonNode> execute(AgentRun run) {
        ChatRequest request = run.meter().measure(() -> request(run));
        return client.complete(request)
                .map(response -> run.meter().measure(() -> output(run, response)))
                .onFailure().transform(LlmChatAgent::classify);
    }

    private ChatRequest request(AgentRun run) {
        JsonNode input = Json.inputOf(run);
        ContextApplier.Strategy strategy = ContextApplier.Strategy.of(input.path("contextStrategy").asText(null));
        String system = applier.apply(strategy, input.path("system").asText(DEFAULT_SYSTEM), run.context());
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(new ChatMessage("system", system));
        messages.add(new ChatMessage("user", input.path("prompt").asText()));
        int maxTokens = Math.min(config.maxTokens(), input.path("maxTokens").asInt(config.maxTokens()));
        Double temperature = input.has("temperature") ? input.get("temperature").asDouble() : null;
        return new ChatRequest(config.model(), messages, temperature, maxTokens);
    }

    private JsonNode output(AgentRun run, ChatResponse response) {
        if (response.choices() == null || response.choices().isEmpty() || response.choices().get(0).message() == null) {
            throw new AgentFailure("LlmEmptyAnswer", "the LLM endpoint answered without a choice");
        }
        long prompt = response.usage() == null ? 0 : response.usage().promptTokens();
        long completion = response.usage() == null ? 0 : response.usage().completionTokens();
        double cost = (prompt * config.promptPricePerThousand() + completion * config.completionPricePerThousand()) / 1000.0;
        run.meter().tokens(prompt, completion, cost);
        ObjectNode out = Json.object().put("content", response.choices().get(0).message().content())
                .put("model", response.model() == null ? config.model() : response.model())
                .put("finishReason", response.choices().get(0).finishReason());
        out.putObject("usage").put("promptTokens", prompt).put("completionTokens", completion).put("costUsd", cost);
        return out;
    }

    private static Throwable classify(Throwable failure) {
        if (failure instanceof AgentFailure) {
            return failure;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new AgentFailure("LlmCircuitOpen", "the LLM endpoint failed repeatedly; not calling it for now", true);
        }
        if (failure instanceof TimeoutException) {
            return new AgentFailure("LlmTimeout", "the LLM endpoint did not answer in time", true);
        }
        if (failure instanceof ProcessingException) {
            return new AgentFailure("LlmUnreachable", "the LLM endpoint is unreachable: " + failure.getMessage(), true);
        }
        return failure;
    }
}
