package dev.agentplatform.context.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1}                  | {\"b\":2}                   | {\"a\":1,\"b\":2}",
            "{\"a\":1}                  | {\"a\":2}                   | {\"a\":2}",
            "{\"a\":{\"x\":1,\"y\":1}}  | {\"a\":{\"y\":2}}           | {\"a\":{\"x\":1,\"y\":2}}",
            "{\"a\":{\"x\":1}}          | {\"a\":5}                   | {\"a\":5}",
            "{\"a\":[1,2]}              | {\"a\":[3]}                 | {\"a\":[3]}",
            "{\"a\":1}                  | {\"a\":null}                | {\"a\":null}",
    })
    void mergesObjectsDeeplyAndReplacesEverythingElse(String base, String override, String expected) throws Exception {
        JsonNode baseNode = JSON.readTree(base);
        JsonNode merged = JsonMerge.merge(baseNode, JSON.readTree(override));
        assertThat(merged).isEqualTo(JSON.readTree(expected));
        assertThat(baseNode).as("inputs are not modified").isEqualTo(JSON.readTree(base));
    }
}
