package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Misbehaves on request, for demos and alert tests. Latency: {@code latencyMs} is the fixed delay
 * or the mean of {@code latencyDistribution} ({@code fixed}, {@code uniform} over
 * mean ± {@code latencyJitterMs}, {@code normal} with standard deviation {@code latencyJitterMs},
 * {@code exponential}). Failures: {@code failureRate} is the probability of a (transient) failure;
 * {@code failFirstAttempts} makes the first n attempts fail, to exercise retries deterministically.
 */
@ApplicationScoped
public class ChaosAgent implements Agent {

    private static final JsonNode SCHEMA = Json.parse("""
            {"type": "object", "properties": {
              "latencyMs": {"type": "integer", "minimum": 0, "maximum": 3600000},
              "latencyDistribution": {"enum": ["fixed", "uniform", "normal", "exponential"]},
              "latencyJitterMs": {"type": "integer", "minimum": 0},
              "failureRate": {"type": "number", "minimum": 0, "maximum": 1},
              "failFirstAttempts": {"type": "integer", "minimum": 0}
            }}""");

    @Override
    public String id() {
        return "chaos";
    }

    @Override
    public String description() {
        return "Waits for a latency drawn from a distribution and fails with a given probability, for demos and alert tests.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public Uni<JsonNode> execute(AgentRun run) {
        JsonNode input = Json.inputOf(run);
        long latencyMs = latency(input, ThreadLocalRandom.current());
        Uni<JsonNode> outcome = Uni.createFrom().item(() -> run.meter().measure(() -> outcome(run, input, latencyMs)));
        return latencyMs == 0 ? outcome : Uni.createFrom().voidItem()
                .onItem().delayIt().by(Duration.ofMillis(latencyMs)).chain(() -> outcome);
    }

    private static JsonNode outcome(AgentRun run, JsonNode input, long latencyMs) {
        double failureRate = input.path("failureRate").asDouble(0);
        int failFirst = input.path("failFirstAttempts").asInt(0);
        if (run.attempt() <= failFirst) {
            throw new AgentFailure("ChaosFailure", "injected failure of attempt " + run.attempt(), true);
        }
        if (ThreadLocalRandom.current().nextDouble() < failureRate) {
            throw new AgentFailure("ChaosFailure", "injected failure (failureRate=" + failureRate + ")", true);
        }
        return Json.object().put("latencyMs", latencyMs).put("failed", false).put("attempt", run.attempt());
    }

    /** Draws one latency; never negative. */
    static long latency(JsonNode input, Random random) {
        double mean = Math.max(0, input.path("latencyMs").asLong(0));
        double jitter = Math.max(0, input.path("latencyJitterMs").asLong(0));
        double drawn = switch (input.path("latencyDistribution").asText("fixed")) {
            case "uniform" -> mean - jitter + random.nextDouble() * 2 * jitter;
            case "normal" -> mean + random.nextGaussian() * jitter;
            case "exponential" -> -mean * Math.log(1 - random.nextDouble());
            default -> mean;
        };
        return Math.max(0, Math.round(drawn));
    }
}
