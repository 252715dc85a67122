package dev.agentplatform.gateway;

/** How demanding a job is; scales its memory, CPU and expected duration. */
public enum Complexity {
    LOW, MEDIUM, HIGH
}
