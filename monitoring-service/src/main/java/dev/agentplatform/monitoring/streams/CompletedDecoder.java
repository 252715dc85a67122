package dev.agentplatform.monitoring.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.IsoInstantDeserializer;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.ResourceUsage;
import java.io.IOException;
import java.time.Instant;

/**
 * Decodes an {@code execution.completed} body with a streaming parser instead of data binding,
 * which is most of what decoding costs the alert engine. Every field is read as
 * {@link EventCodec} reads it except {@code output}, which the engine never looks at: it is
 * skipped, unparsed, and left null. A body in any other shape than the one {@link EventCodec}
 * writes (a number where a string is expected, a time that is not an ISO-8601 instant, a missing
 * id, a status that is not final, malformed JSON…) goes to {@link EventCodec#decode}, so what is
 * accepted and what is rejected, and how, stays {@link EventCodec}'s decision.
 */
final class CompletedDecoder {

    private static final JsonFactory JSON = EventCodec.mapper().getFactory();

    private CompletedDecoder() {
    }

    static ExecutionCompleted decode(byte[] body) {
        if (body != null) {
            try {
                ExecutionCompleted event = parse(body);
                if (event != null) {
                    return event;
                }
            } catch (IOException | RuntimeException e) {
                // not the usual shape: data binding decides (and explains)
            }
        }
        return EventCodec.decode(ExecutionCompleted.class, body);
    }

    /** The event, or null when the body is not in the shape this parser takes on. */
    private static ExecutionCompleted parse(byte[] body) throws IOException {
        String id = null;
        String tenantId = null;
        Instant occurredAt = null;
        String traceParent = null;
        String jobId = null;
        String agentId = null;
        String workerId = null;
        ExecutionStatus status = null;
        Instant startedAt = null;
        long durationMs = 0;
        String errorType = null;
        String errorMessage = null;
        int attempt = 0;
        ResourceUsage resources = null;
        boolean contextDegraded = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "id" -> id = text(p, v);
                    case "tenantId" -> tenantId = text(p, v);
                    case "occurredAt" -> occurredAt = instant(p, v);
                    case "traceParent" -> traceParent = text(p, v);
                    case "jobId" -> jobId = text(p, v);
                    case "agentId" -> agentId = text(p, v);
                    case "workerId" -> workerId = text(p, v);
                    case "status" -> {
                        String s = text(p, v);
                        status = s == null ? null : ExecutionStatus.valueOf(s);
                    }
                    case "startedAt" -> startedAt = instant(p, v);
                    case "durationMs" -> durationMs = integer(p, v).longValue();
                    case "output" -> p.skipChildren();
                    case "errorType" -> errorType = text(p, v);
                    case "errorMessage" -> errorMessage = text(p, v);
                    case "attempt" -> attempt = Math.toIntExact(integer(p, v).longValue());
                    case "resources" -> resources = resources(p, v);
                    case "contextDegraded" -> {
                        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                            throw new Unusual();
                        }
                        contextDegraded = v == JsonToken.VALUE_TRUE;
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        }
        if (id == null || tenantId == null || occurredAt == null) {
            return null;
        }
        return new ExecutionCompleted(id, tenantId, occurredAt, traceParent, jobId, agentId, workerId, status,
                startedAt, durationMs, null, errorType, errorMessage, attempt, resources, contextDegraded);
    }

    private static ResourceUsage resources(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_OBJECT) {
            throw new Unusual();
        }
        Long cpuTimeMs = null;
        Long allocatedBytes = null;
        Integer reservedMemoryMb = null;
        Double reservedCpuCores = null;
        Long promptTokens = null;
        Long completionTokens = null;
        Double costUsd = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken f = p.nextToken();
            switch (name) {
                case "cpuTimeMs" -> cpuTimeMs = integer(p, f);
                case "allocatedBytes" -> allocatedBytes = integer(p, f);
                case "reservedMemoryMb" -> {
                    Long mb = integer(p, f);
                    reservedMemoryMb = mb == null ? null : Math.toIntExact(mb);
                }
                case "reservedCpuCores" -> reservedCpuCores = decimal(p, f);
                case "promptTokens" -> promptTokens = integer(p, f);
                case "completionTokens" -> completionTokens = integer(p, f);
                case "costUsd" -> costUsd = decimal(p, f);
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new Unusual();
        }
        return new ResourceUsage(cpuTimeMs, allocatedBytes, reservedMemoryMb, reservedCpuCores, promptTokens,
                completionTokens, costUsd);
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw new Unusual();
        }
        return p.getText();
    }

    private static Instant instant(JsonParser p, JsonToken v) throws IOException {
        String text = text(p, v);
        return text == null ? null : instant(text);
    }

    /**
     * {@code Instant.parse} (ISO-8601 instant, as events write it), with the usual
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} form read without a formatter (the events module's
     * {@link IsoInstantDeserializer#parse}), which costs more than the rest of the event; any other
     * form goes to {@code Instant.parse} itself.
     */
    static Instant instant(String text) {
        Instant direct = IsoInstantDeserializer.parse(text);
        return direct != null ? direct : Instant.parse(text);
    }

    /** An integer field; null as null; anything else (a string, a fraction, a huge number) is unusual. */
    private static Long integer(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                && p.getNumberType() != JsonParser.NumberType.LONG) {
            throw new Unusual();
        }
        return p.getLongValue();
    }

    private static Double decimal(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new Unusual();
        }
        return p.getDoubleValue();
    }

    /** A value this parser leaves to data binding. */
    private static final class Unusual extends RuntimeException {
        Unusual() {
            super(null, null, false, false);
        }
    }
}
