package dev.agentplatform.events;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as {@code ce_}
 * headers and the record value is the JSON event body.
 */
public final class CloudEventAttributes {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_SUBJECT = "ce_subject";
    public static final String HEADER_CONTENT_TYPE = "content-type";
    /** Extension attribute carrying the tenant, so consumers can route without parsing the body. */
    public static final String HEADER_TENANT = "ce_tenantid";
    /** W3C trace context of the work that caused the event. */
    public static final String HEADER_TRACEPARENT = "traceparent";

    private CloudEventAttributes() {
    }

    /** The Kafka headers (name to UTF-8 text) that carry an event's CloudEvents attributes. */
    public static Map<String, String> headersOf(PlatformEvent event, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER_SPEC_VERSION, SPEC_VERSION);
        headers.put(HEADER_ID, event.id());
        headers.put(HEADER_SOURCE, source);
        headers.put(HEADER_TYPE, event.type());
        headers.put(HEADER_TIME, DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
        headers.put(HEADER_TENANT, event.tenantId());
        headers.put(HEADER_CONTENT_TYPE, CONTENT_TYPE);
        if (event.traceParent() != null) {
            headers.put(HEADER_TRACEPARENT, event.traceParent());
        }
        return headers;
    }
}
