package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;

/**
 * One attempt of an agent: whose job, on what input, with which context, and the meter the
 * agent charges its work and tokens to.
 */
public record AgentRun(String tenantId, String jobId, int attempt, JsonNode input, AgentContext context,
        RunMeter meter) {

    /** CPU-bound work off the event loop, measured and charged to this run. */
    public Uni<JsonNode> compute(Supplier<JsonNode> work) {
        return Uni.createFrom().item(() -> meter.measure(work)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
