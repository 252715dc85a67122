package dev.agentplatform.worker.client;

import dev.agentplatform.worker.agent.AgentFailure;
import dev.agentplatform.worker.client.ChatCompletionsApi.ChatRequest;
import dev.agentplatform.worker.client.ChatCompletionsApi.ChatResponse;
import dev.agentplatform.worker.config.WorkerConfig;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls the chat completions endpoint. 429 and 5xx answers and connection failures are retried
 * with exponential backoff; other 4xx answers are the request's fault and are not. The circuit
 * breaker stops a dead endpoint from costing every job its retries; it ignores rejected requests.
 */
@ApplicationScoped
public class LlmClient {

    private final ChatCompletionsApi api;
    private final String authorization;

    public LlmClient(@RestClient ChatCompletionsApi api, WorkerConfig config) {
        this.api = api;
        this.authorization = config.llm().apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 250, jitter = 100, retryOn = {LlmUnavailable.class, ProcessingException.class},
            abortOn = LlmRejected.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = LlmRejected.class)
    public Uni<ChatResponse> complete(ChatRequest request) {
        return api.complete(authorization, request).onFailure(WebApplicationException.class).transform(LlmClient::classify);
    }

    private static Throwable classify(Throwable failure) {
        int status = ((WebApplicationException) failure).getResponse().getStatus();
        if (status == 429 || status >= 500) {
            return new LlmUnavailable("LLM endpoint answered " + status);
        }
        return new LlmRejected("LLM endpoint rejected the request with " + status);
    }

    /** A busy or failing endpoint: worth another try later. */
    public static class LlmUnavailable extends AgentFailure {
        LlmUnavailable(String message) {
            super("LlmUnavailable", message, true);
        }
    }

    /** The endpoint refused this request (bad model, bad key, too long): retrying will not help. */
    public static class LlmRejected extends AgentFailure {
        LlmRejected(String message) {
            super("LlmRejected", message, false);
        }
    }
}
