package dev.agentplatform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void dedicatedExecutionTopicOfATenant() {
        assertThat(Topics.executionsFor("acme")).isEqualTo("agent.executions.acme");
        assertThat(Topics.executionsFor("acme-eu-2")).isEqualTo("agent.executions.acme-eu-2");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Bad Tenant!", "ACME", "-acme", "acme-", "acme.eu", "acme/../x"})
    void rejectsInvalidTenantIds(String tenantId) {
        assertThatThrownBy(() -> Topics.executionsFor(tenantId))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dedicatedTopicsAreNotTheDeadLetterTopic() {
        assertThat(Topics.EXECUTIONS_DLQ).startsWith(Topics.EXECUTIONS_TENANT_PREFIX);
    }
}
