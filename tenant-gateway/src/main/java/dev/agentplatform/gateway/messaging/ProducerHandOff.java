package dev.agentplatform.gateway.messaging;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Hands records to a Kafka producer without ever blocking the calling thread, an event loop, and
 * without a hop to another thread when the producer can take the record at once.
 *
 * <p>The producers it serves are configured with {@code max.block.ms=0}, so
 * {@code KafkaProducer.send} never waits: when the topic's partitions are not known yet (the first
 * record to a topic, a broker not reachable since start-up) or the producer's buffer is full, the
 * send fails at once with a {@link TimeoutException}, which the producer hands to the record's
 * callback before {@code send} returns. Such an immediate failure is not the record's outcome: the
 * record goes to the waiting thread, which offers it again every {@code retry} until the producer
 * takes it or {@code wait} has passed since it was first offered (then the callback gets the
 * failure). That is the wait {@code max.block.ms} did, on one thread of its own instead of on the
 * event loop, in the order records arrived there.
 *
 * <p>A topic is sent to on the caller's thread while the last hand-off to it succeeded; after an
 * immediate failure its records go through the waiting thread until one is taken again. A record
 * sent directly may therefore overtake records still waiting for the same topic (jobs are
 * independent; nothing orders them across submissions). Every other failure, immediate or later,
 * and every acknowledgement reach the callback as the producer reports them.
 */
final class ProducerHandOff {

    private final Executor waiting;
    private final long retryMillis;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    /** {@code waiting} must run one task at a time (its tasks sleep between attempts). */
    ProducerHandOff(Executor waiting, Duration retry) {
        this.waiting = waiting;
        this.retryMillis = Math.max(1, retry.toMillis());
    }

    /** Sends {@code record}, waiting at most {@code wait} (on the waiting thread) for the producer to take it. */
    <K, V> void send(Producer<K, V> producer, ProducerRecord<K, V> record, Duration wait, Callback callback) {
        long deadline = System.nanoTime() + wait.toNanos();
        if (ready.contains(record.topic())) {
            if (offer(producer, record, new Attempt(callback))) {
                return;
            }
            ready.remove(record.topic());
        }
        waiting.execute(() -> sendWaiting(producer, record, callback, deadline));
    }

    /** Whether records to {@code topic} are currently sent on the caller's thread (for tests). */
    boolean sendsDirectly(String topic) {
        return ready.contains(topic);
    }

    private <K, V> void sendWaiting(Producer<K, V> producer, ProducerRecord<K, V> record, Callback callback, long deadline) {
        while (true) {
            Attempt attempt = new Attempt(callback);
            if (offer(producer, record, attempt)) {
                ready.add(record.topic());
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                callback.onCompletion(null, attempt.refused);
                return;
            }
            try {
                Thread.sleep(retryMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.onCompletion(null, attempt.refused);
                return;
            }
        }
    }

    /**
     * Sends once: false if the producer could not take the record now (its callback has not been
     * called), true if it took it or the send failed otherwise (its callback has the failure).
     */
    private static <K, V> boolean offer(Producer<K, V> producer, ProducerRecord<K, V> record, Attempt attempt) {
        try {
            producer.send(record, attempt);
        } catch (RuntimeException e) {
            attempt.sending = null;
            attempt.callback.onCompletion(null, e);
            return true; // not a matter of waiting: the record's outcome
        }
        attempt.sending = null;
        return attempt.refused == null;
    }

    /**
     * The record's callback, except for the immediate {@link TimeoutException} of a producer that
     * cannot take the record now: reported by the producer on the sending thread before
     * {@code send} returns, it is kept here instead of reaching the record's callback.
     */
    private static final class Attempt implements Callback {

        final Callback callback;
        volatile Thread sending = Thread.currentThread();
        TimeoutException refused;

        Attempt(Callback callback) {
            this.callback = callback;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception failure) {
            if (failure instanceof TimeoutException timeout && sending == Thread.currentThread()) {
                refused = timeout;
                return;
            }
            callback.onCompletion(metadata, failure);
        }
    }
}
