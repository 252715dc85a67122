package dev.agentplatform.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the execution worker. */
@ConfigMapping(prefix = "worker")
public interface WorkerConfig {

    /** This worker's id in metric events; defaults to the host name and process id. */
    Optional<String> id();

    /**
     * Tenant allow-list. Empty: consume the shared {@code agent.executions} topic. Set: consume only
     * {@code agent.executions.{tenant}} of each listed tenant (a dedicated worker).
     */
    Optional<List<String>> tenants();

    /** How many jobs this worker runs at once; more records wait in the consumer, unacknowledged. */
    @WithDefault("64")
    int maxConcurrency();

    /** How long a job's "done" marker is kept, which bounds how late a redelivery is still recognised. */
    @WithDefault("7d")
    Duration doneMarkerTtl();

    /** How long a cancel request is remembered for a job that has not arrived yet. */
    @WithDefault("1d")
    Duration cancelTtl();

    /**
     * Largest encoded {@code execution.completed} (output included) the worker publishes: Kafka's
     * default record limit (1 MiB, producer {@code max.request.size} and broker {@code message.max.bytes})
     * less room for the headers. A larger one could never be written, so the job completes FAILED
     * ({@code OutputTooLarge}) without its output instead of retrying the publish forever. Raise it
     * only with those limits.
     */
    @WithDefault("1040000")
    int maxCompletionBytes();

    /** On shutdown, how long in-flight jobs may run to completion before the worker exits anyway. */
    @WithDefault("30s")
    Duration shutdownGrace();

    /** Retries of transient agent failures. */
    Retry retry();

    /** Context resolution settings. */
    Context context();

    /** The llm-chat agent's endpoint settings (the URL is {@code quarkus.rest-client.llm.url}). */
    Llm llm();

    /** The classify agent's labels: label name to its keywords ({@code worker.classify-labels.billing=invoice,refund}). */
    Map<String, List<String>> classifyLabels();

    interface Retry {
        /** Attempts of one job on this worker, the first included, before it completes FAILED. */
        @WithDefault("3")
        int maxAttempts();

        /** Back-off before the second attempt; doubles for each further one. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Upper bound of one back-off. */
        @WithDefault("5s")
        Duration maxBackoff();
    }

    interface Context {
        /** Give up on context-service after this long and run the job with degraded context. */
        @WithDefault("2s")
        Duration timeout();

        /**
         * Bearer token (role {@code platform-service}) the worker presents to context-service,
         * which refuses unauthenticated calls. Supplied by a Secret in deployments; {@code ./stack}
         * mints one with the development key pair.
         */
        Optional<String> token();

        /** Upper bound, in characters, of the context text applied to a prompt. */
        @WithDefault("4000")
        int maxChars();
    }

    interface Llm {
        /** Model name sent in each chat completion request. */
        @WithDefault("llama3.1")
        String model();

        /** Bearer token; unset for endpoints that need none (a local vLLM or Ollama). */
        Optional<String> apiKey();

        /** Price per 1,000 prompt tokens in USD, for the cost in metric events. */
        @WithDefault("0")
        double promptPricePerThousand();

        /** Price per 1,000 completion tokens in USD. */
        @WithDefault("0")
        double completionPricePerThousand();

        /** Upper bound of max_tokens per request. */
        @WithDefault("512")
        int maxTokens();
    }
}
