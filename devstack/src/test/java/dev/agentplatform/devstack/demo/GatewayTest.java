package dev.agentplatform.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayTest {

    @Test
    void readsTheJobIdOfAnAdmission() {
        Gateway.Submission s = Gateway.submission(202, "{\"jobId\":\"6f1c0a4e-0000-4000-8000-000000000001\",\"status\":\"QUEUED\"}");
        assertThat(s.admitted()).isTrue();
        assertThat(s.jobId()).isEqualTo("6f1c0a4e-0000-4000-8000-000000000001");
    }

    @Test
    void readsTheExceededLimitsOfAQuotaProblem() {
        Gateway.Submission s = Gateway.submission(429, """
                {"type":"https://agentplatform.dev/problems/quota-exceeded","status":429,
                 "limitsExceeded":["maxConcurrentAgents","maxCpuCores"],"currentUsage":{"concurrentAgents":3}}""");
        assertThat(s.admitted()).isFalse();
        assertThat(s.reasons()).containsExactly("maxConcurrentAgents", "maxCpuCores");
    }

    @Test
    void otherRefusalsAreNamedByTheirStatus() {
        assertThat(Gateway.submission(503, "{\"title\":\"Kafka unavailable\"}").reasons()).containsExactly("http 503");
        assertThat(Gateway.submission(429, "not json").reasons()).containsExactly("http 429");
        assertThat(Gateway.submission(202, "").admitted()).as("a 202 without a job id").isFalse();
    }

    @Test
    void readsAJobsStatus() {
        assertThat(Gateway.statusOf("{\"jobId\":\"x\",\"status\":\"SUCCEEDED\",\"durationMs\":41}")).isEqualTo("SUCCEEDED");
        assertThat(Gateway.statusOf("{\"jobId\":\"x\"}")).isNull();
        assertThat(Gateway.statusOf("<html>")).isNull();
    }

    @Test
    void readsBurnRatesAndBudgetOfOneSlo() throws Exception {
        String report = """
                {"tenant":"acme","objectives":[
                  {"slo":"latency","target":0.95,"budgetRemaining":1.0,"windows":{"5m":{"burnRate":0.0}}},
                  {"slo":"availability","target":0.999,"budgetRemaining":-15.39,
                   "windows":{"5m":{"events":122,"badEvents":2,"burnRate":16.39},"1h":{"burnRate":16.39}}}]}""";
        Gateway.SloFigures availability = Gateway.SloFigures.parse(report, "availability").orElseThrow();
        assertThat(availability.target()).isEqualTo(0.999);
        assertThat(availability.budgetRemaining()).isEqualTo(-15.39);
        assertThat(availability.burnRates()).containsEntry("5m", 16.39).containsEntry("1h", 16.39).hasSize(2);
        assertThat(Gateway.SloFigures.parse(report, "success_rate")).isEmpty();
    }
}
