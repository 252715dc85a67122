package dev.agentplatform.context.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.context.ResolvedContext.Contribution;
import dev.agentplatform.context.ResolvedContext.ScopeRef;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.cache.Invalidations;
import dev.agentplatform.context.cache.TtlCache;
import dev.agentplatform.context.config.ContextConfig;
import dev.agentplatform.context.service.PolicyStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Enterprise policies: the base policies of a file (data handling, AI governance, security,
 * compliance frameworks, a policy version), then the overrides for each role the caller's token
 * carries (the file's {@code roleOverrides}), then the tenant's overrides along the scope chain
 * (set through the API). Base and overrides are cached for the policy TTL (30 minutes by default);
 * an override write invalidates every replica at once, a file edit is seen within the TTL.
 */
@Singleton
public class PolicyProvider extends ConfiguredProvider {

    public static final String NAME = "policy";
    private static final String BASE = "policy-base";

    private final ContextConfig.Policy config;
    private final PolicyStore store;
    private final ObjectMapper json;
    private final TtlCache<JsonNode> base;
    private final TtlCache<Optional<JsonNode>> overrides;

    public PolicyProvider(ContextConfig config, PolicyStore store, ObjectMapper json, Invalidations invalidations) {
        super(NAME, config.providers().policy());
        this.config = config.providers().policy();
        this.store = store;
        this.json = json;
        this.base = invalidations.cache("policy-base", this.config.cacheTtl(), 1);
        this.overrides = invalidations.cache("policy-overrides", this.config.cacheTtl(), 100_000);
    }

    @Override
    public boolean serves(String key) {
        return config.keys().contains(key);
    }

    @Override
    public Uni<ProviderResult> fetch(ResolveQuery query) {
        Uni<JsonNode> document = base.get(BASE, () -> Uni.createFrom().item(this::loadBase)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
        return document.chain(doc -> tenantOverrides(query).map(tenant -> result(query, doc, tenant)));
    }

    private Uni<List<Contribution>> tenantOverrides(ResolveQuery query) {
        List<Uni<Optional<Contribution>>> reads = new ArrayList<>();
        for (ScopeRef link : query.chain()) {
            String key = PolicyStore.key(query.tenantId(), link.scope(), link.scopeId());
            reads.add(overrides.get(key, () -> store.get(key))
                    .map(found -> found.map(v -> contribution(link.scope(), link.scopeId(), v))));
        }
        return Uni.join().all(reads).andFailFast()
                .map(found -> found.stream().flatMap(Optional::stream).toList());
    }

    private ProviderResult result(ResolveQuery query, JsonNode document, List<Contribution> tenant) {
        List<Contribution> ordered = new ArrayList<>();
        ObjectNode basePolicies = document.deepCopy();
        basePolicies.remove("roleOverrides");
        ordered.add(contribution(Scope.GLOBAL, Scope.GLOBAL_SCOPE_ID, basePolicies));
        JsonNode roleOverrides = document.path("roleOverrides");
        for (String role : new TreeSet<>(query.caller().roles())) {
            if (roleOverrides.has(role)) {
                ordered.add(contribution(Scope.GLOBAL, "role:" + role, roleOverrides.get(role)));
            }
        }
        ordered.addAll(tenant);
        ProviderResult.Builder result = new ProviderResult.Builder();
        query.keys().forEach(key -> ordered.forEach(c -> result.add(key, c)));
        return result.build();
    }

    private Contribution contribution(Scope scope, String scopeId, JsonNode value) {
        return new Contribution(NAME, priority(), scope, scopeId, 10, value);
    }

    private JsonNode loadBase() {
        try (InputStream in = config.file().isPresent() ? Files.newInputStream(Path.of(config.file().get()))
                : PolicyProvider.class.getResourceAsStream("/policies.json")) {
            if (in == null) {
                throw new IllegalStateException("no bundled policies.json");
            }
            JsonNode document = json.readTree(in);
            if (!document.isObject()) {
                throw new IllegalStateException("the policy file must hold a JSON object");
            }
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy file: " + e.getMessage(), e);
        }
    }
}
