package dev.agentplatform.context.provider;

import dev.agentplatform.context.ContextEntry;
import dev.agentplatform.context.ResolvedContext.Contribution;
import dev.agentplatform.context.ResolvedContext.ScopeRef;
import dev.agentplatform.context.ResolvedContext.Withheld;
import dev.agentplatform.context.cache.Invalidations;
import dev.agentplatform.context.cache.TtlCache;
import dev.agentplatform.context.config.ContextConfig;
import dev.agentplatform.context.security.Access;
import dev.agentplatform.context.service.ContextStore;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's own entries. Entries (and their absence) are cached per Redis key; a write or
 * delete invalidates the key on every replica. A cached entry past its expiry is treated as
 * absent, so the cache never outlives the Redis TTL.
 */
@Singleton
public class StoredProvider extends ConfiguredProvider {

    public static final String NAME = "stored";

    private final ContextStore store;
    private final ContextConfig.Stored config;
    private final TtlCache<Optional<ContextEntry>> cache;

    public StoredProvider(ContextStore store, ContextConfig config, Invalidations invalidations) {
        super(NAME, config.providers().stored());
        this.store = store;
        this.config = config.providers().stored();
        this.cache = invalidations.cache(NAME, this.config.cacheTtl(), this.config.cacheSize());
    }

    @Override
    public boolean serves(String key) {
        return true;
    }

    @Override
    public Uni<ProviderResult> fetch(ResolveQuery query) {
        List<String> redisKeys = new ArrayList<>();
        for (String key : query.keys()) {
            for (ScopeRef link : query.chain()) {
                redisKeys.add(ContextStore.key(query.tenantId(), link.scope(), link.scopeId(), key));
            }
        }
        return entries(redisKeys).map(found -> result(query, found));
    }

    /** Cached entries, and one MGET for the keys the cache does not hold. */
    Uni<Map<String, Optional<ContextEntry>>> entries(List<String> redisKeys) {
        Map<String, Optional<ContextEntry>> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String redisKey : redisKeys) {
            Optional<ContextEntry> cached = cache.getIfPresent(redisKey);
            if (cached != null) {
                found.put(redisKey, cached);
            } else {
                missing.add(redisKey);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        long epoch = cache.epoch();
        return store.readAll(missing).map(loaded -> {
            loaded.forEach((k, v) -> cache.putIfUnchanged(k, v, epoch));
            found.putAll(loaded);
            return found;
        });
    }

    private ProviderResult result(ResolveQuery query, Map<String, Optional<ContextEntry>> found) {
        Instant now = Instant.now();
        ProviderResult.Builder result = new ProviderResult.Builder();
        for (String key : query.keys()) {
            for (ScopeRef link : query.chain()) {
                Optional<ContextEntry> entry = found.getOrDefault(
                        ContextStore.key(query.tenantId(), link.scope(), link.scopeId(), key), Optional.empty())
                        .filter(e -> !e.expiredAt(now));
                entry.ifPresent(e -> add(result, query, e));
            }
        }
        return result.build();
    }

    private void add(ProviderResult.Builder result, ResolveQuery query, ContextEntry entry) {
        if (Access.canRead(query.caller(), entry)) {
            result.add(entry.key(), new Contribution(NAME, priority(), entry.scope(), entry.scopeId(), entry.priority(),
                    entry.value()));
        } else {
            result.withhold(new Withheld(entry.key(), NAME, entry.scope(), entry.scopeId(),
                    "the caller holds none of the entry's read roles"));
        }
    }
}
