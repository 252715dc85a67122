package dev.agentplatform.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of a resolve: per key the merged value and what each provider contributed from each
 * scope, plus which providers were consulted, which failed and why, what was withheld from the
 * caller by an entry's read roles, and the scope chain that was used.
 */
public record ResolvedContext(
        String tenantId,
        Map<String, Entry> entries,
        List<String> providersConsulted,
        List<String> providersFailed,
        Map<String, String> providerErrors,
        List<Withheld> withheld,
        List<ScopeRef> scopeChain,
        Instant resolvedAt) {

    /**
     * One key: the merged value and its contributions, highest provider priority first and, within
     * a provider, most general scope first.
     */
    public record Entry(JsonNode value, List<Contribution> contributions) {
    }

    /** What one provider contributed from one scope; {@code priority} is the entry's own (1-10). */
    public record Contribution(String provider, int providerPriority, Scope scope, String scopeId, int priority,
            JsonNode value) {
    }

    /** An entry that exists but did not contribute because the caller holds none of its read roles. */
    public record Withheld(String key, String provider, Scope scope, String scopeId, String reason) {
    }

    /** One link of the scope chain. */
    public record ScopeRef(Scope scope, String scopeId) {
    }
}
