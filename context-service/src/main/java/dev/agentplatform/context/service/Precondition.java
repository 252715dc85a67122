package dev.agentplatform.context.service;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.context.ContextEntry;
import java.util.Optional;

/**
 * An {@code If-Match} precondition (RFC 9110 section 13.1.1): {@code *} (the entry must exist) or
 * one entity tag {@code "version"}. When it does not hold, the write is not performed and the
 * answer is 412 Precondition Failed, as RFC 9110 requires of a failed If-Match.
 */
public record Precondition(boolean any, Optional<Long> version) {

    public static final Precondition NONE = new Precondition(false, Optional.empty());

    public static Precondition parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        String value = header.trim();
        if (value.equals("*")) {
            return new Precondition(true, Optional.empty());
        }
        if (value.startsWith("W/")) {
            throw new ProblemException(ProblemType.VALIDATION, "If-Match needs a strong entity tag, not " + value);
        }
        try {
            return new Precondition(false, Optional.of(Long.parseLong(value.replace("\"", ""))));
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.VALIDATION, "If-Match must be * or an entity tag like \"3\"");
        }
    }

    public boolean present() {
        return any || version.isPresent();
    }

    /** Throws 412 unless the current entry (absent: empty) satisfies the precondition. */
    public void check(Optional<ContextEntry> current) {
        if (!present()) {
            return;
        }
        if (current.isEmpty()) {
            throw failed("the entry does not exist");
        }
        if (version.isPresent() && version.get() != current.get().version()) {
            throw failed("the entry is at version " + current.get().version() + ", not " + version.get());
        }
    }

    public static ProblemException failed(String detail) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED, detail);
    }
}
