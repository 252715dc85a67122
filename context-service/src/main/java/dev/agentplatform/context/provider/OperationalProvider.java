package dev.agentplatform.context.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.context.ResolvedContext.Contribution;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.cache.Invalidations;
import dev.agentplatform.context.cache.TtlCache;
import dev.agentplatform.context.config.ContextConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The tenant's live state from monitoring-service: its firing alerts ({@code GET /v1/alerts}) and
 * its service levels ({@code GET /v1/slo/{tenant}}: error rate, p95 latency, request rate, error
 * budget remaining), as monitoring-service reports them; nothing here invents a figure. If either
 * call fails (including a 404 from a monitoring-service without the SLO endpoint) the provider
 * fails and is reported. Cached for a few seconds per tenant.
 */
@Singleton
public class OperationalProvider extends ConfiguredProvider {

    public static final String NAME = "operational";

    private final ContextConfig.Operational config;
    private final JsonHttp http;
    private final ObjectMapper json;
    private final TtlCache<JsonNode> cache;

    public OperationalProvider(ContextConfig config, JsonHttp http, ObjectMapper json, Invalidations invalidations) {
        super(NAME, config.providers().operational());
        this.config = config.providers().operational();
        this.http = http;
        this.json = json;
        this.cache = invalidations.cache(NAME, this.config.cacheTtl(), 10_000);
    }

    @Override
    public boolean serves(String key) {
        return config.keys().contains(key);
    }

    @Override
    public Uni<ProviderResult> fetch(ResolveQuery query) {
        return cache.get(query.tenantId(), () -> live(query.tenantId())).map(state -> {
            ProviderResult.Builder result = new ProviderResult.Builder();
            query.keys().forEach(key -> result.add(key,
                    new Contribution(NAME, priority(), Scope.GLOBAL, Scope.GLOBAL_SCOPE_ID, 5, state)));
            return result.build();
        });
    }

    private Uni<JsonNode> live(String tenantId) {
        String tenant = URLEncoder.encode(tenantId, StandardCharsets.UTF_8);
        URI base = config.monitoringUrl();
        Uni<JsonNode> alerts = http.get(base.resolve("/v1/alerts?tenant=" + tenant), timeout());
        Uni<JsonNode> slo = http.get(base.resolve("/v1/slo/" + tenant), timeout());
        return Uni.combine().all().unis(alerts, slo).asTuple().map(both -> {
            ObjectNode state = json.createObjectNode();
            state.set("slo", both.getItem2());
            state.set("firingAlerts", both.getItem1());
            state.put("firingAlertCount", both.getItem1().size());
            state.put("observedAt", Instant.now().toString());
            return state;
        });
    }
}
