package dev.agentplatform.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerTopicsConfigSourceTest {

    @Test
    void allowListMapsToTheTenantsDedicatedTopics() {
        assertThat(WorkerTopicsConfigSource.topicsOf("acme, globex")).isEqualTo("agent.executions.acme,agent.executions.globex");
        assertThatThrownBy(() -> WorkerTopicsConfigSource.topicsOf("Bad Tenant")).isInstanceOf(IllegalArgumentException.class);
    }
}
