package dev.agentplatform.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Last lines of a child process's log, for exception messages that explain why it died. */
final class LogTail {

    private LogTail() {
    }

    static String of(Path log, int maxLines) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
            return tail.isEmpty() ? "(log " + log + " is empty)" : "last lines of " + log + ":\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
