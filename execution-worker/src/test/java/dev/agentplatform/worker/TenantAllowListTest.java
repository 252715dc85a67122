package dev.agentplatform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionRequested;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A dedicated worker: started with a tenant allow-list, it consumes those tenants' own topics. */
@QuarkusTest
@TestProfile(TenantAllowListTest.Dedicated.class)
class TenantAllowListTest extends WorkerTestSupport {

    public static class Dedicated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("worker.tenants", "dedicated-a,dedicated-b");
        }
    }

    @Test
    void consumesTheAllowListedTenantsTopics() {
        assertThat(ConfigProvider.getConfig().getValue("mp.messaging.incoming.executions-in.topics", String.class))
                .isEqualTo("agent.executions.dedicated-a,agent.executions.dedicated-b");
        ExecutionRequested job = job("dedicated-b", "echo", JsonNodeFactory.instance.objectNode().put("x", 1), 60);
        kafka.send(Topics.executionsFor("dedicated-b"), job.tenantId(), job, "/test");
        ExecutionCompleted completed = completionOf(job);
        assertThat(completed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(completed.output()).isEqualTo(job.input());
    }
}
