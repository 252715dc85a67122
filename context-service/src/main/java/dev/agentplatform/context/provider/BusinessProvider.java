package dev.agentplatform.context.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplatform.context.ResolvedContext.Contribution;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.cache.Invalidations;
import dev.agentplatform.context.cache.TtlCache;
import dev.agentplatform.context.config.ContextConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Business context (market conditions, financial constraints, regulatory environment) from
 * configured sources: an HTTP endpoint per key, or {@code <key>.json} in a directory, with
 * {@code <tenant>/<key>.json} merged over it for one tenant. Documents are cached for the
 * provider's TTL. A key without any source contributes nothing; a source that fails fails the
 * provider (reported, not fatal).
 */
@Singleton
public class BusinessProvider extends ConfiguredProvider {

    public static final String NAME = "business";

    private final ContextConfig.Business config;
    private final JsonHttp http;
    private final ObjectMapper json;
    private final TtlCache<Optional<JsonNode>> cache;

    public BusinessProvider(ContextConfig config, JsonHttp http, ObjectMapper json, Invalidations invalidations) {
        super(NAME, config.providers().business());
        this.config = config.providers().business();
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
        List<Uni<List<Contribution>>> reads = query.keys().stream().map(key -> read(query.tenantId(), key)).toList();
        return Uni.join().all(reads).andFailFast().map(found -> {
            ProviderResult.Builder result = new ProviderResult.Builder();
            for (int i = 0; i < query.keys().size(); i++) {
                String key = query.keys().get(i);
                found.get(i).forEach(c -> result.add(key, c));
            }
            return result.build();
        });
    }

    private Uni<List<Contribution>> read(String tenantId, String key) {
        String endpoint = config.endpoints().get(key);
        if (endpoint != null) {
            URI uri = URI.create(endpoint.replace("{tenant}", tenantId));
            return cache.get(uri.toString(), () -> http.get(uri, timeout()).map(Optional::of))
                    .map(doc -> contributions(doc, Optional.empty()));
        }
        if (config.directory().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Path dir = Path.of(config.directory().get());
        Uni<Optional<JsonNode>> general = file(dir.resolve(key + ".json"));
        Uni<Optional<JsonNode>> tenant = file(dir.resolve(tenantId).resolve(key + ".json"));
        return Uni.combine().all().unis(general, tenant).asTuple()
                .map(both -> contributions(both.getItem1(), both.getItem2()));
    }

    private List<Contribution> contributions(Optional<JsonNode> general, Optional<JsonNode> tenant) {
        List<Contribution> found = new ArrayList<>();
        general.ifPresent(doc -> found.add(new Contribution(NAME, priority(), Scope.GLOBAL, Scope.GLOBAL_SCOPE_ID, 5, doc)));
        tenant.ifPresent(doc -> found.add(new Contribution(NAME, priority(), Scope.GLOBAL, "tenant", 5, doc)));
        return found;
    }

    private Uni<Optional<JsonNode>> file(Path path) {
        return cache.get(path.toString(), () -> Uni.createFrom().item(() -> readFile(path))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private Optional<JsonNode> readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(path.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
