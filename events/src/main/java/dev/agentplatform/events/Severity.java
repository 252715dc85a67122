package dev.agentplatform.events;

/** Alert severities: CRITICAL pages a human now, WARNING opens a ticket, INFO is for dashboards. */
public enum Severity {
    CRITICAL, WARNING, INFO
}
