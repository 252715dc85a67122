package dev.agentplatform.gateway.messaging;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.CancelRequested;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.gateway.Channels;
import dev.agentplatform.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Hands admitted jobs to Kafka. The returned {@link Uni} completes only when the broker has
 * acknowledged the record ({@code acks=all}, idempotent producer), so a 202 means the job is durable.
 * Admission decisions go to {@code agent.metrics} without holding up the client: they feed quota
 * alerts and are worth less than the request's latency.
 *
 * <p>Jobs and admission decisions, one each per submission, are written with the Kafka producers of
 * their channels ({@code executions-out}, {@code metrics-out}: same configuration, same clients, same
 * health checks) but straight through the producer rather than through the channel's emitter and
 * sink, whose per-message layers (message, metadata, context propagation at each stage, a hop to the
 * connector's sending thread and one back) cost more CPU than the send itself. Those two producers
 * never block ({@code max.block.ms=0}): a record is handed to the producer on the caller's thread
 * when it can take it at once, and otherwise waits on a thread of its own, up to
 * {@code gateway.kafka-hand-off-wait}, for the topic's partitions to be known or for room in the
 * buffer ({@link ProducerHandOff}). The acknowledgement is delivered on the caller's Vert.x context,
 * as the emitter delivered it. Cancellations, rare, still go through their channel's emitter.
 */
@ApplicationScoped
public class ExecutionPublisher {

    private static final Logger LOG = Logger.getLogger(ExecutionPublisher.class);
    /** Admission decisions are worth less than a job: they wait for the producer at most this long. */
    private static final Duration DECISION_WAIT = Duration.ofSeconds(1);

    private final KafkaClientService clients;
    private final MutinyEmitter<byte[]> control;
    private final String executionsTopic;
    private final String metricsTopic;
    private final ExecutorService waiting = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "gateway-kafka-hand-off");
        thread.setDaemon(true);
        return thread;
    });
    private final ProducerHandOff handOff = new ProducerHandOff(waiting, Duration.ofMillis(10));
    private final Duration jobWait;
    private volatile Producer<String, byte[]> executions;
    private volatile Producer<String, byte[]> metrics;

    /**
     * The emitters of {@code executions-out} and {@code metrics-out} are injected so that their
     * channels, and with them their producers, exist; records are written through the producers.
     */
    public ExecutionPublisher(KafkaClientService clients,
            @Channel(Channels.EXECUTIONS_OUT) MutinyEmitter<byte[]> executionsChannel,
            @Channel(Channels.METRICS_OUT) MutinyEmitter<byte[]> metricsChannel,
            @Channel(Channels.CONTROL_OUT) MutinyEmitter<byte[]> control,
            @ConfigProperty(name = "mp.messaging.outgoing." + Channels.EXECUTIONS_OUT + ".topic",
                    defaultValue = Channels.EXECUTIONS_OUT) String executionsTopic,
            @ConfigProperty(name = "mp.messaging.outgoing." + Channels.METRICS_OUT + ".topic",
                    defaultValue = Channels.METRICS_OUT) String metricsTopic,
            GatewayConfig config) {
        this.clients = clients;
        this.jobWait = config.kafkaHandOffWait();
        this.control = control;
        this.executionsTopic = executionsTopic;
        this.metricsTopic = metricsTopic;
    }

    @PreDestroy
    void stop() {
        waiting.shutdown();
    }

    /** Publishes to the shared topic, or to {@code topic} when the tenant has its own. */
    public Uni<Void> publish(ExecutionRequested event, String topic) {
        ProducerRecord<String, byte[]> record = record(topic == null ? executionsTopic : topic, event.tenantId(), event);
        return Uni.createFrom().emitter(emitter -> send(executions(), record, jobWait, emitter));
    }

    public Uni<Void> publish(ExecutionRequested event) {
        return publish(event, null);
    }

    /** Cancellation requests are keyed by job id, so every request for one job lands in order. */
    public Uni<Void> publish(CancelRequested event) {
        return control.sendMessage(CloudEventRecords.message(event, event.jobId(), Channels.SOURCE));
    }

    /** Fire and forget: a lost decision event costs an alert's precision, never a job. */
    public void publish(AdmissionDecided event) {
        try {
            ProducerRecord<String, byte[]> record = record(metricsTopic, event.tenantId(), event);
            handOff.send(metrics(), record, DECISION_WAIT, (metadata, failure) -> {
                if (failure != null) {
                    LOG.debugf("admission.decided %s not published: %s", event.id(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("admission.decided %s not published: %s", event.id(), e.toString());
        }
    }

    /** A record of an event in CloudEvents binary mode, as the channels' sinks wrote it. */
    private static ProducerRecord<String, byte[]> record(String topic, String key, PlatformEvent event) {
        return CloudEventRecords.record(topic, key, event, EventCodec.encode(event), Channels.SOURCE);
    }

    private void send(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record, Duration wait,
            UniEmitter<? super Void> emitter) {
        Context context = Vertx.currentContext();
        Callback acknowledged = (metadata, failure) -> {
            if (context == null) {
                complete(emitter, failure);
            } else {
                context.runOnContext(ignored -> complete(emitter, failure));
            }
        };
        try {
            handOff.send(producer, record, wait, acknowledged);
        } catch (RuntimeException e) {
            emitter.fail(e);
        }
    }

    private static void complete(UniEmitter<? super Void> emitter, Exception failure) {
        if (failure == null) {
            emitter.complete(null);
        } else {
            emitter.fail(failure);
        }
    }

    private Producer<String, byte[]> executions() {
        Producer<String, byte[]> producer = executions;
        return producer != null ? producer : (executions = producerOf(Channels.EXECUTIONS_OUT));
    }

    private Producer<String, byte[]> metrics() {
        Producer<String, byte[]> producer = metrics;
        return producer != null ? producer : (metrics = producerOf(Channels.METRICS_OUT));
    }

    private Producer<String, byte[]> producerOf(String channel) {
        return clients.<String, byte[]>getProducer(channel).unwrap();
    }
}
