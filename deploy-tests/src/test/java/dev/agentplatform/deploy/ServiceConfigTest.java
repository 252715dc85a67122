package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reader of the services' configuration that the deployment checks rely on. */
class ServiceConfigTest {

    @Test
    void environmentVariableNamesFollowMicroProfileConfig() {
        assertThat(ServiceConfig.envName("kafka.bootstrap.servers")).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ServiceConfig.envName("quarkus.rest-client.context-service.url"))
                .isEqualTo("QUARKUS_REST_CLIENT_CONTEXT_SERVICE_URL");
        assertThat(ServiceConfig.kebab("maxConcurrentAgents")).isEqualTo("max-concurrent-agents");
    }

    @Test
    void configMappingPropertiesFollowNestedGroupsOptionalsMapsAndWithName() {
        String source = """
                @ConfigMapping(prefix = "shop")
                public interface ShopConfig {
                    /** a leaf */
                    @WithDefault("5")
                    int retryAfterSeconds();
                    Optional<String> id();
                    @WithName("renamed")
                    String original();
                    Limits limits();
                    interface Limits {
                        @WithDefault("2s")
                        Duration redisTimeout();
                        Inner inner();
                        interface Inner {
                            boolean enabled();
                        }
                    }
                }
                """;
        assertThat(ServiceConfig.mappingKeysOf(source)).containsExactlyInAnyOrder("shop.retry-after-seconds", "shop.id",
                "shop.renamed", "shop.limits.redis-timeout", "shop.limits.inner.enabled");
    }

    @Test
    void withParentNameGroupsSitUnderTheParentsPrefix() {
        String source = """
                @ConfigMapping(prefix = "monitor")
                public interface MonitorConfig {
                    @WithParentName
                    Rules defaults();
                    Duration lateness();
                    interface Rules {
                        double errorRateThreshold();
                    }
                }
                """;
        assertThat(ServiceConfig.mappingKeysOf(source)).containsExactlyInAnyOrder("monitor.error-rate-threshold",
                "monitor.lateness");
    }

    @Test
    void acceptsOnlyKeysTheServiceReads() {
        ServiceConfig worker = ServiceConfig.of("execution-worker");
        assertThat(worker.reader("KAFKA_BOOTSTRAP_SERVERS")).isNotNull();
        assertThat(worker.reader("QUARKUS_REST_CLIENT_CONTEXT_SERVICE_URL")).isNotNull();
        assertThat(worker.reader("WORKER_NO_SUCH_SETTING")).isNull();
        assertThat(worker.reader("CONTEXT_RETRY_AFTER_SECONDS")).as("another service's mapping").isNull();

        ServiceConfig monitoring = ServiceConfig.of("monitoring-service");
        assertThat(monitoring.hasExtension("redis-client")).isFalse();
        assertThat(monitoring.reader("QUARKUS_REDIS_HOSTS")).as("monitoring has no Redis client").isNull();
    }

    @Test
    void healthAndMetricsPathsFollowQuarkusDefaults() {
        ServiceConfig gateway = ServiceConfig.of("tenant-gateway");
        assertThat(gateway.httpPort()).isEqualTo(8080);
        assertThat(gateway.healthPath("liveness")).isEqualTo("/q/health/live");
        assertThat(gateway.healthPath("readiness")).isEqualTo("/q/health/ready");
        assertThat(gateway.healthPath("startup")).isEqualTo("/q/health/started");
        assertThat(gateway.metricsPath()).isEqualTo("/q/metrics");
    }
}
