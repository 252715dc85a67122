package dev.agentplatform.monitoring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.monitoring.service.Policies;
import dev.agentplatform.monitoring.service.TenantPolicy;
import dev.agentplatform.monitoring.slo.BurnRate;
import dev.agentplatform.monitoring.streams.MonitoringTopology;
import dev.agentplatform.monitoring.streams.SloObserver;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class AlertEngineReadinessTest {

    @Test
    void notReadyUntilTheEngineRuns() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "readiness");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("readiness").toString());
        Policies policies = new Policies(TenantPolicy.defaults(), Map.of(), Duration.ofMinutes(2), Optional.empty(),
                BurnRate.DEFAULT_PERIOD);
        try (KafkaStreams streams = new KafkaStreams(MonitoringTopology.build(policies, SloObserver.NONE), props)) {
            HealthCheckResponse response = new AlertEngineReadiness(streams).call();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData()).get().extracting(d -> d.get("state")).isEqualTo("CREATED");
        }
    }
}
