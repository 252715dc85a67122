package dev.agentplatform.worker.messaging;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.Topics;
import dev.agentplatform.worker.Channels;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.core.impl.ContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes lifecycle events to {@code agent.metrics}, keyed by tenant, as CloudEvents in binary
 * mode ({@link CloudEventRecords#headers}, the event's {@code traceparent} among them); a send
 * completes on the broker's acknowledgement.
 *
 * <p>The records go through the Kafka producer of the {@code metrics-out} channel itself (so its
 * configuration holds: {@code acks=all}, idempotence, serializers, {@code linger.ms}), but not
 * through the channel's emitter: the emitter wraps every send in a message, its metadata, a
 * Mutiny pipeline and a hop to the connector's sending thread, which cost every job more than the
 * send itself. Here the job's records are queued and handed to the producer on one sending thread
 * in batches (the producer's {@code send} may block while it has no metadata for the topic, which
 * must not happen on an event loop); the acknowledgements of a produce response are handed back to
 * the event loop in one task, each on its job's context.
 */
@ApplicationScoped
public class MetricsPublisher {

    private final KafkaClientService clients;
    private final String topic;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Pending> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handBackScheduled = new AtomicBoolean();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "lifecycle-event-sender");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Producer<String, byte[]> producer;

    /**
     * {@code channel} is not used to send; injecting it keeps the {@code metrics-out} channel, and
     * thus its producer, part of the application.
     */
    public MetricsPublisher(@Channel(Channels.METRICS_OUT) MutinyEmitter<byte[]> channel, KafkaClientService clients,
            @ConfigProperty(name = "mp.messaging.outgoing.metrics-out.topic", defaultValue = Topics.METRICS) String topic) {
        this.clients = clients;
        this.topic = topic;
    }

    /**
     * Sends the event ({@code body}: its {@link EventCodec} encoding); {@code done} receives null
     * once Kafka acknowledged it, or the failure, on {@code context}.
     */
    public void send(PlatformEvent event, byte[] body, ContextInternal context, BiConsumer<Object, Throwable> done) {
        ProducerRecord<String, byte[]> record = CloudEventRecords.record(topic, event.tenantId(), event, body, Channels.SOURCE);
        queue.add(new Pending(record, context, done));
        if (drainScheduled.compareAndSet(false, true)) {
            sender.execute(this::drain);
        }
    }

    /** As {@link #send(PlatformEvent, byte[], ContextInternal, BiConsumer)}, encoding the event. */
    public void send(PlatformEvent event, ContextInternal context, BiConsumer<Object, Throwable> done) {
        send(event, EventCodec.encode(event), context, done);
    }

    private void drain() {
        drainScheduled.set(false);
        Pending next;
        while ((next = queue.poll()) != null) {
            Pending pending = next;
            try {
                producer().send(pending.record, (metadata, failure) -> acknowledged(pending, failure));
            } catch (RuntimeException e) {
                acknowledged(pending, e);
            }
        }
    }

    /** Kafka's answer (on the producer's network thread): queued, and the queue handed to the event loop once per batch. */
    private void acknowledged(Pending pending, Throwable failure) {
        pending.failure = failure;
        acknowledged.add(pending);
        if (handBackScheduled.compareAndSet(false, true)) {
            pending.context.nettyEventLoop().execute(this::handBack);
        }
    }

    private void handBack() {
        handBackScheduled.set(false);
        Pending next;
        while ((next = acknowledged.poll()) != null) {
            next.done();
        }
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            KafkaProducer<String, byte[]> channelProducer = clients.getProducer(Channels.METRICS_OUT);
            if (channelProducer == null) {
                throw new IllegalStateException("no Kafka producer for channel " + Channels.METRICS_OUT);
            }
            current = channelProducer.unwrap();
            producer = current;
        }
        return current;
    }

    /** A record waiting for the sending thread, and where its acknowledgement goes. */
    private static final class Pending {

        final ProducerRecord<String, byte[]> record;
        final ContextInternal context;
        final BiConsumer<Object, Throwable> callback;
        Throwable failure;

        Pending(ProducerRecord<String, byte[]> record, ContextInternal context, BiConsumer<Object, Throwable> callback) {
            this.record = record;
            this.context = context;
            this.callback = callback;
        }

        /** On the job's context (at once when this is its event loop). */
        void done() {
            context.emit(this, p -> p.callback.accept(null, p.failure));
        }
    }
}
