package dev.agentplatform.events;

/** Identifier formats that every service validates the same way. */
public final class Ids {

    /** Tenant ids: lower-case letters, digits and dashes; safe in Redis keys, topic names and URLs. */
    public static final String TENANT_ID_PATTERN = "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$";
    /** Agent ids: lower-case letters, digits and dashes. */
    public static final String AGENT_ID_PATTERN = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";

    private Ids() {
    }
}
