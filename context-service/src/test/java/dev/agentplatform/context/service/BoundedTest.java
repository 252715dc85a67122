package dev.agentplatform.context.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BoundedTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private static <T> Uni<T> bounded(Uni<T> call) {
        return Bounded.within(call, TIMEOUT, () -> new TimeoutException("no answer within 300 ms"));
    }

    @Test
    void anImmediateAnswerPassesAndLeavesNoTimerBehind() {
        ScheduledThreadPoolExecutor timers = (ScheduledThreadPoolExecutor) Infrastructure.getDefaultWorkerPool();
        int queuedBefore = timers.getQueue().size();
        for (int i = 0; i < 1000; i++) {
            assertThat(bounded(Uni.createFrom().item(i)).await().indefinitely()).isEqualTo(i);
        }
        assertThat(timers.getQueue().size() - queuedBefore).as("timers left queued").isLessThan(10);
    }

    @Test
    void aLateAnswerWithinTheTimeoutPasses() {
        UniAssertSubscriber<String> result = bounded(Uni.createFrom().item("late").onItem().delayIt().by(Duration.ofMillis(50)))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        result.awaitItem(Duration.ofSeconds(5)).assertItem("late");
    }

    @Test
    void noAnswerFailsWithTheTimeoutAndCancelsTheCall() {
        AtomicBoolean cancelled = new AtomicBoolean();
        UniAssertSubscriber<Object> result = bounded(Uni.createFrom().nothing().onCancellation().invoke(() -> cancelled.set(true)))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        result.awaitFailure(Duration.ofSeconds(5)).assertFailedWith(TimeoutException.class, "no answer within 300 ms");
        assertThat(cancelled).isTrue();
    }

    @Test
    void aFailurePassesUnchanged() {
        UniAssertSubscriber<Object> result = bounded(Uni.createFrom().failure(new IllegalStateException("source down")))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        result.assertFailedWith(IllegalStateException.class, "source down");
    }

    @Test
    void cancellingTheResultCancelsTheCall() {
        AtomicBoolean cancelled = new AtomicBoolean();
        UniAssertSubscriber<Object> result = bounded(Uni.createFrom().nothing().onCancellation().invoke(() -> cancelled.set(true)))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        result.cancel();
        assertThat(cancelled).isTrue();
        result.assertNotTerminated();
    }
}
