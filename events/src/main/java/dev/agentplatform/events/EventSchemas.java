package dev.agentplatform.events;

/**
 * Where the JSON Schema (draft 2020-12) of each event body lives. Every type in
 * {@link EventTypes#all()} has one schema on the classpath, named after its CloudEvents type.
 * This class only names the resources; validating against them is up to the caller.
 */
public final class EventSchemas {

    /** Classpath directory of the schemas. */
    public static final String DIRECTORY = "/schemas/";
    /** File name suffix after the CloudEvents type. */
    public static final String SUFFIX = ".schema.json";
    /** Base of every schema's {@code $id}. */
    public static final String BASE_URI = "https://agentplatform.dev/schemas/";

    private EventSchemas() {
    }

    /**
     * The classpath path of a type's schema, for {@code Class#getResourceAsStream}, for example
     * {@code /schemas/execution.requested.schema.json}.
     *
     * @throws IllegalArgumentException if the type is not a known event type
     */
    public static String resourcePath(String type) {
        return DIRECTORY + fileName(type);
    }

    /** The {@code $id} of a type's schema, for example {@code https://agentplatform.dev/schemas/alert.firing.schema.json}. */
    public static String schemaId(String type) {
        return BASE_URI + fileName(type);
    }

    private static String fileName(String type) {
        if (EventTypes.recordOf(type).isEmpty()) {
            throw new IllegalArgumentException("unknown event type: " + type);
        }
        return type + SUFFIX;
    }
}
