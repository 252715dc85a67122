package dev.agentplatform.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off of records to a producer that never blocks ({@code max.block.ms=0}): a producer
 * that cannot take a record reports a {@link TimeoutException} to the record's callback before
 * {@code send} returns, as {@code KafkaProducer} does; the fake below does the same on demand.
 */
class ProducerHandOffTest {

    private static final String TOPIC = "agent.executions";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ExecutorService waiting = Executors.newSingleThreadExecutor(task -> new Thread(task, "hand-off-test"));
    private final ProducerHandOff handOff = new ProducerHandOff(waiting, Duration.ofMillis(1));
    private final Fake producer = new Fake();

    /** Refuses records while {@code refusals} is positive; records the thread of every record it took. */
    private static final class Fake extends MockProducer<String, String> {
        final AtomicInteger refusals = new AtomicInteger();
        final List<String> takenOn = new CopyOnWriteArrayList<>();
        volatile RuntimeException thrown;

        Fake() {
            super(true, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            if (thrown != null) {
                throw thrown;
            }
            if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                TimeoutException refused = new TimeoutException("Topic " + record.topic() + " not present in metadata after 0 ms.");
                callback.onCompletion(null, refused);
                return CompletableFuture.failedFuture(refused);
            }
            takenOn.add(Thread.currentThread().getName());
            return super.send(record, callback);
        }
    }

    /** What reached a record's callback. */
    private static final class Outcome implements Callback {
        final CompletableFuture<Exception> first = new CompletableFuture<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception failure) {
            calls.incrementAndGet();
            first.complete(failure);
        }

        Exception await() throws Exception {
            return first.get(10, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        waiting.shutdownNow();
        waiting.awaitTermination(5, TimeUnit.SECONDS);
    }

    private Outcome send(String value, Duration wait) {
        Outcome outcome = new Outcome();
        handOff.send(producer, new ProducerRecord<>(TOPIC, "tenant", value), wait, outcome);
        return outcome;
    }

    /** Sends the first record of the topic and waits until the hand-off thread has finished with it. */
    private void warmUp() throws Exception {
        assertThat(send("first", WAIT).await()).isNull();
        settle();
    }

    /** Waits until the hand-off thread has run everything handed to it so far. */
    private void settle() throws Exception {
        waiting.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRecordTheProducerCannotTakeYetWaitsOnTheHandOffThreadAndIsThenSent() throws Exception {
        producer.refusals.set(3);
        Outcome outcome = send("first", WAIT);
        assertThat(outcome.await()).as("acknowledged, the refusals hidden").isNull();
        assertThat(outcome.calls).hasValue(1);
        assertThat(producer.takenOn).containsExactly("hand-off-test");
        assertThat(producer.history()).extracting(ProducerRecord::value).containsExactly("first");
        settle();
        assertThat(handOff.sendsDirectly(TOPIC)).isTrue();
    }

    @Test
    void onceTheProducerTookARecordOfATopicItsNextRecordsAreSentOnTheCallersThread() throws Exception {
        warmUp();
        Outcome second = send("second", WAIT);
        assertThat(second.first).as("sent and acknowledged before send returned").isCompletedWithValue(null);
        assertThat(producer.takenOn).containsExactly("hand-off-test", Thread.currentThread().getName());
    }

    @Test
    void aRefusalOnTheCallersThreadSendsTheRecordThroughTheHandOffThreadAgain() throws Exception {
        warmUp();
        producer.refusals.set(2);
        Outcome outcome = send("buffer full", WAIT);
        assertThat(outcome.await()).isNull();
        assertThat(outcome.calls).hasValue(1);
        assertThat(producer.takenOn).containsExactly("hand-off-test", "hand-off-test");
        settle();
        assertThat(handOff.sendsDirectly(TOPIC)).isTrue();
    }

    @Test
    void aRecordNotTakenWithinItsWaitFailsWithTheProducersTimeout() throws Exception {
        producer.refusals.set(Integer.MAX_VALUE);
        Outcome outcome = send("never", Duration.ofMillis(30));
        assertThat(outcome.await()).isInstanceOf(TimeoutException.class).hasMessageContaining("not present in metadata");
        settle();
        assertThat(outcome.calls).hasValue(1);
        assertThat(producer.history()).isEmpty();
        assertThat(handOff.sendsDirectly(TOPIC)).isFalse();
    }

    @Test
    void otherFailuresReachTheCallbackAtOnceAndAreNotRetried() throws Exception {
        warmUp();
        producer.thrown = new SerializationException("cannot serialize");
        Outcome outcome = send("bad", WAIT);
        assertThat(outcome.first).isCompletedWithValue(producer.thrown);
        assertThat(outcome.calls).hasValue(1);
    }

    @Test
    void aTimeoutReportedLaterByTheProducerIsTheRecordsOutcome() throws Exception {
        MockProducer<String, String> later = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        Outcome warmUp = new Outcome();
        handOff.send(later, new ProducerRecord<>(TOPIC, "tenant", "first"), WAIT, warmUp);
        settle();
        assertThat(later.completeNext()).isTrue();
        assertThat(warmUp.await()).isNull();

        Outcome outcome = new Outcome();
        handOff.send(later, new ProducerRecord<>(TOPIC, "tenant", "expires"), WAIT, outcome);
        TimeoutException expired = new TimeoutException("Expiring 1 record(s): 9000 ms has passed since batch creation");
        assertThat(later.errorNext(expired)).as("sent on the caller's thread, not waiting").isTrue();
        assertThat(outcome.await()).as("a delivery timeout from the producer's own thread is not retried").isSameAs(expired);
        assertThat(outcome.calls).hasValue(1);
    }
}
