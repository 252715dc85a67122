package dev.agentplatform.common.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by services to answer with a specific problem. Extensions become top-level members of
 * the problem document; headers are added to the response (for example {@code Retry-After}).
 *
 * <p>It has no stack trace of its own: it is an answer, thrown for every 404, 409 or 429, not a
 * fault, and filling in a stack of a hundred framework frames for each was a cost every refused
 * request paid. A dependency's failure keeps its own stack as the {@linkplain #getCause() cause}.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of(), Map.of(), null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> extensions,
            Map<String, String> headers, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
        this.extensions = Map.copyOf(new LinkedHashMap<>(extensions));
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    /** A dependency (Redis, Kafka, another service) failed: 503 with a retry hint. */
    public static ProblemException unavailable(String detail, int retryAfterSeconds, Throwable cause) {
        return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, detail, Map.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)), cause);
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
