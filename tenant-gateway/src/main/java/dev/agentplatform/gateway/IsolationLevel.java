package dev.agentplatform.gateway;

import dev.agentplatform.events.Topics;

/**
 * How strongly a tenant is separated from others. SHARED and NAMESPACE tenants share the worker
 * pool's topic; DEDICATED and PHYSICAL tenants get their own execution topic and workers.
 */
public enum IsolationLevel {
    SHARED, NAMESPACE, DEDICATED, PHYSICAL;

    /** The topic admitted jobs of a tenant with this isolation level go to. */
    public String executionsTopic(String tenantId) {
        return this == DEDICATED || this == PHYSICAL ? Topics.executionsFor(tenantId) : Topics.EXECUTIONS;
    }
}
