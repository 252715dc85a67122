package dev.agentplatform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one JSON mapping of events. Unknown properties are ignored so that a newer producer does
 * not break an older consumer; times are ISO-8601 strings.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    /**
     * A reader and a writer per event class, made once: they hold the class's (de)serializer, which
     * {@code readValue}/{@code writeValueAsBytes} would otherwise resolve (type construction and
     * cache lookups) on every call. Same mapper, same configuration, same bytes.
     */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };
    private static final ClassValue<ObjectWriter> WRITERS = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
            return MAPPER.writerFor(type);
        }
    };

    private EventCodec() {
    }

    /** Applies the event mapping settings to a mapper (for example the one Quarkus provides). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("event-instants").addDeserializer(Instant.class, new IsoInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(PlatformEvent event) {
        try {
            return WRITERS.get(event.getClass()).writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + event.type(), e);
        }
    }

    /** Decodes a body whose CloudEvents type is known from its {@code ce_type} header. */
    public static PlatformEvent decode(String type, byte[] body) {
        Class<? extends PlatformEvent> recordClass = EventTypes.recordOf(type)
                .orElseThrow(() -> new EventDecodingException("unknown event type: " + type));
        return decode(recordClass, body);
    }

    public static <T extends PlatformEvent> T decode(Class<T> recordClass, byte[] body) {
        if (body == null) {
            throw new EventDecodingException("empty body for " + recordClass.getSimpleName());
        }
        try {
            T event = READERS.get(recordClass).readValue(body);
            if (event == null) {
                throw new EventDecodingException("null body for " + recordClass.getSimpleName());
            }
            requireEnvelope(event);
            return event;
        } catch (IOException | IllegalArgumentException e) {
            throw new EventDecodingException("not a valid " + recordClass.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static void requireEnvelope(PlatformEvent event) {
        if (event.id() == null || event.tenantId() == null || event.occurredAt() == null) {
            throw new EventDecodingException(event.getClass().getSimpleName() + " lacks id, tenantId or occurredAt");
        }
    }
}
