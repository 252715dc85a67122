package dev.agentplatform.common.problem;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** Bounds calls to a dependency (Redis, Kafka) and turns their failures into explicit 503s. */
public final class Dependencies {

    private Dependencies() {
    }

    /**
     * The call, failing with a 503 problem if it fails or does not answer within {@code timeout}.
     * Problems the call raises on purpose (404, 409, ...) pass through unchanged, and so do
     * programming errors: a bug must surface as a 500, not hide behind "try again later".
     */
    public static <T> Uni<T> guard(Uni<T> call, String dependency, Duration timeout, int retryAfterSeconds) {
        return Timeouts.failAfter(call, timeout)
                .onFailure(Dependencies::isDependencyFailure)
                .transform(failure -> ProblemException.unavailable(dependency + " is unavailable; try again later",
                        retryAfterSeconds, failure));
    }

    /**
     * Whether a failure of a {@link #guard guarded} call is its deadline passing while the call was
     * still pending: unlike a refused connection, the call may still reach the dependency and take
     * effect there, so whatever it would change must be undone or fenced off.
     */
    public static boolean timedOut(Throwable failure) {
        return failure instanceof ProblemException problem && problem.getCause() instanceof TimeoutException;
    }

    static boolean isDependencyFailure(Throwable failure) {
        return !(failure instanceof ProblemException
                || failure instanceof NullPointerException
                || failure instanceof ClassCastException
                || failure instanceof IllegalArgumentException
                || failure instanceof UnsupportedOperationException
                || failure instanceof IndexOutOfBoundsException);
    }
}
