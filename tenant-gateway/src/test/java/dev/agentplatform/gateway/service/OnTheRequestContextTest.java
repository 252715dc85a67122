package dev.agentplatform.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.devstack.KafkaTestResource;
import dev.agentplatform.devstack.RedisTestResource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mutiny, as configured in the gateway, carries the CDI request context into callbacks that run on
 * another thread; a pipeline built by {@link OnTheRequestContext#uni} does not (its callbacks are
 * left unwrapped), and still delivers its item.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class OnTheRequestContextTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ExecutorService elsewhere = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        elsewhere.shutdownNow();
    }

    @Test
    void callbacksOfAPipelineAssembledThereRunWithoutTheCallersThreadContexts() {
        ManagedContext request = Arc.container().requestContext();
        request.activate();
        try {
            Uni<Boolean> propagated = Uni.createFrom().item("job").emitOn(elsewhere).map(item -> requestContextActive());
            Uni<Boolean> unpropagated = OnTheRequestContext.uni(
                    () -> Uni.createFrom().item("job").emitOn(elsewhere).map(item -> requestContextActive()));

            assertThat(propagated.await().atMost(WAIT)).as("Mutiny's default: the request context travels").isTrue();
            assertThat(unpropagated.await().atMost(WAIT)).as("assembled by OnTheRequestContext").isFalse();
        } finally {
            request.terminate();
        }
    }

    @Test
    void failuresStillReachTheSubscriber() {
        Uni<String> failing = OnTheRequestContext.uni(() -> Uni.createFrom().<String>failure(new IllegalStateException("down"))
                .emitOn(elsewhere).map(item -> item + "!"));

        assertThat(failing.onFailure().recoverWithItem(Throwable::getMessage).await().atMost(WAIT)).isEqualTo("down");
    }

    private static boolean requestContextActive() {
        return Arc.container().requestContext().isActive();
    }
}
