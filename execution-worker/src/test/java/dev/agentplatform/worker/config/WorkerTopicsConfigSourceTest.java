package dev.agentplatform.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerTopicsConfigSourceTest {

    @Test
    void allowListMapsToTheTenantsDedicatedTopics() {
        assertThat(WorkerTopicsConfigSource.topicsOf("acme, globex")).isEqualTo("agent.executions.acme,agent.executions.globex");
        assertThatThrownBy(() -> WorkerTopicsConfigSource.topicsOf("Bad Tenant")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyProcessGetsItsOwnControlGroupEvenOverARecordedBuildValue() {
        // What Quarkus records at build time shows up at run time as a low-ordinal default.
        Map<String, String> recorded = Map.of(WorkerTopicsConfigSource.CONTROL_GROUP, "execution-worker-control-recorded");
        String first = controlGroup(config(recorded));
        String second = controlGroup(config(recorded));
        assertThat(first).startsWith("execution-worker-control-").isNotEqualTo("execution-worker-control-recorded");
        assertThat(second).startsWith("execution-worker-control-").isNotEqualTo(first);
    }

    @Test
    void aGroupPinnedInTheEnvironmentWins() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(WorkerTopicsConfigSource.CONTROL_GROUP, "pinned"), "env", 300))
                .withSources(new WorkerTopicsConfigSource())
                .build();
        assertThat(controlGroup(config)).isEqualTo("pinned");
    }

    private static SmallRyeConfig config(Map<String, String> recordedDefaults) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(recordedDefaults, "recorded-build-defaults", Integer.MIN_VALUE + 100))
                .withSources(new WorkerTopicsConfigSource())
                .build();
    }

    private static String controlGroup(SmallRyeConfig config) {
        return config.getValue(WorkerTopicsConfigSource.CONTROL_GROUP, String.class);
    }
}
