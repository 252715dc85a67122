package dev.agentplatform.worker.agent;

/** What one run of an agent typically needs: the base figures of the gateway's estimate. */
public record ResourceProfile(int memoryMb, double cpuCores, int expectedDurationSeconds) {

    /** The platform's base reservation (ARCHITECTURE.md, quotas). */
    public static final ResourceProfile DEFAULT = new ResourceProfile(256, 0.5, 5);
}
