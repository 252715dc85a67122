package dev.agentplatform.worker.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.common.logging.JobLog;
import dev.agentplatform.worker.agent.AgentContext;
import dev.agentplatform.worker.config.WorkerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Resolves a job's context. When context-service is slow or down the job still runs, with its
 * context marked degraded; the circuit breaker stops a dead service from costing every job a timeout.
 */
@ApplicationScoped
public class ContextClient {

    private static final Logger LOG = Logger.getLogger(ContextClient.class);

    private final ContextApi api;
    private final String authorization;

    public ContextClient(@RestClient ContextApi api, WorkerConfig config) {
        this.api = api;
        this.authorization = config.context().token().map(token -> "Bearer " + token).orElse(null);
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "degraded")
    public Uni<AgentContext> resolve(String tenantId, List<String> keys, Map<String, String> scope) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(AgentContext.empty());
        }
        return api.resolve(authorization, tenantId, String.join(",", keys), scope).map(ContextClient::toContext);
    }

    Uni<AgentContext> degraded(String tenantId, List<String> keys, Map<String, String> scope, Throwable failure) {
        JobLog.log(tenantId, null, () -> LOG.warnf("context for tenant %s unavailable, running degraded: %s",
                tenantId, failure.toString()));
        return Uni.createFrom().item(AgentContext.unavailable());
    }

    private static AgentContext toContext(ResolvedContext resolved) {
        Map<String, JsonNode> values = new HashMap<>();
        if (resolved.entries() != null) {
            resolved.entries().forEach((key, entry) -> {
                if (entry != null && entry.value() != null) {
                    values.put(key, entry.value());
                }
            });
        }
        boolean degraded = resolved.providersFailed() != null && !resolved.providersFailed().isEmpty();
        return new AgentContext(values, degraded);
    }
}
