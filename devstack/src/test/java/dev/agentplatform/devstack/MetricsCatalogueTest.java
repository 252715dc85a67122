package dev.agentplatform.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsCatalogueTest {

    @Test
    void parsesTableRowsAndIgnoresOtherLines() {
        List<MetricsCatalogue.Metric> metrics = MetricsCatalogue.parse(List.of(
                "| name | type | labels | meaning | service |",
                "|---|---|---|---|---|",
                "| `agent_request_duration_seconds` | histogram (0.1 … 10 s) | `tenant`, `agent` | how long | execution-worker |",
                "| `lease_reclaims_total` | counter | – | reclaimed | tenant-gateway |",
                "| `metrics_tenant_label_tracked` | gauge | – | tenants | all |",
                "text with `agent_requests_total` in it"));
        assertThat(metrics).extracting(MetricsCatalogue.Metric::name)
                .containsExactly("agent_request_duration_seconds", "lease_reclaims_total", "metrics_tenant_label_tracked");
        assertThat(metrics.get(0).series()).isEqualTo("agent_request_duration_seconds_bucket");
        assertThat(metrics.get(0).labels()).containsExactly("tenant", "agent");
        assertThat(metrics.get(1).labels()).isEmpty();
        assertThat(metrics.get(1).exposedBy("tenant-gateway")).isTrue();
        assertThat(metrics.get(1).exposedBy("execution-worker")).isFalse();
        assertThat(metrics.get(2).exposedBy("context-service")).isTrue();
    }

    @Test
    void theRepositoryCatalogueNamesEveryService() {
        for (String service : List.of("tenant-gateway", "execution-worker", "monitoring-service", "context-service")) {
            assertThat(MetricsCatalogue.of(service)).isNotEmpty();
        }
    }
}
