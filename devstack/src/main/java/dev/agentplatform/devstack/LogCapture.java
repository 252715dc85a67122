package dev.agentplatform.devstack;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures every log record of the JVM (the test and the Quarkus application under test) while
 * open, with its formatted message, stack trace and MDC, optionally lowering the level of some
 * categories so that their debug lines are captured too.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start("io.smallrye.jwt", "io.quarkus.security")) {
 *     ... exercise the service ...
 *     assertThat(logs.text()).doesNotContain(token);
 * }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One captured line: logger, level, message with its parameters applied, stack trace and MDC. */
    public record Line(String logger, Level level, String message, String thrown, Map<String, String> mdc) {
        @Override
        public String toString() {
            return level + " [" + logger + "] " + message + " " + mdc + (thrown.isEmpty() ? "" : "\n" + thrown);
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Map<Logger, Level> previousLevels = new HashMap<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    /** Starts capturing; the categories log at DEBUG until {@link #close()}. */
    public static LogCapture start(String... debugCategories) {
        LogCapture capture = new LogCapture();
        for (String category : debugCategories) {
            Logger logger = Logger.getLogger(category);
            capture.previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.FINE);
        }
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        Map<String, String> mdc = new HashMap<>();
        if (record instanceof ExtLogRecord ext) {
            ext.getMdcCopy().forEach((k, v) -> mdc.put(k, String.valueOf(v)));
        }
        String message = record.getMessage();
        try {
            if (record instanceof ExtLogRecord ext) {
                message = ext.getFormattedMessage();
            }
        } catch (RuntimeException e) {
            // keep the raw message
        }
        String thrown = "";
        if (record.getThrown() != null) {
            StringWriter out = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(out));
            thrown = out.toString();
        }
        lines.add(new Line(record.getLoggerName(), record.getLevel(), String.valueOf(message), thrown, mdc));
    }

    /** The lines captured so far. */
    public List<Line> lines() {
        return new ArrayList<>(lines);
    }

    /** Everything captured so far, one line per record (message, MDC and stack trace). */
    public String text() {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        previousLevels.forEach(Logger::setLevel);
    }
}
