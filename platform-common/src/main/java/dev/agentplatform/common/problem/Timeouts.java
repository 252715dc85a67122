package dev.agentplatform.common.problem;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Deadlines on calls to dependencies, on a timer that forgets a deadline as soon as its call
 * answers. Mutiny's {@code ifNoItem().after(...)} schedules on the default worker pool, whose
 * cancelled timers stay queued, with everything their call references (request context, spans,
 * the request itself), until they would have fired: at 2,000 submissions/s and a 10 s publish
 * deadline that was over 20,000 finished requests kept alive and a heap that filled every few
 * seconds. This timer removes a cancelled deadline from its queue at once.
 */
public final class Timeouts {

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "dependency-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Timeouts() {
    }

    /** The call, failing with a {@link io.smallrye.mutiny.TimeoutException} if it has not answered within {@code timeout}. */
    public static <T> Uni<T> failAfter(Uni<T> call, Duration timeout) {
        return call.ifNoItem().after(timeout).on(TIMER).fail();
    }

    /** The call, failing with {@code onTimeout}'s exception if it has not answered within {@code timeout}. */
    public static <T> Uni<T> failAfter(Uni<T> call, Duration timeout, Supplier<? extends Throwable> onTimeout) {
        return call.ifNoItem().after(timeout).on(TIMER).failWith(onTimeout);
    }

    /**
     * Runs {@code task} on the deadline thread after {@code delay}, unless cancelled first; a
     * cancelled task leaves the queue at once. The task must be short (it fails a call, say).
     */
    public static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Deadlines currently pending (for tests). */
    static int pending() {
        return TIMER.getQueue().size();
    }
}
