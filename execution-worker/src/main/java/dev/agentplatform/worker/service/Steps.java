package dev.agentplatform.worker.service;

import dev.agentplatform.common.problem.Timeouts;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.impl.ContextInternal;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/** Infrastructure steps (Kafka, Redis) of a job, retried until they succeed. */
public final class Steps {

    private static final Logger LOG = Logger.getLogger(Steps.class);
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private Steps() {
    }

    /**
     * Retries a Kafka or Redis step until it succeeds: the record stays unacknowledged meanwhile.
     * Backoff is exponential from 200 ms to 5 s with ±50 % jitter. A success costs one subscription
     * and nothing else (Mutiny's {@code retry().withBackOff()} turns every step into a
     * {@code Multi} with a retry operator, which showed in the profile of every job); a failure
     * resubscribes to {@code step} after the backoff, without nesting, so a long outage does not
     * deepen the stack.
     */
    public static <T> Uni<T> retried(Uni<T> step) {
        return Uni.createFrom().emitter(emitter -> {
            Attempts<T> attempts = new Attempts<>(step, emitter);
            emitter.onTermination(attempts::cancel);
            attempts.next();
        });
    }

    /**
     * An asynchronous step written with a callback instead of a {@link Uni}: {@code start} begins it
     * and {@code done} receives its result or its failure, once, on the context the step promises
     * (the job's own, for the per-job steps of {@link RedisPipeline}, {@link JobMarkers},
     * {@link DoneMarkers} and the lifecycle-event publisher).
     */
    @FunctionalInterface
    public interface Step<T> {
        void start(BiConsumer<? super T, Throwable> done);
    }

    /**
     * {@link #retried(Uni)} for a callback {@link Step}: the same backoff, without any Mutiny operator
     * (the job pipeline uses these; each Mutiny operator of a job captured and restored the context).
     * {@code onSuccess} receives the first success on {@code context}; a failure is retried after
     * the backoff, again on {@code context}, unless {@code abandoned} says the job was given up
     * meanwhile. A step that throws instead of calling back counts as a failed attempt.
     */
    public static <T> void retried(Step<T> step, ContextInternal context, BooleanSupplier abandoned, Consumer<? super T> onSuccess) {
        new Retry<>(step, context, abandoned, onSuccess).attempt();
    }

    /** The delay before retry number {@code failures} (0 for the first): exponential, capped, jittered. */
    static Duration backoff(int failures) {
        long base = Math.min(MAX_BACKOFF.toMillis(), INITIAL_BACKOFF.toMillis() << Math.min(failures, 10));
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), Math.max(1, (long) (base * jitter))));
    }

    private static final class Retry<T> implements BiConsumer<T, Throwable> {

        private final Step<T> step;
        private final ContextInternal context;
        private final BooleanSupplier abandoned;
        private final Consumer<? super T> onSuccess;
        private int failures;

        Retry(Step<T> step, ContextInternal context, BooleanSupplier abandoned, Consumer<? super T> onSuccess) {
            this.step = step;
            this.context = context;
            this.abandoned = abandoned;
            this.onSuccess = onSuccess;
        }

        void attempt() {
            try {
                step.start(this);
            } catch (RuntimeException e) {
                accept(null, e);
            }
        }

        @Override
        public void accept(T value, Throwable failure) {
            if (failure == null) {
                onSuccess.accept(value);
                return;
            }
            if (abandoned.getAsBoolean()) {
                return;
            }
            LOG.warnf("step failed, retrying: %s", failure.toString());
            Timeouts.schedule(() -> context.emit(this, retry -> {
                if (!retry.abandoned.getAsBoolean()) {
                    retry.attempt();
                }
            }), backoff(failures++));
        }
    }

    private static final class Attempts<T> {

        private final Uni<T> step;
        private final UniEmitter<? super T> emitter;
        private int failures;
        private volatile Cancellable current;
        private volatile boolean cancelled;

        Attempts(Uni<T> step, UniEmitter<? super T> emitter) {
            this.step = step;
            this.emitter = emitter;
        }

        void next() {
            if (!cancelled) {
                current = step.subscribe().with(emitter::complete, this::failed);
            }
        }

        private void failed(Throwable failure) {
            if (cancelled) {
                return;
            }
            LOG.warnf("step failed, retrying: %s", failure.toString());
            current = Uni.createFrom().voidItem().onItem().delayIt().by(backoff(failures++))
                    .subscribe().with(ignored -> next());
        }

        void cancel() {
            cancelled = true;
            Cancellable subscription = current;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
