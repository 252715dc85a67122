package dev.agentplatform.common.logging;

import org.jboss.logging.MDC;

/**
 * Puts the tenant and job of a log statement into the MDC, so that every line about a job carries
 * {@code tenantId} and {@code jobId} as fields (the JSON log format writes the MDC of each line;
 * OpenTelemetry adds {@code traceId} and {@code spanId} the same way). The MDC is set around the
 * statement only and restored afterwards: reactive pipelines change threads, so a value left in
 * the MDC would end up on another job's lines.
 *
 * <pre>{@code
 * JobLog.log(job.tenantId(), job.jobId(), () -> LOG.infof("job %s already completed", job.jobId()));
 * }</pre>
 */
public final class JobLog {

    /** MDC key of the tenant id. */
    public static final String TENANT_ID = "tenantId";
    /** MDC key of the job id. */
    public static final String JOB_ID = "jobId";
    /** MDC key of the trace id (the key OpenTelemetry uses too). */
    public static final String TRACE_ID = "traceId";
    /** MDC key of the span id (the key OpenTelemetry uses too). */
    public static final String SPAN_ID = "spanId";

    private JobLog() {
    }

    /** Runs the log statement with the tenant and, when not null, the job in the MDC. */
    public static void log(String tenantId, String jobId, Runnable statement) {
        log(tenantId, jobId, null, statement);
    }

    /**
     * Same, and with the trace of the job: when no span is current on this thread (OpenTelemetry then
     * has not set {@code traceId}), the trace and span ids are taken from the job's W3C
     * {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), which every job event carries.
     */
    public static void log(String tenantId, String jobId, String traceParent, Runnable statement) {
        Object previousTenant = MDC.get(TENANT_ID);
        Object previousJob = MDC.get(JOB_ID);
        Object previousTrace = MDC.get(TRACE_ID);
        Object previousSpan = MDC.get(SPAN_ID);
        put(TENANT_ID, tenantId);
        put(JOB_ID, jobId);
        String[] parts = traceParent == null ? new String[0] : traceParent.split("-");
        if (previousTrace == null && parts.length == 4 && parts[1].length() == 32 && parts[2].length() == 16) {
            MDC.put(TRACE_ID, parts[1]);
            MDC.put(SPAN_ID, parts[2]);
        }
        try {
            statement.run();
        } finally {
            restore(TENANT_ID, previousTenant);
            restore(JOB_ID, previousJob);
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
        }
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
