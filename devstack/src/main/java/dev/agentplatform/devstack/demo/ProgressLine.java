package dev.agentplatform.devstack.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The live line under the demo's output. On a terminal it is redrawn in place with a carriage
 * return; elsewhere (a pipe, a CI log) it is printed as a plain line now and then, so logs stay readable.
 */
final class ProgressLine {

    private static final String CLEAR = "\r\033[2K";

    private final PrintStream out;
    private final boolean terminal;
    private final long plainEveryNanos;
    private String shown = "";
    private String lastPrinted = "";
    private long lastPlain;

    ProgressLine(PrintStream out, boolean terminal, long plainEveryMillis) {
        this.out = out;
        this.terminal = terminal;
        this.plainEveryNanos = plainEveryMillis * 1_000_000;
    }

    /** {@code submitted 120  admitted 118  rejected 2 (maxConcurrentAgents 2)  completed 110  failed 3  p95 41 ms}. */
    static String render(String phase, long elapsedSeconds, TenantStats.Snapshot s, int alerts) {
        String rejected = s.rejected() == 0 ? "0" : s.rejected() + s.rejectedByLimit().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
        return String.format(Locale.ROOT, "[%02d:%02d %s] submitted %d  admitted %d  rejected %s  completed %d  "
                        + "failed %d  p95 %s  alerts %d", elapsedSeconds / 60, elapsedSeconds % 60, phase, s.submitted(),
                s.admitted(), rejected, s.completed(), s.failed(), s.p95Ms() < 0 ? "-" : s.p95Ms() + " ms", alerts);
    }

    /** Shows a new state of the line: redrawn on a terminal, printed at most every interval otherwise. */
    synchronized void update(String line) {
        shown = line;
        if (terminal) {
            out.print(CLEAR + line);
            out.flush();
        } else if (System.nanoTime() - lastPlain >= plainEveryNanos) {
            lastPlain = System.nanoTime();
            lastPrinted = line;
            out.println(line);
        }
    }

    /** Prints a line of its own above the progress line (which is redrawn under it). */
    synchronized void println(String text) {
        if (terminal && !shown.isEmpty()) {
            out.print(CLEAR);
            out.println(text);
            out.print(shown);
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Leaves the progress line as it is and ends it, before output that is not progress. */
    synchronized void finish() {
        if (terminal && !shown.isEmpty()) {
            out.println();
        } else if (!terminal && !shown.isEmpty() && !shown.equals(lastPrinted)) {
            out.println(shown);
        }
        shown = "";
        lastPlain = 0;
        out.flush();
    }
}
