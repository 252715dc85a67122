package dev.agentplatform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loads the event schemas with networknt, format assertions on, and reads record shapes. */
final class SchemaSupport {

    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaSupport() {
    }

    /** The raw schema document of a type; fails if the resource is missing. */
    static JsonNode schemaDocument(String type) {
        String path = EventSchemas.resourcePath(type);
        try (InputStream in = EventSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("no schema on the classpath at " + path + " for type " + type);
            }
            return EventCodec.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonSchema schema(String type) {
        return SCHEMAS.computeIfAbsent(type, t -> FACTORY.getSchema(schemaDocument(t), CONFIG));
    }

    static Set<ValidationMessage> validate(String type, JsonNode json) {
        return schema(type).validate(json);
    }

    static Set<ValidationMessage> validate(String type, byte[] json) {
        try {
            return validate(type, EventCodec.mapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A component is nullable unless it is primitive or marked @NotNull / @NotBlank. */
    static boolean nullable(RecordComponent component) {
        return !component.getType().isPrimitive()
                && !component.getAccessor().isAnnotationPresent(NotNull.class)
                && !component.getAccessor().isAnnotationPresent(NotBlank.class);
    }
}
