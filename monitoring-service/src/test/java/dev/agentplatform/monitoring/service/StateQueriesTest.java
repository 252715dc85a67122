package dev.agentplatform.monitoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.monitoring.slo.BurnRate;
import dev.agentplatform.monitoring.streams.MonitoringTopology;
import dev.agentplatform.monitoring.streams.SloObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** While the streams app is not running (starting, rebalancing, restoring), state queries are a 503. */
class StateQueriesTest {

    @Test
    void queriesAnswer503WithRetryAfterWhileTheStreamsAppIsNotRunning() throws Exception {
        Policies policies = new Policies(TenantPolicy.defaults(), Map.of(), Duration.ofMinutes(2), Optional.empty(),
                BurnRate.DEFAULT_PERIOD);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "not-started");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("not-started").toString());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaStreams streams = new KafkaStreams(MonitoringTopology.build(policies, SloObserver.NONE), props)) {
            StateQueries queries = new StateQueries(streams, policies, registry);
            assertThatThrownBy(() -> queries.alerts(Optional.empty(), Optional.empty()))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.type().status()).isEqualTo(503);
                        assertThat(e.headers()).containsKey("Retry-After");
                    });
            assertThatThrownBy(() -> queries.slo("acme")).isInstanceOf(ProblemException.class);
            assertThat(registry.get("alerts_firing").tag("severity", "CRITICAL").gauge().value()).isNaN();
        }
    }
}
