package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The observability files agree with each other: dashboards and rules query only the platform's
 * metrics and the recorded series the rules define, and the compose Prometheus scrapes every
 * service where it serves metrics and loads the rules.
 */
class ObservabilityTest {

    /** The metrics the services publish (Micrometer names as Prometheus exposes them). */
    static final Set<String> PLATFORM_METRICS = Set.of("slo_burn_rate", "slo_error_budget_remaining", "alerts_firing",
            "tenant_quota_utilization_ratio", "agent_requests_total", "agent_request_duration_seconds_bucket",
            "agent_request_duration_seconds_sum", "agent_request_duration_seconds_count", "admission_decisions_total");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase",
            "histogram_quantile", "by", "without", "and", "or", "unless", "on", "ignoring", "label_values", "ALERTS",
            "humanizePercentage", "humanizeDuration");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** Metric names an expression selects (functions, keywords, labels and strings removed). */
    static Set<String> metricsIn(String expr) {
        String stripped = expr.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\$\\w+", "");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String word = m.group();
            int next = m.end() < stripped.length() ? stripped.charAt(m.end()) : ' ';
            if (!PROMQL_WORDS.contains(word) && next != '(' && !word.matches("\\d.*")) {
                names.add(word);
            }
        }
        return names;
    }

    private static JsonNode rules() {
        return Repo.yaml(Repo.path("deploy/prometheus/agent-platform.rules.yml"));
    }

    private static Set<String> recorded() {
        Set<String> recorded = new HashSet<>();
        rules().path("groups").forEach(g -> g.path("rules").forEach(r -> {
            if (r.has("record")) {
                recorded.add(r.path("record").asText());
            }
        }));
        return recorded;
    }

    @Test
    void extractsMetricNamesFromPromql() {
        assertThat(metricsIn("histogram_quantile(0.95, sum by (le, tenant) (rate(agent_request_duration_seconds_bucket{tenant=~\"$tenant\"}[5m])))"))
                .containsExactly("agent_request_duration_seconds_bucket");
        assertThat(metricsIn("a:b:c > (14.4 * 0.001) and x_total{status=~\"(?i)failed\"} / ALERTS"))
                .containsExactly("a:b:c", "x_total");
    }

    @Test
    void rulesQueryOnlyPlatformMetricsAndTheirOwnRecordings() {
        Set<String> known = new HashSet<>(PLATFORM_METRICS);
        known.addAll(recorded());
        List<String> alerts = new ArrayList<>();
        rules().path("groups").forEach(g -> g.path("rules").forEach(r -> {
            assertThat(known).as(r.path("record").asText(r.path("alert").asText())).containsAll(metricsIn(r.path("expr").asText()));
            if (r.has("alert")) {
                alerts.add(r.path("alert").asText());
                assertThat(r.path("labels").path("severity").asText()).isIn("critical", "warning");
                assertThat(r.path("annotations").path("summary").asText()).isNotBlank();
            }
        }));
        assertThat(alerts).contains("AgentAvailabilityErrorBudgetBurnFast", "AgentAvailabilityErrorBudgetBurnSlow",
                "AgentHighErrorRate", "AgentHighLatency", "TenantQuotaNearlyExhausted");
        assertThat(recorded()).contains("tenant:agent_requests:error_ratio_rate5m", "tenant:agent_requests:error_ratio_rate30m",
                "tenant:agent_requests:error_ratio_rate1h", "tenant:agent_requests:error_ratio_rate6h",
                "tenant:agent_requests:error_ratio_rate3d");
    }

    @Test
    void burnRateThresholdsMatchTheMonitoringService() {
        String fast = alertExpr("AgentAvailabilityErrorBudgetBurnFast").replaceAll("\\s+", " ");
        assertThat(fast).contains("error_ratio_rate1h > (14.4 * 0.001)", "error_ratio_rate5m > (14.4 * 0.001)",
                "error_ratio_rate6h > (6 * 0.001)", "error_ratio_rate30m > (6 * 0.001)");
        String slow = alertExpr("AgentAvailabilityErrorBudgetBurnSlow").replaceAll("\\s+", " ");
        assertThat(slow).contains("error_ratio_rate3d > (1 * 0.001)", "error_ratio_rate6h > (1 * 0.001)");
        ServiceConfig monitoring = ServiceConfig.of("monitoring-service");
        double threshold = Double.parseDouble(monitoring.property("monitoring.error-rate.threshold", "0.05"));
        assertThat(alertExpr("AgentHighErrorRate")).contains("> " + threshold);
        assertThat(alertExpr("TenantQuotaNearlyExhausted")).contains("> 0.9");
    }

    private static String alertExpr(String name) {
        for (JsonNode g : rules().path("groups")) {
            for (JsonNode r : g.path("rules")) {
                if (r.path("alert").asText().equals(name)) {
                    return r.path("expr").asText();
                }
            }
        }
        throw new AssertionError("no alert " + name);
    }

    @Test
    void dashboardsQueryTheProvisionedPrometheusForKnownSeries() {
        Set<String> known = new HashSet<>(PLATFORM_METRICS);
        known.addAll(recorded());
        known.add("ALERTS");
        List<Path> dashboards = Repo.files("deploy/grafana/dashboards", ".json");
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(2);
        Set<String> used = new HashSet<>();
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards) {
            JsonNode d = Repo.json(file);
            assertThat(uids.add(d.path("uid").asText())).as("unique uid " + file).isTrue();
            for (JsonNode panel : d.path("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(file + " " + panel.path("title")).isEqualTo("prometheus");
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    Set<String> metrics = metricsIn(target.path("expr").asText());
                    assertThat(known).as(file.getFileName() + ": " + panel.path("title").asText()).containsAll(metrics);
                    used.addAll(metrics);
                }
            }
        }
        assertThat(used).as("every platform metric is on a dashboard").containsAll(PLATFORM_METRICS.stream()
                .filter(m -> !m.endsWith("_count")).toList());
    }

    @Test
    void composePrometheusScrapesEveryServiceAndLoadsTheRules() {
        JsonNode prometheus = Repo.yaml(Repo.path("deploy/lgtm/prometheus.yaml"));
        JsonNode lgtm = ComposeTest.services().path("lgtm");
        List<String> mounts = new ArrayList<>();
        lgtm.path("volumes").forEach(v -> mounts.add(v.asText()));
        assertThat(mounts).contains("./deploy/lgtm/prometheus.yaml:/otel-lgtm/prometheus.yaml:ro",
                "./deploy/prometheus:/otel-lgtm/rules:ro");
        assertThat(prometheus.path("rule_files")).extracting(JsonNode::asText)
                .containsExactly("/otel-lgtm/rules/agent-platform.rules.yml");
        List<String> targets = new ArrayList<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> targets.add(job.path("metrics_path").asText() + "@" + t.asText()));
            }
        }
        for (String service : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            assertThat(targets).contains(config.metricsPath() + "@" + service + ":" + config.managementPort());
        }
        // the dashboards directory and provider are mounted where the provider reads them
        JsonNode provider = Repo.yaml(Repo.path("deploy/grafana/provisioning/dashboards.yaml")).path("providers").get(0);
        assertThat(mounts).contains("./deploy/grafana/dashboards:" + provider.path("options").path("path").asText() + ":ro");
    }
}
