package dev.agentplatform.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM-wide {@link RedisServer#shared() shared Redis}.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(RedisTestResource.class)
 * class ContextStoreTest {
 *     @BeforeEach
 *     void isolate() {
 *         RedisServer.shared().flushAll();
 *     }
 * }
 * }</pre>
 *
 * <p>Tests may {@link RedisServer#stop() stop} and {@link RedisServer#restart() restart} the shared
 * server (when {@link RedisServer#supportsRestart()}), but must restart it before they finish.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        RedisServer redis = RedisServer.shared();
        // No quarkus.redis.devservices.enabled here: it is fixed at build time, before test
        // resources start, so Quarkus would only warn "Build time property cannot be changed at
        // runtime" on every start. Disable Dev Services in application.properties instead
        // (%test.quarkus.devservices.enabled=false).
        return Map.of("quarkus.redis.hosts", redis.url());
    }

    @Override
    public void stop() {
        // Nothing: the shared server outlives each Quarkus application and is stopped at JVM exit.
    }
}
