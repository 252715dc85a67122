package dev.agentplatform.devstack;

import java.util.List;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Logging adjustments for brokers devstack runs. SLF4J is bound to JBoss LogManager here (it comes
 * with Quarkus, and Quarkus tests configure it), so the levels are set on that log context.
 */
final class KafkaLogging {

    /**
     * Broker-side categories only: client categories (org.apache.kafka.clients, .common) are left
     * alone so services still see their own producer/consumer logs.
     */
    private static final List<String> BROKER_CATEGORIES = List.of(
            "kafka", "state.change.logger",
            "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
            "org.apache.kafka.coordinator", "org.apache.kafka.snapshot", "org.apache.kafka.queue",
            "org.apache.kafka.network", "org.apache.kafka.security", "org.apache.kafka.common.test");

    /** Kept so the configured loggers (and their levels) cannot be garbage-collected. */
    private static List<Logger> quieted = List.of();
    private static List<Logger> configured = List.of();

    private KafkaLogging() {
    }

    /**
     * A broker logs hundreds of INFO lines while starting; only warnings help in test output.
     * Override with {@code DEVSTACK_KAFKA_LOG_LEVEL} (a java.util.logging level name, e.g. INFO).
     */
    static synchronized void quietBroker() {
        Level level = Level.parse(levelSetting());
        LogContext context = LogContext.getLogContext();
        quieted = BROKER_CATEGORIES.stream().map(context::getLogger).toList();
        quieted.forEach(logger -> logger.setLevel(level));
    }

    private static String levelSetting() {
        String configured = Settings.get("DEVSTACK_KAFKA_LOG_LEVEL");
        return configured == null ? "WARNING" : configured.toUpperCase();
    }

    /**
     * For a JVM where nothing configured logging (DevBroker): without a handler JBoss LogManager
     * drops everything, including the errors that explain a failed start. Sends warnings (or
     * {@code DEVSTACK_KAFKA_LOG_LEVEL}) and devstack's own INFO lines to stderr, keeping stdout
     * for the READY line. Call before anything logs.
     */
    static synchronized void consoleToStderr() {
        ConsoleHandler handler = new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR,
                new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{3.}] %s%e%n"));
        handler.setLevel(Level.ALL);
        LogContext context = LogContext.getLogContext();
        Logger root = context.getLogger("");
        root.addHandler(handler);
        root.setLevel(Level.parse(levelSetting()));
        Logger devstack = context.getLogger("dev.agentplatform");
        devstack.setLevel(Level.INFO);
        configured = List.of(root, devstack);
    }
}
