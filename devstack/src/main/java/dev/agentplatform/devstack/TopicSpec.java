package dev.agentplatform.devstack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses topic lists written as {@code name:partitions,name:partitions}. */
public final class TopicSpec {

    /** Used when an entry has no {@code :partitions} suffix; matches the brokers' num.partitions. */
    public static final int DEFAULT_PARTITIONS = 3;

    private TopicSpec() {
    }

    /**
     * @param spec e.g. {@code "jobs:3,events:1"}; {@code null} or blank yields an empty map
     * @return topic name to partition count, in the order given
     * @throws IllegalArgumentException when an entry is malformed
     */
    public static Map<String, Integer> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return Map.of();
        }
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (!entry.isBlank()) {
                addEntry(topics, entry.trim());
            }
        }
        return Collections.unmodifiableMap(topics);
    }

    private static void addEntry(Map<String, Integer> topics, String entry) {
        String[] parts = entry.split(":", -1);
        if (parts.length > 2 || parts[0].isBlank()) {
            throw new IllegalArgumentException("Bad topic entry '" + entry + "', expected name:partitions");
        }
        int partitions = parts.length == 2 ? parsePartitions(entry, parts[1]) : DEFAULT_PARTITIONS;
        topics.put(parts[0].trim(), partitions);
    }

    private static int parsePartitions(String entry, String text) {
        try {
            int partitions = Integer.parseInt(text.trim());
            if (partitions > 0) {
                return partitions;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the whole entry, which is more useful than the raw number
        }
        throw new IllegalArgumentException("Bad partition count in topic entry '" + entry + "'");
    }
}
