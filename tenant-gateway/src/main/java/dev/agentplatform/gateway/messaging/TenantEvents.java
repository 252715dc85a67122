package dev.agentplatform.gateway.messaging;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.TenantConfigured;
import dev.agentplatform.gateway.Channels;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Registry changes other services apply ({@code tenant.configured} on {@code agent.metrics}, keyed by
 * tenant id): monitoring takes a tenant's SLO targets from them. Acknowledged by every in-sync
 * replica before the registry call answers.
 */
@ApplicationScoped
public class TenantEvents {

    private final MutinyEmitter<byte[]> emitter;

    public TenantEvents(@Channel(Channels.TENANTS_OUT) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(TenantConfigured event) {
        return emitter.sendMessage(CloudEventRecords.message(event, event.tenantId(), Channels.SOURCE));
    }
}
