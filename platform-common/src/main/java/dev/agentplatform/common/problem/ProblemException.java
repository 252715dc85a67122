package dev.agentplatform.common.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by services to answer with a specific problem. Extensions become top-level members of
 * the problem document; headers are added to the response (for example {@code Retry-After}).
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
        super(detail, cause);
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
