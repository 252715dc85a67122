package dev.agentplatform.worker.service;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Infrastructure steps (Kafka, Redis) of a job, retried until they succeed. */
public final class Steps {

    private static final Logger LOG = Logger.getLogger(Steps.class);

    private Steps() {
    }

    /** Retries a Kafka or Redis step until it succeeds: the record stays unacknowledged meanwhile. */
    public static <T> Uni<T> retried(Uni<T> step) {
        return step.onFailure().invoke(e -> LOG.warnf("step failed, retrying: %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }
}
