package dev.agentplatform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.SchemaLocation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema files themselves: one per type, well-formed, and shaped like their records. */
class EventSchemasTest {

    static Stream<String> types() {
        return EventTypes.all().keySet().stream().sorted();
    }

    @Test
    void resourcePathNamesTheSchemaOfAType() {
        assertThat(EventSchemas.resourcePath(EventTypes.EXECUTION_REQUESTED))
                .isEqualTo("/schemas/execution.requested.schema.json");
        assertThat(EventSchemas.resourcePath(EventTypes.EXECUTION_CANCEL_REQUESTED))
                .isEqualTo("/schemas/execution.cancel-requested.schema.json");
        assertThat(EventSchemas.schemaId(EventTypes.ALERT_FIRING))
                .isEqualTo("https://agentplatform.dev/schemas/alert.firing.schema.json");
    }

    @Test
    void resourcePathRejectsUnknownTypes() {
        assertThatThrownBy(() -> EventSchemas.resourcePath("execution.exploded"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventSchemas.resourcePath(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyTypeHasAWellFormedDraft202012Schema(String type) {
        JsonNode schema = SchemaSupport.schemaDocument(type);
        Class<? extends PlatformEvent> recordClass = EventTypes.recordOf(type).orElseThrow();

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(EventSchemas.schemaId(type));
        assertThat(schema.path("title").asText()).isEqualTo(recordClass.getSimpleName());
        assertThat(schema.path("description").asText()).isNotBlank();
        assertThat(schema.path("type").asText()).isEqualTo("object");

        JsonSchema metaSchema = SchemaSupport.FACTORY.getSchema(
                SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), SchemaSupport.CONFIG);
        assertThat(metaSchema.validate(schema)).as("meta-schema validation of %s", type).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void schemaPropertiesAreExactlyTheRecordComponents(String type) {
        JsonNode schema = SchemaSupport.schemaDocument(type);
        assertShape(schema, schema, EventTypes.recordOf(type).orElseThrow(), type);
    }

    /**
     * Properties = record components, required = the non-nullable ones, no additional properties;
     * nested records referenced through $defs are checked the same way.
     */
    private static void assertShape(JsonNode root, JsonNode objectSchema, Class<?> recordClass, String where) {
        var components = recordClass.getRecordComponents();
        Set<String> names = Arrays.stream(components).map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> required = Arrays.stream(components).filter(c -> !SchemaSupport.nullable(c))
                .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));

        assertThat(fieldNames(objectSchema.path("properties"))).as("properties of %s", where).isEqualTo(names);
        assertThat(texts(objectSchema.path("required"))).as("required of %s", where).isEqualTo(required);
        assertThat(objectSchema.path("additionalProperties").isBoolean()
                && !objectSchema.path("additionalProperties").asBoolean())
                .as("additionalProperties=false in %s", where).isTrue();

        for (var component : components) {
            JsonNode property = resolve(root, objectSchema.path("properties").path(component.getName()));
            if (SchemaSupport.nullable(component) && property.has("type")) {
                assertThat(texts(property.path("type"))).as("%s.%s accepts null", where, component.getName())
                        .contains("null");
            }
            if (!SchemaSupport.nullable(component) && property.has("type")) {
                assertThat(texts(property.path("type"))).as("%s.%s rejects null", where, component.getName())
                        .doesNotContain("null");
            }
            if (component.getType().isRecord()) {
                assertShape(root, property, component.getType(), where + "." + component.getName());
            }
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode property) {
        String ref = property.path("$ref").asText("");
        return ref.startsWith("#/") ? root.at(ref.substring(1)) : property;
    }

    @Test
    void patternsAndEnumsFollowTheCode() {
        JsonNode requested = SchemaSupport.schemaDocument(EventTypes.EXECUTION_REQUESTED);
        assertThat(requested.at("/properties/tenantId/pattern").asText()).isEqualTo(Ids.TENANT_ID_PATTERN);
        assertThat(requested.at("/properties/agentId/pattern").asText()).isEqualTo(Ids.AGENT_ID_PATTERN);

        JsonNode completed = SchemaSupport.schemaDocument(EventTypes.EXECUTION_COMPLETED);
        assertThat(texts(completed.at("/properties/status/enum"))).isEqualTo(
                Arrays.stream(ExecutionStatus.values()).filter(ExecutionStatus::isFinal).map(Enum::name)
                        .collect(Collectors.toCollection(TreeSet::new)));

        Set<String> severities = Arrays.stream(Severity.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String type : List.of(EventTypes.ALERT_FIRING, EventTypes.ALERT_RESOLVED)) {
            assertThat(texts(SchemaSupport.schemaDocument(type).at("/$defs/severity/enum"))).isEqualTo(severities);
        }
    }

    @Test
    void everySchemaFileBelongsToAKnownType() throws IOException, URISyntaxException {
        URL directory = EventSchemas.class.getResource(EventSchemas.DIRECTORY);
        assertThat(directory).isNotNull();
        assertThat(directory.getProtocol()).as("schemas read from target/classes").isEqualTo("file");
        Set<String> files;
        try (Stream<Path> listing = Files.list(Paths.get(directory.toURI()))) {
            files = listing.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = types().map(t -> t + EventSchemas.SUFFIX)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(files).isEqualTo(expected);
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return new TreeSet<>(values);
    }
}
