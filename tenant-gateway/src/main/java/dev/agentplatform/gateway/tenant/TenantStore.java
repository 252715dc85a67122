package dev.agentplatform.gateway.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentplatform.common.redis.LuaScript;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.gateway.Quota;
import dev.agentplatform.gateway.service.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant registry in Redis. A registration is a hash per tenant (its JSON, version, status and
 * times) plus the admission record that {@code admit.lua} reads (status, isolation, limits), both
 * written by one script so admission never sees half a change. Ids are indexed in a sorted set for
 * paging.
 */
@ApplicationScoped
public class TenantStore {

    private static final LuaScript PUT = LuaScript.fromClasspath("/lua/tenant_put.lua");
    private static final LuaScript DEACTIVATE = LuaScript.fromClasspath("/lua/tenant_deactivate.lua");

    /** Expected versions with a meaning of their own (see tenant_put.lua). */
    public static final long ANY = Long.MIN_VALUE;
    public static final long MUST_NOT_EXIST = 0;
    public static final long MUST_EXIST = -1;

    private final ReactiveRedisDataSource redis;

    public TenantStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** What a write did: whether it was applied, the version now current, and whether it created the tenant. */
    public record WriteResult(boolean applied, long version, boolean created) {
    }

    /** One page of tenants and the cursor of the next, null on the last page. */
    public record Page(List<TenantView> items, String nextCursor) {
    }

    /** Writes a registration whose quota already has every figure. */
    public Uni<WriteResult> put(String tenantId, TenantSpec spec, long expectedVersion) {
        Quota q = spec.quota();
        List<String> keys = List.of(RedisKeys.tenant(tenantId), RedisKeys.quota(tenantId));
        List<String> args = List.of(expected(expectedVersion), json(spec), spec.isolationLevel(),
                q.maxConcurrentAgents().toString(), q.maxMemoryMb().toString(), Long.toString(q.maxCpuMilli()),
                q.maxRequestsPerMinute().toString(), q.maxExecutionTimeSeconds().toString(), q.maxStorageGb().toString(),
                allowedAgents(spec));
        return PUT.run(redis, keys, args)
                .map(r -> new WriteResult(r.get(0).toLong() == 1L, r.get(1).toLong(), r.get(2).toLong() == 1L))
                .call(result -> result.applied()
                        ? redis.sortedSet(String.class).zadd(RedisKeys.TENANT_INDEX, 0, tenantId)
                        : Uni.createFrom().nullItem());
    }

    /** Deactivates; empty if the tenant is unknown. */
    public Uni<Optional<WriteResult>> deactivate(String tenantId, long expectedVersion) {
        List<String> keys = List.of(RedisKeys.tenant(tenantId), RedisKeys.quota(tenantId));
        return DEACTIVATE.run(redis, keys, List.of(expected(expectedVersion)))
                .map(r -> r.get(0).toLong() == -1L ? Optional.<WriteResult>empty()
                        : Optional.of(new WriteResult(r.get(0).toLong() == 1L, r.get(1).toLong(), false)));
    }

    public Uni<Optional<TenantView>> find(String tenantId) {
        return redis.hash(String.class).hgetall(RedisKeys.tenant(tenantId))
                .map(hash -> hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(view(tenantId, hash)));
    }

    /** Tenants in id order after {@code cursor} (exclusive), at most {@code limit}. */
    public Uni<Page> list(String cursor, int limit) {
        String from = cursor == null || cursor.isEmpty() ? "-" : "(" + cursor;
        return redis.execute("ZRANGE", RedisKeys.TENANT_INDEX, from, "+", "BYLEX", "LIMIT", "0", Integer.toString(limit + 1))
                .chain(reply -> {
                    List<String> ids = new ArrayList<>();
                    reply.forEach(id -> ids.add(id.toString()));
                    boolean more = ids.size() > limit;
                    List<String> page = more ? ids.subList(0, limit) : ids;
                    if (page.isEmpty()) {
                        return Uni.createFrom().item(new Page(List.of(), null));
                    }
                    List<Uni<Optional<TenantView>>> reads = page.stream().map(this::find).toList();
                    return Uni.join().all(reads).andFailFast().map(found -> new Page(
                            found.stream().flatMap(Optional::stream).toList(), more ? page.get(page.size() - 1) : null));
                });
    }

    private static TenantView view(String tenantId, Map<String, String> hash) {
        TenantSpec spec;
        try {
            spec = EventCodec.mapper().readValue(hash.get("json"), TenantSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored registration of " + tenantId + " is not valid JSON", e);
        }
        return new TenantView(tenantId, spec.name(), spec.isolationLevel(), spec.quota(), spec.securityPolicies(),
                spec.compliance(), spec.billing(), spec.sloOverrides(),
                TenantView.Status.valueOf(hash.getOrDefault("status", "ACTIVE")),
                Instant.ofEpochMilli(Long.parseLong(hash.get("createdAt"))),
                Instant.ofEpochMilli(Long.parseLong(hash.get("updatedAt"))), Long.parseLong(hash.get("version")));
    }

    private static String expected(long version) {
        return version == ANY ? "" : Long.toString(version);
    }

    private static String json(TenantSpec spec) {
        try {
            return EventCodec.mapper().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("registration cannot be written as JSON", e);
        }
    }

    /** The allow-list as admit.lua reads it: {@code ,a,b,}, or empty when every agent may run. */
    static String allowedAgents(TenantSpec spec) {
        if (spec.securityPolicies() == null || spec.securityPolicies().allowedAgents() == null
                || spec.securityPolicies().allowedAgents().isEmpty()) {
            return "";
        }
        return "," + String.join(",", spec.securityPolicies().allowedAgents()) + ",";
    }
}
