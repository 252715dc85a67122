package dev.agentplatform.context.provider;

import dev.agentplatform.context.ResolvedContext.ScopeRef;
import dev.agentplatform.common.security.Caller;
import java.util.List;

/** What a resolve asks of a provider: the tenant, the keys, the scope chain (GLOBAL first), the caller. */
public record ResolveQuery(String tenantId, List<String> keys, List<ScopeRef> chain, Caller caller) {

    public ResolveQuery {
        keys = List.copyOf(keys);
        chain = List.copyOf(chain);
    }

    public ResolveQuery forProvider(ContextProvider provider) {
        return new ResolveQuery(tenantId, keys.stream().filter(provider::serves).toList(), chain, caller);
    }
}
