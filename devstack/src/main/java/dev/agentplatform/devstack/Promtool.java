package dev.agentplatform.devstack;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Checks a Prometheus text exposition (format 0.0.4: fetch {@code /q/metrics} with
 * {@code Accept: text/plain}) with {@code promtool check metrics}, where promtool is on the PATH,
 * and lists the series names an exposition holds.
 *
 * <pre>{@code
 * Assumptions.assumeTrue(Promtool.path().isPresent(), Promtool.MISSING);
 * Promtool.Result result = Promtool.checkMetrics(body);
 * assertThat(result.parseError()).isEmpty();
 * assertThat(result.lintProblems(List.of("agent_", "tenant_"))).isEmpty();
 * }</pre>
 */
public final class Promtool {

    /** Why a test that needs promtool is skipped. */
    public static final String MISSING = "promtool is not on the PATH (deploy/check.sh installs Debian's prometheus package)";

    private Promtool() {
    }

    /**
     * promtool's answer: its exit code and everything it printed. Exit code 1 means the exposition
     * could not be parsed; 3 means it parsed but the linter found problems, one line each
     * ({@code <series> <problem>}).
     */
    public record Result(int exitCode, String output) {

        /** Why the exposition could not be parsed, or empty when it parsed. */
        public String parseError() {
            return exitCode == 0 || exitCode == 3 ? "" : output.isBlank() ? "exit code " + exitCode : output;
        }

        /** Lint problems of the series whose names start with one of the prefixes. */
        public List<String> lintProblems(Collection<String> prefixes) {
            return exitCode != 3 ? List.of() : output.lines()
                    .filter(line -> prefixes.stream().anyMatch(line::startsWith)).toList();
        }

        /** Every lint problem. */
        public List<String> lintProblems() {
            return exitCode != 3 ? List.of() : output.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    /** The promtool executable on the PATH, if any. */
    public static Optional<Path> path() {
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(pathVariable.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
    }

    /** Pipes the exposition into {@code promtool check metrics}. */
    public static Result checkMetrics(String exposition) {
        Path promtool = path().orElseThrow(() -> new IllegalStateException(MISSING));
        try {
            Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool check metrics did not finish within 60 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + promtool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running promtool", e);
        }
    }

    /** The series names (sample lines, with {@code _bucket}, {@code _count}, ... suffixes) of an exposition. */
    public static Set<String> series(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }
}
