package dev.agentplatform.events;

import java.util.regex.Pattern;

/** Reads the W3C trace context ({@code traceparent}: version-traceid-parentid-flags). */
public final class TraceContext {

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

    private TraceContext() {
    }

    /** The trace id of a traceparent, or null when there is none or it is malformed. */
    public static String traceIdOf(String traceParent) {
        if (traceParent == null) {
            return null;
        }
        var matcher = TRACEPARENT.matcher(traceParent);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
