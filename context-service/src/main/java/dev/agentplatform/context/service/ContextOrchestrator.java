package dev.agentplatform.context.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.context.ResolvedContext;
import dev.agentplatform.context.ResolvedContext.Contribution;
import dev.agentplatform.context.provider.ContextProvider;
import dev.agentplatform.context.provider.ProviderResult;
import dev.agentplatform.context.provider.ResolveQuery;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Consults the providers concurrently, each bounded by its own timeout, and merges their answers:
 * each provider's contributions along the scope chain (most specific scope wins), then the
 * providers by priority (lowest first, so the highest priority wins). A provider that fails or
 * times out is reported in {@code providersFailed} with its reason and never fails the resolve.
 */
public class ContextOrchestrator {

    private static final Logger LOG = Logger.getLogger(ContextOrchestrator.class);

    private final List<ContextProvider> providers;

    public ContextOrchestrator(List<ContextProvider> providers) {
        this.providers = providers.stream().sorted(Comparator.comparingInt(ContextProvider::priority).reversed()).toList();
    }

    private record Outcome(ContextProvider provider, ProviderResult result, String error) {
    }

    public Uni<ResolvedContext> resolve(ResolveQuery query) {
        List<ContextProvider> consulted = providers.stream().filter(ContextProvider::enabled)
                .filter(p -> query.keys().stream().anyMatch(p::serves)).toList();
        if (consulted.isEmpty()) {
            return Uni.createFrom().item(assemble(query, List.of()));
        }
        List<Uni<Outcome>> calls = consulted.stream().map(p -> consult(p, query)).toList();
        return Uni.join().all(calls).andFailFast().map(outcomes -> assemble(query, outcomes));
    }

    private static Uni<Outcome> consult(ContextProvider provider, ResolveQuery query) {
        return Bounded.within(Uni.createFrom().deferred(() -> provider.fetch(query.forProvider(provider))),
                        provider.timeout(), () -> new TimeoutException("no answer within " + provider.timeout().toMillis() + " ms"))
                .map(result -> new Outcome(provider, result, null))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("provider %s failed: %s", provider.name(), failure.toString());
                    return new Outcome(provider, null, reason(failure));
                });
    }

    static String reason(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "timed out: " + failure.getMessage();
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static ResolvedContext assemble(ResolveQuery query, List<Outcome> outcomes) {
        List<String> consulted = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        List<ResolvedContext.Withheld> withheld = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            consulted.add(outcome.provider().name());
            if (outcome.error() != null) {
                failed.add(outcome.provider().name());
                errors.put(outcome.provider().name(), outcome.error());
            } else {
                withheld.addAll(outcome.result().withheld());
            }
        }
        Map<String, ResolvedContext.Entry> entries = new LinkedHashMap<>();
        for (String key : query.keys()) {
            ResolvedContext.Entry entry = merge(key, outcomes);
            if (entry != null) {
                entries.put(key, entry);
            }
        }
        return new ResolvedContext(query.tenantId(), entries, consulted, failed, errors, withheld, query.chain(),
                Instant.now());
    }

    /** Outcomes arrive highest priority first; merging runs lowest first so the highest wins. */
    static ResolvedContext.Entry merge(String key, List<Outcome> outcomes) {
        List<Contribution> listed = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.result() != null) {
                listed.addAll(outcome.result().contributions().getOrDefault(key, List.of()));
            }
        }
        if (listed.isEmpty()) {
            return null;
        }
        JsonNode value = null;
        for (Contribution contribution : applicationOrder(listed)) {
            value = JsonMerge.merge(value, contribution.value());
        }
        return new ResolvedContext.Entry(value, listed);
    }

    /** Lowest provider priority first (stable, so each provider's scope order is kept). */
    static List<Contribution> applicationOrder(List<Contribution> listed) {
        List<Contribution> order = new ArrayList<>(listed);
        order.sort(Comparator.comparingInt(Contribution::providerPriority));
        return order;
    }
}
