package dev.agentplatform.context.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplatform.common.redis.LuaScript;
import dev.agentplatform.context.ContextEntry;
import dev.agentplatform.context.Scope;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Context entries in Redis, one JSON string per entry. An expiry is the key's TTL, so Redis itself
 * guarantees an expired entry is never read. Writes are compare-and-set on the version (Lua), and
 * maintain a set per scope and per tag for listing; a member whose entry expired is dropped from
 * its sets when a listing meets it. All keys of a tenant share the hash tag {tenant}.
 */
@ApplicationScoped
public class ContextStore {

    private static final LuaScript PUT = LuaScript.fromClasspath("/lua/put-entry.lua");
    private static final LuaScript DELETE = LuaScript.fromClasspath("/lua/delete-entry.lua");

    /** What a conditional delete found. */
    public enum Deleted { DELETED, CONFLICT, ABSENT }

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;

    public ContextStore(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** Writes the entry if the stored version is {@code expectedVersion} (0: absent); false on conflict. */
    public Uni<Boolean> put(ContextEntry entry, long expectedVersion, Optional<Duration> ttl) {
        String key = key(entry.tenantId(), entry.scope(), entry.scopeId(), entry.key());
        List<String> keys = new ArrayList<>(List.of(key, scopeIndex(entry.tenantId(), entry.scope())));
        entry.tags().forEach(tag -> keys.add(tagIndexPrefix(entry.tenantId()) + tag));
        List<String> args = List.of(Long.toString(expectedVersion), write(entry),
                Long.toString(ttl.map(Duration::toMillis).orElse(0L)), tagIndexPrefix(entry.tenantId()));
        return PUT.run(redis, keys, args).map(r -> r.toInteger() == 1);
    }

    public Uni<Optional<ContextEntry>> get(String tenantId, Scope scope, String scopeId, String key) {
        return read(key(tenantId, scope, scopeId, key));
    }

    /** One entry by its Redis key. */
    public Uni<Optional<ContextEntry>> read(String redisKey) {
        return redis.value(String.class).get(redisKey).map(text -> Optional.ofNullable(text).map(this::parse));
    }

    /** Entries by Redis key; absent keys map to an empty Optional. */
    public Uni<Map<String, Optional<ContextEntry>>> readAll(List<String> redisKeys) {
        if (redisKeys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return redis.value(String.class).mget(redisKeys.toArray(String[]::new)).map(found -> {
            Map<String, Optional<ContextEntry>> entries = new java.util.HashMap<>();
            for (String k : redisKeys) {
                entries.put(k, Optional.ofNullable(found.get(k)).map(this::parse));
            }
            return entries;
        });
    }

    public Uni<Deleted> delete(String tenantId, Scope scope, String scopeId, String key, long expectedVersion) {
        List<String> keys = List.of(key(tenantId, scope, scopeId, key), scopeIndex(tenantId, scope));
        return DELETE.run(redis, keys, List.of(Long.toString(expectedVersion), tagIndexPrefix(tenantId)))
                .map(r -> switch (r.toInteger()) {
                    case 1 -> Deleted.DELETED;
                    case 0 -> Deleted.CONFLICT;
                    default -> Deleted.ABSENT;
                });
    }

    /** The live entries of a scope, of a tag, or both; members whose entry expired are pruned. */
    public Uni<List<ContextEntry>> list(String tenantId, Optional<Scope> scope, Optional<String> tag) {
        List<String> sets = new ArrayList<>();
        scope.ifPresent(s -> sets.add(scopeIndex(tenantId, s)));
        tag.ifPresent(t -> sets.add(tagIndexPrefix(tenantId) + t));
        Uni<Set<String>> members = sets.size() == 1
                ? redis.set(String.class).smembers(sets.get(0))
                : redis.set(String.class).sinter(sets.toArray(String[]::new));
        return members.chain(found -> readAll(List.copyOf(found)).call(entries -> prune(sets, entries)))
                .map(entries -> entries.values().stream().flatMap(Optional::stream)
                        .sorted(java.util.Comparator.comparing(ContextEntry::scope).thenComparing(ContextEntry::scopeId)
                                .thenComparing(ContextEntry::key))
                        .toList());
    }

    private Uni<Void> prune(List<String> sets, Map<String, Optional<ContextEntry>> entries) {
        String[] gone = entries.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey)
                .toArray(String[]::new);
        if (gone.length == 0) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Integer>> removals = sets.stream().map(set -> redis.set(String.class).srem(set, gone)).toList();
        return Uni.join().all(removals).andCollectFailures().replaceWithVoid();
    }

    public static String key(String tenantId, Scope scope, String scopeId, String key) {
        return "ctx:{" + tenantId + "}:" + scope.name() + ":" + scopeId + ":" + key;
    }

    static String scopeIndex(String tenantId, Scope scope) {
        return "ctxscope:{" + tenantId + "}:" + scope.name();
    }

    static String tagIndexPrefix(String tenantId) {
        return "ctxtag:{" + tenantId + "}:";
    }

    private String write(ContextEntry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ContextEntry parse(String text) {
        try {
            return json.readValue(text, ContextEntry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored context entry is not valid JSON", e);
        }
    }
}
