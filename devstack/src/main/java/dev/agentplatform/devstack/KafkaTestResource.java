package dev.agentplatform.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM-wide {@link KafkaBroker#shared() shared broker}.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = KafkaTestResource.class,
 *         initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "jobs:3,job-events:3"))
 * class JobFlowTest { ... }
 * }</pre>
 *
 * <p>{@code @WithTestResource} defaults to {@code scope = TestResourceScope.MATCHING_RESOURCES}
 * (Quarkus restarts only between test classes with different resources); use
 * {@code scope = TestResourceScope.GLOBAL} to apply it to every test in the module. Either way the
 * broker itself is started once per JVM and survives Quarkus restarts.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: topics to create before the application starts, as {@code name:partitions,...}. */
    public static final String TOPICS = "topics";

    private Map<String, Integer> topics = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        topics = TopicSpec.parse(initArgs.get(TOPICS));
    }

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopics(topics);
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                // Kept for clarity; Dev Services decide at build time, before test resources
                // start, so also set %test.quarkus.devservices.enabled=false in application.properties.
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Nothing: the shared broker outlives each Quarkus application and is closed at JVM exit.
    }
}
