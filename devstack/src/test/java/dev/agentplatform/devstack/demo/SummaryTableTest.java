package dev.agentplatform.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    @Test
    void oneAlignedRowPerTenantUnderAHeaderAndARule() {
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("5m", 16.39);
        rates.put("30m", 16.39);
        rates.put("1h", 16.39);
        rates.put("6h", 16.39);
        rates.put("3d", 16.39);
        SummaryTable.Row acme = new SummaryTable.Row("acme-1", "SHARED",
                new TenantStats.Snapshot(122, 122, 0, Map.of(), 120, 2, 48), rates, -15.39, 3, 1);
        SummaryTable.Row noisy = new SummaryTable.Row("noisy-1", "SHARED",
                new TenantStats.Snapshot(83, 40, 43, Map.of("maxConcurrentAgents", 43L), 40, 0, 310), Map.of(), null, 1, 1);

        String[] lines = SummaryTable.render(List.of(acme, noisy)).split("\n");

        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("tenant   isolation  submitted").contains("rejected by limit", "burn 5m", "burn 3d",
                "budget left", "alerts fired/resolved");
        assertThat(lines[1]).matches("-+");
        assertThat(lines[2]).startsWith("acme-1   SHARED").contains("16.4", "-1539.0%", "48 ms").endsWith("3/1");
        assertThat(lines[3]).contains("43 (maxConcurrentAgents 43)", "310 ms").endsWith("1/1");
        assertThat(java.util.Arrays.stream(lines[3].split("\\s+")).filter("-"::equals))
                .as("five burn rates and the budget, unknown, show as dashes").hasSize(6);
        // Figures are right-aligned: every row ends at the same column as the header's last cell.
        assertThat(lines[2].length()).isEqualTo(lines[0].length());
        assertThat(lines[3].length()).isEqualTo(lines[0].length());
    }

    @Test
    void rejectionsNameTheirLimits() {
        assertThat(SummaryTable.rejected(new TenantStats.Snapshot(1, 1, 0, Map.of(), 1, 0, 5))).isEqualTo("0");
        Map<String, Long> byLimit = new LinkedHashMap<>();
        byLimit.put("maxConcurrentAgents", 30L);
        byLimit.put("maxRequestsPerMinute", 4L);
        assertThat(SummaryTable.rejected(new TenantStats.Snapshot(40, 6, 34, byLimit, 6, 0, 5)))
                .isEqualTo("34 (maxConcurrentAgents 30, maxRequestsPerMinute 4)");
    }
}
