package dev.agentplatform.context;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Context scopes of a tenant, most general first; a more specific scope overrides a general one. */
public enum Scope {
    GLOBAL, DIVISION, DEPARTMENT, PROJECT, USER, SESSION;

    /** The id GLOBAL entries are stored under: a tenant has exactly one global scope. */
    public static final String GLOBAL_SCOPE_ID = "global";

    /** The query parameter that names this scope's id in a resolve request ({@code division=...}). */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(text)).findFirst();
    }
}
