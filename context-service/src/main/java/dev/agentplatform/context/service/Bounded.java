package dev.agentplatform.context.service;

import dev.agentplatform.common.problem.Timeouts;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A call bounded by a timeout whose timer is armed only when the answer is not already there.
 * Mutiny's {@code ifNoItem().after(...)} schedules its timer before it subscribes, so a call that
 * answers at once (a provider serving from its cache) still schedules a task and cancels it, and
 * the cancelled task stays queued until its time comes, when it wakes the scheduler thread and is
 * handed to a worker thread to do nothing: two thread wake-ups per provider and request, for no
 * work. Here the call is subscribed first; the timer is only armed if no answer came during the
 * subscription, and is cancelled by the answer (on {@link Timeouts}' timer, which drops a
 * cancelled task from its queue at once).
 */
final class Bounded {

    private Bounded() {
    }

    static <T> Uni<T> within(Uni<T> call, Duration timeout, Supplier<? extends Throwable> onTimeout) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean settled = new AtomicBoolean();
            AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
            Cancellable subscription = call.subscribe().with(item -> {
                if (settled.compareAndSet(false, true)) {
                    cancel(timer);
                    emitter.complete(item);
                }
            }, failure -> {
                if (settled.compareAndSet(false, true)) {
                    cancel(timer);
                    emitter.fail(failure);
                }
            });
            if (settled.get()) {
                return;
            }
            emitter.onTermination(() -> {
                if (settled.compareAndSet(false, true)) {
                    cancel(timer);
                    subscription.cancel();
                }
            });
            timer.set(Timeouts.schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    subscription.cancel();
                    emitter.fail(onTimeout.get());
                }
            }, timeout));
            if (settled.get()) {
                cancel(timer);
            }
        });
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> timer) {
        ScheduledFuture<?> scheduled = timer.get();
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
