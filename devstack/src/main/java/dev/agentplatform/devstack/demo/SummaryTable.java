package dev.agentplatform.devstack.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The closing table: one row per tenant with its traffic, SLO figures and alerts. */
final class SummaryTable {

    /** The burn-rate windows shown, in the order monitoring reports them. */
    static final List<String> WINDOWS = List.of("5m", "30m", "1h", "6h", "3d");

    private SummaryTable() {
    }

    /**
     * One tenant's line.
     *
     * @param burnRates       burn rate of the shown SLO per window label; a missing window shows as "-"
     * @param budgetRemaining share of the period's error budget left, null when monitoring had no figures
     */
    record Row(String tenant, String isolation, TenantStats.Snapshot traffic, Map<String, Double> burnRates,
            Double budgetRemaining, long alertsFired, long alertsResolved) {
    }

    static String render(List<Row> rows) {
        List<String> header = new ArrayList<>(List.of("tenant", "isolation", "submitted", "admitted",
                "rejected by limit", "succeeded", "failed", "p95"));
        WINDOWS.forEach(w -> header.add("burn " + w));
        header.addAll(List.of("budget left", "alerts fired/resolved"));
        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (Row row : rows) {
            cells.add(cells(row));
        }
        return layout(cells);
    }

    private static List<String> cells(Row row) {
        TenantStats.Snapshot t = row.traffic();
        List<String> line = new ArrayList<>(List.of(row.tenant(), row.isolation(), Long.toString(t.submitted()),
                Long.toString(t.admitted()), rejected(t), Long.toString(t.succeeded()), Long.toString(t.failed()),
                t.p95Ms() < 0 ? "-" : t.p95Ms() + " ms"));
        for (String window : WINDOWS) {
            Double rate = row.burnRates().get(window);
            line.add(rate == null ? "-" : String.format(Locale.ROOT, "%.1f", rate));
        }
        line.add(row.budgetRemaining() == null ? "-"
                : String.format(Locale.ROOT, "%.1f%%", row.budgetRemaining() * 100));
        line.add(row.alertsFired() + "/" + row.alertsResolved());
        return line;
    }

    /** {@code 31 (maxConcurrentAgents 31)}, or {@code 0}. */
    static String rejected(TenantStats.Snapshot t) {
        if (t.rejected() == 0) {
            return "0";
        }
        return t.rejected() + t.rejectedByLimit().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }

    /** Left-aligned text, right-aligned figures, two spaces between columns, a rule under the header. */
    static String layout(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r).get(c);
                boolean right = r > 0 && c >= 2;
                String padded = right ? " ".repeat(width[c] - cell.length()) + cell
                        : cell + " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? "" : "  ").append(padded);
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = line.length();
                out.append("-".repeat(total)).append('\n');
            }
        }
        return out.toString();
    }
}
