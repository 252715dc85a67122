package dev.agentplatform.devstack;

/**
 * Reads a devstack setting from a JVM system property first, then from the environment.
 * System properties win so a single test JVM (or {@code -D} on a command line) can override
 * what the shell exported.
 */
final class Settings {

    private Settings() {
    }

    /** The trimmed value, or {@code null} when unset or blank. */
    static String get(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
