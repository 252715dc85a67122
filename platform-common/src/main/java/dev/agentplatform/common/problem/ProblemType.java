package dev.agentplatform.common.problem;

import java.net.URI;

/** The stable problem types of the platform's APIs; clients switch on {@link #uri()}. */
public enum ProblemType {
    VALIDATION(400, "Request is not valid"),
    MALFORMED_BODY(400, "Request body is not valid JSON for this endpoint"),
    UNAUTHORIZED(401, "Authentication required"),
    FORBIDDEN(403, "Not allowed"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    QUOTA_EXCEEDED(429, "Tenant quota exceeded"),
    INTERNAL(500, "Internal error"),
    DEPENDENCY_UNAVAILABLE(503, "A dependency is unavailable");

    private static final String BASE = "https://agentplatform.dev/problems/";

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE + name().toLowerCase().replace('_', '-'));
    }

    /** The type that best describes a bare HTTP status, for errors raised by the framework. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != MALFORMED_BODY) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
