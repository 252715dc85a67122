package dev.agentplatform.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics catalogue of {@code docs/observability.md}: its table rows, so each service's tests
 * can assert that every metric the documentation promises for that service is exposed.
 */
public final class MetricsCatalogue {

    /** The catalogue file, relative to the repository root. */
    public static final String DOCUMENT = "docs/observability.md";

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z_:]+)`\\s*\\|\\s*([a-z]+)\\b[^|]*\\|([^|]*)\\|[^|]*\\|([^|]*)\\|\\s*$");

    /** One documented metric: its Prometheus name, type (counter, gauge, histogram), labels and services. */
    public record Metric(String name, String type, List<String> labels, List<String> services) {

        /** The series that proves the metric is exposed: {@code _bucket} for a histogram, else the name. */
        public String series() {
            return type.equals("histogram") ? name + "_bucket" : name;
        }

        public boolean exposedBy(String service) {
            return services.contains(service) || services.contains("all");
        }
    }

    private MetricsCatalogue() {
    }

    /** Every metric of the catalogue table, found by walking up from the working directory to the repository root. */
    public static List<Metric> all() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(DOCUMENT))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(DOCUMENT + " not found above " + Path.of("").toAbsolutePath());
        }
        try {
            return parse(Files.readAllLines(dir.resolve(DOCUMENT)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalogue's metrics that a service exposes. */
    public static List<Metric> of(String service) {
        List<Metric> metrics = all().stream().filter(m -> m.exposedBy(service)).toList();
        if (metrics.isEmpty()) {
            throw new IllegalStateException(DOCUMENT + " lists no metric for " + service);
        }
        return metrics;
    }

    static List<Metric> parse(List<String> lines) {
        List<Metric> metrics = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                metrics.add(new Metric(m.group(1), m.group(2), words(m.group(3)), words(m.group(4))));
            }
        }
        return metrics;
    }

    private static List<String> words(String cell) {
        return Arrays.stream(cell.replace("`", "").split("[,\\s]+")).filter(w -> !w.isBlank() && !w.equals("–")).toList();
    }
}
