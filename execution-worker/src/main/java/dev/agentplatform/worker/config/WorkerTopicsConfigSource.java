package dev.agentplatform.worker.config;

import dev.agentplatform.events.Topics;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives connector settings from the worker's own: with a tenant allow-list
 * ({@code worker.tenants}) the job channel subscribes to those tenants' dedicated topics instead of
 * the shared one; and the control channel gets a consumer group of its own per process, so every
 * worker instance sees every cancel request (a shared group would deliver each to one worker only).
 */
public class WorkerTopicsConfigSource implements ConfigSourceFactory {

    static final String TOPICS = "mp.messaging.incoming.executions-in.topics";
    static final String CONTROL_GROUP = "mp.messaging.incoming.control-in.group.id";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> derived = new HashMap<>();
        ConfigValue tenants = context.getValue("worker.tenants");
        if (tenants != null && tenants.getValue() != null && !tenants.getValue().isBlank()) {
            derived.put(TOPICS, topicsOf(tenants.getValue()));
        }
        // Always a fresh group, even when a value is visible here: Quarkus records the values it saw
        // while building as low-ordinal defaults, so "is it set?" would find the build's random id
        // and every process of one build would share a group. To pin a group, set it in the
        // environment or a system property (ordinal 300 and 400 beat this source).
        derived.put(CONTROL_GROUP, "execution-worker-control-" + UUID.randomUUID());
        // Above application.properties (250) so the allow-list wins over the shared topic.
        return List.of(new MapBackedConfigSource("worker-derived", derived, 270) {
        });
    }

    static String topicsOf(String tenants) {
        return Arrays.stream(tenants.split(",")).map(String::strip).filter(t -> !t.isEmpty())
                .map(Topics::executionsFor).collect(Collectors.joining(","));
    }
}
