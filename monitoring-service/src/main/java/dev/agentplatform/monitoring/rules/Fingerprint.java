package dev.agentplatform.monitoring.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's identity across its lifecycle, as Alertmanager computes it: a hash of the rule name
 * and the sorted labels. The same rule and labels always give the same fingerprint, on any replica.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    private static final int CACHE_LIMIT = 100_000;
    private static final Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** As {@link #of}, remembered: the engine asks for the same few fingerprints on every event. */
    public static String cached(String rule, Map<String, String> labels) {
        String key = rule + labels;
        String fingerprint = CACHE.get(key);
        if (fingerprint == null) {
            if (CACHE.size() > CACHE_LIMIT) {
                CACHE.clear();
            }
            fingerprint = of(rule, labels);
            CACHE.put(key, fingerprint);
        }
        return fingerprint;
    }

    public static String of(String rule, Map<String, String> labels) {
        StringBuilder text = new StringBuilder(rule);
        new TreeMap<>(labels).forEach((name, value) -> text.append('\u0000').append(name).append('=').append(value));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
