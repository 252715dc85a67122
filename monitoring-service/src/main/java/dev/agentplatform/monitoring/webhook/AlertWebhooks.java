package dev.agentplatform.monitoring.webhook;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.monitoring.Channels;
import dev.agentplatform.monitoring.config.MonitoringConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Hands each committed alert transition on {@code agent.alerts} to its tenant's webhook, if the
 * tenant has one. Reading the topic back (read_committed) rather than calling out from the
 * stream processor means receivers see exactly the published transitions, never ones from an
 * aborted transaction, and a slow receiver cannot slow the engine.
 */
@ApplicationScoped
public class AlertWebhooks {

    private final MonitoringConfig config;
    private final WebhookDispatcher dispatcher;

    public AlertWebhooks(MonitoringConfig config, WebhookDispatcher dispatcher) {
        this.config = config;
        this.dispatcher = dispatcher;
    }

    @Incoming(Channels.ALERTS_WEBHOOKS)
    public void onTransition(ConsumerRecord<String, byte[]> record) {
        String tenant = CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TENANT).orElse(null);
        MonitoringConfig.TenantOverrides receiver = tenant == null ? null : config.tenants().get(tenant);
        if (receiver == null || receiver.webhookUrl().isEmpty()) {
            return;
        }
        dispatcher.submit(new WebhookDispatcher.Delivery(receiver.webhookUrl().get(), receiver.webhookSecret(),
                CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_ID).orElse(""),
                CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TYPE).orElse(""),
                record.value()));
    }
}
