package dev.agentplatform.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

    @Test
    void aDeadlineIsForgottenAsSoonAsItsCallAnswers() {
        int before = Timeouts.pending();
        for (int i = 0; i < 1_000; i++) {
            String answer = Timeouts.failAfter(Uni.createFrom().item("ok"), Duration.ofHours(1))
                    .subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem().getItem();
            assertThat(answer).isEqualTo("ok");
        }
        // Answered calls leave no timer behind (each would otherwise hold its call for an hour).
        assertThat(Timeouts.pending()).isEqualTo(before);
    }

    @Test
    void aSilentCallFailsAtItsDeadline() {
        Throwable failure = Timeouts.failAfter(Uni.createFrom().nothing(), Duration.ofMillis(50))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure().getFailure();
        assertThat(failure).isInstanceOf(TimeoutException.class);
    }

    @Test
    void theFailureCanBeChosen() {
        Throwable failure = Timeouts.failAfter(Uni.createFrom().nothing(), Duration.ofMillis(50), () -> new IllegalStateException("late"))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure().getFailure();
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("late");
    }
}
