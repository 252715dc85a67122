package dev.agentplatform.context.provider;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * A source of context. A resolve consults every enabled provider that serves one of the requested
 * keys, concurrently, each bounded by its own timeout; one that fails or times out is skipped and
 * reported, never fatal. Across providers, values merge by priority: the highest priority is
 * applied last and wins on conflicting members.
 */
public interface ContextProvider {

    String name();

    int priority();

    boolean enabled();

    Duration timeout();

    /** Whether this provider has anything to say about the key. */
    boolean serves(String key);

    /** The provider's contributions to the query's keys (only those it serves are passed). */
    Uni<ProviderResult> fetch(ResolveQuery query);
}
