package dev.agentplatform.context.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.cache.Invalidations;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A tenant's policy overrides, one JSON object per scope and scope id, in Redis. The policy
 * provider merges them over the base policies; writes invalidate every replica's cached copy.
 */
@ApplicationScoped
public class PolicyStore {

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final Invalidations invalidations;

    public PolicyStore(ReactiveRedisDataSource redis, ObjectMapper json, Invalidations invalidations) {
        this.redis = redis;
        this.json = json;
        this.invalidations = invalidations;
    }

    public static String key(String tenantId, Scope scope, String scopeId) {
        return "pol:{" + tenantId + "}:" + scope.name() + ":" + scopeId;
    }

    public Uni<Void> put(String tenantId, Scope scope, String scopeId, ObjectNode override) {
        String key = key(tenantId, scope, scopeId);
        return redis.value(String.class).set(key, override.toString()).call(() -> invalidations.publish(key));
    }

    public Uni<Optional<JsonNode>> get(String redisKey) {
        return redis.value(String.class).get(redisKey).map(text -> Optional.ofNullable(text).map(this::parse));
    }

    public Uni<Boolean> delete(String tenantId, Scope scope, String scopeId) {
        String key = key(tenantId, scope, scopeId);
        return redis.key(String.class).del(key).call(() -> invalidations.publish(key)).map(n -> n > 0);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy override is not valid JSON", e);
        }
    }
}
