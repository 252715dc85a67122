package dev.agentplatform.devstack;

/**
 * JMX view of a JVM-wide shared broker or server. Devstack internal: it exists because Quarkus
 * loads devstack once per test application class loader, and JMX is a channel every class loader
 * in the JVM can reach with JDK types only. Registered under {@code dev.agentplatform.devstack:type=Shared,name=...}.
 */
public interface SharedResourceMXBean {

    /** Bootstrap servers or URL. */
    String getAddress();

    String getMode();

    boolean isRestartable();

    /** Simulates a crash; only when {@link #isRestartable()}. */
    void stop();

    /** Brings the resource back on the same address; only when {@link #isRestartable()}. */
    void restart();
}
