package dev.agentplatform.context.service;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.context.ContextEntry;
import dev.agentplatform.context.EntryList;
import dev.agentplatform.context.PutEntryRequest;
import dev.agentplatform.context.ResolvedContext;
import dev.agentplatform.context.ResolvedContext.ScopeRef;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.cache.Invalidations;
import dev.agentplatform.context.config.ContextConfig;
import dev.agentplatform.context.provider.ContextProvider;
import dev.agentplatform.context.provider.ResolveQuery;
import dev.agentplatform.context.security.Access;
import dev.agentplatform.common.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes entries (compare-and-set on the version) and resolves keys through the providers. */
@ApplicationScoped
public class ContextService {

    /** Writes without If-Match retry this often when another writer got in between. */
    private static final int WRITE_ATTEMPTS = 3;

    private final ContextStore store;
    private final Invalidations invalidations;
    private final ContextConfig config;
    private final ContextOrchestrator orchestrator;
    private final ResolveTracing tracing;
    private final MeterRegistry registry;

    public ContextService(ContextStore store, Invalidations invalidations, ContextConfig config,
            Instance<ContextProvider> providers, ResolveTracing tracing, MeterRegistry registry) {
        this.tracing = tracing;
        this.store = store;
        this.invalidations = invalidations;
        this.config = config;
        this.orchestrator = new ContextOrchestrator(providers.stream().toList());
        this.registry = registry;
    }

    public Uni<ContextEntry> put(Caller caller, String tenantId, Scope scope, String scopeId, String key,
            PutEntryRequest request, Precondition precondition) {
        int size = request.value().toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > config.maxEntryBytes()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the value has " + size
                    + " bytes; at most " + config.maxEntryBytes() + " are accepted");
        }
        return put(caller, tenantId, scope, scopeId, key, request, precondition, WRITE_ATTEMPTS);
    }

    private Uni<ContextEntry> put(Caller caller, String tenantId, Scope scope, String scopeId, String key,
            PutEntryRequest request, Precondition precondition, int attempts) {
        return store.get(tenantId, scope, scopeId, key).chain(previous -> {
            precondition.check(previous);
            if (previous.isPresent() && !Access.canWrite(caller, previous.get())) {
                throw Access.forbidden("the caller holds none of the entry's write roles");
            }
            ContextEntry entry = next(caller, tenantId, scope, scopeId, key, request, previous);
            Optional<Duration> ttl = Optional.ofNullable(request.ttlSeconds()).map(Duration::ofSeconds);
            return store.put(entry, previous.map(ContextEntry::version).orElse(0L), ttl).chain(written -> {
                if (written) {
                    return invalidations.publish(ContextStore.key(tenantId, scope, scopeId, key)).replaceWith(entry);
                }
                if (precondition.present()) {
                    throw Precondition.failed("the entry changed while it was being written");
                }
                if (attempts <= 1) {
                    throw new ProblemException(ProblemType.CONFLICT, "the entry kept changing under concurrent writers; retry");
                }
                return put(caller, tenantId, scope, scopeId, key, request, precondition, attempts - 1);
            });
        });
    }

    private static ContextEntry next(Caller caller, String tenantId, Scope scope, String scopeId, String key,
            PutEntryRequest request, Optional<ContextEntry> previous) {
        Instant now = Instant.now();
        Instant expiresAt = request.ttlSeconds() == null ? null : now.plusSeconds(request.ttlSeconds());
        return new ContextEntry(tenantId, scope, scopeId, key, request.value(), request.priority(), request.tags(),
                previous.map(ContextEntry::createdAt).orElse(now),
                previous.map(ContextEntry::createdBy).orElse(caller.subject()),
                now, caller.subject(), expiresAt, request.readRoles(), request.writeRoles(),
                previous.map(p -> p.version() + 1).orElse(1L));
    }

    public Uni<ContextEntry> get(Caller caller, String tenantId, Scope scope, String scopeId, String key) {
        return store.get(tenantId, scope, scopeId, key).map(found -> {
            ContextEntry entry = found.orElseThrow(() -> notFound(scope, scopeId, key));
            if (!Access.canRead(caller, entry)) {
                throw Access.forbidden("the caller holds none of the entry's read roles");
            }
            return entry;
        });
    }

    public Uni<Void> delete(Caller caller, String tenantId, Scope scope, String scopeId, String key,
            Precondition precondition) {
        return store.get(tenantId, scope, scopeId, key).chain(found -> {
            if (found.isEmpty() && !precondition.present()) {
                throw notFound(scope, scopeId, key);
            }
            precondition.check(found);
            if (!Access.canWrite(caller, found.get())) {
                throw Access.forbidden("the caller holds none of the entry's write roles");
            }
            return store.delete(tenantId, scope, scopeId, key, found.get().version());
        }).chain(outcome -> switch (outcome) {
            case DELETED -> invalidations.publish(ContextStore.key(tenantId, scope, scopeId, key));
            case CONFLICT -> throw precondition.present() ? Precondition.failed("the entry changed while it was being deleted")
                    : new ProblemException(ProblemType.CONFLICT, "the entry changed while it was being deleted; retry");
            case ABSENT -> throw notFound(scope, scopeId, key);
        });
    }

    public Uni<EntryList> list(Caller caller, String tenantId, Optional<Scope> scope, Optional<String> scopeId,
            Optional<String> tag) {
        return store.list(tenantId, scope, tag).map(entries -> {
            List<ContextEntry> readable = new ArrayList<>();
            int withheld = 0;
            for (ContextEntry entry : entries) {
                if (scopeId.isPresent() && !scopeId.get().equals(entry.scopeId())) {
                    continue;
                }
                if (Access.canRead(caller, entry)) {
                    readable.add(entry);
                } else {
                    withheld++;
                }
            }
            return new EntryList(readable, withheld);
        });
    }

    public Uni<ResolvedContext> resolve(Caller caller, String tenantId, List<String> keys, Map<Scope, String> scopeIds) {
        Span span = tracing.start(tenantId, keys);
        return Uni.createFrom().deferred(() -> orchestrator.resolve(new ResolveQuery(tenantId, keys, chain(scopeIds), caller)))
                .onItemOrFailure().invoke((resolved, failure) -> {
                    if (failure != null) {
                        tracing.failed(span, failure);
                    } else {
                        tracing.resolved(span, resolved);
                        resolved.providersFailed().forEach(this::providerFailed);
                    }
                });
    }

    /** {@code context_provider_failures_total{provider}}: a provider failed or timed out during a resolve. */
    private void providerFailed(String provider) {
        Counter.builder("context.provider.failures").description("Provider calls that failed or timed out in a resolve")
                .tag("provider", provider).register(registry).increment();
    }

    /** GLOBAL first, then every scope the request names, in scope order. */
    static List<ScopeRef> chain(Map<Scope, String> scopeIds) {
        List<ScopeRef> chain = new ArrayList<>();
        chain.add(new ScopeRef(Scope.GLOBAL, Scope.GLOBAL_SCOPE_ID));
        for (Scope scope : Scope.values()) {
            String id = scopeIds.get(scope);
            if (scope != Scope.GLOBAL && id != null && !id.isBlank()) {
                chain.add(new ScopeRef(scope, id));
            }
        }
        return chain;
    }

    private static ProblemException notFound(Scope scope, String scopeId, String key) {
        return ProblemException.notFound("no context entry " + key + " at " + scope + "/" + scopeId);
    }
}
