package dev.agentplatform.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DependenciesTest {

    private static Throwable failureOf(Uni<?> call) {
        return Dependencies.guard(call, "Redis", Duration.ofMillis(200), 7)
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure().getFailure();
    }

    @Test
    void connectionFailureBecomes503WithRetryAfter() {
        Throwable failure = failureOf(Uni.createFrom().failure(new ConnectException("refused")));
        assertThat(failure).isInstanceOf(ProblemException.class);
        ProblemException problem = (ProblemException) failure;
        assertThat(problem.type()).isEqualTo(ProblemType.DEPENDENCY_UNAVAILABLE);
        assertThat(problem.headers()).containsEntry("Retry-After", "7");
        assertThat(problem.getMessage()).contains("Redis");
        assertThat(Dependencies.timedOut(failure)).as("a refused call sent nothing: its outcome is known").isFalse();
    }

    @Test
    void silenceBecomes503() {
        Throwable failure = failureOf(Uni.createFrom().nothing());
        assertThat(failure).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) failure).type()).isEqualTo(ProblemType.DEPENDENCY_UNAVAILABLE);
        assertThat(Dependencies.timedOut(failure)).as("a call still pending at its deadline may yet take effect").isTrue();
    }

    @Test
    void deliberateProblemsPassThrough() {
        Throwable failure = failureOf(Uni.createFrom().failure(ProblemException.notFound("gone")));
        assertThat(((ProblemException) failure).type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(Dependencies.timedOut(failure)).isFalse();
    }

    @Test
    void programmingErrorsAreNotDisguisedAsOutages() {
        assertThat(failureOf(Uni.createFrom().failure(new NullPointerException("bug")))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void problemTypesHaveStableUris() {
        assertThat(ProblemType.QUOTA_EXCEEDED.uri()).hasToString("https://agentplatform.dev/problems/quota-exceeded");
        assertThat(ProblemType.forStatus(404)).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.INTERNAL);
    }
}
