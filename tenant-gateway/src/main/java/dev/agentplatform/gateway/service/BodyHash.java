package dev.agentplatform.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentplatform.gateway.SubmitJobRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of a submission as parsed, with map keys sorted: two bodies that differ only in
 * whitespace or member order are the same request for idempotency.
 */
final class BodyHash {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .build();

    private BodyHash() {
    }

    static String of(SubmitJobRequest request) {
        try {
            // JsonNode members keep their order; re-reading them as a tree sorted by key canonicalises them.
            Object tree = CANONICAL.readValue(CANONICAL.writeValueAsBytes(request), Object.class);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(tree));
            return HexFormat.of().formatHex(digest);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot hash a submission", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
