package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** compose.yaml, offline: health checks, health-gated start order, limits and configuration the services read. */
class ComposeTest {

    private static final Pattern TOPIC = Pattern.compile("(agent\\.[a-z.]+):(\\d+)");

    static JsonNode compose() {
        return Repo.yaml(Repo.path("compose.yaml"));
    }

    static JsonNode services() {
        return compose().path("services");
    }

    /** Topics and partition counts the compose init job creates. */
    static Map<String, Integer> topicPartitions() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        Matcher m = TOPIC.matcher(services().path("kafka-init").path("command").toString());
        while (m.find()) {
            topics.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return topics;
    }

    /** Services others wait for with service_completed_successfully: they run once and exit. */
    private static Set<String> oneShots() {
        Set<String> oneShots = new HashSet<>();
        services().forEach(s -> s.path("depends_on").fields().forEachRemaining(dep -> {
            if (dep.getValue().path("condition").asText().equals("service_completed_successfully")) {
                oneShots.add(dep.getKey());
            }
        }));
        return oneShots;
    }

    @Test
    void everyServiceIsHealthCheckedLimitedAndStartsOnlyAfterItsDependenciesAreHealthy() {
        Set<String> oneShots = oneShots();
        assertThat(oneShots).containsExactly("kafka-init");
        services().fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode s = e.getValue();
            if (!oneShots.contains(name)) {
                assertThat(s.path("healthcheck").path("test")).as(name + " healthcheck").isNotEmpty();
            }
            JsonNode limits = s.path("deploy").path("resources").path("limits");
            assertThat(limits.path("cpus").asText()).as(name + " cpu limit").isNotBlank();
            assertThat(limits.path("memory").asText()).as(name + " memory limit").isNotBlank();
            assertThat(s.has("env_file")).as(name + ": configuration only through environment").isFalse();
            assertThat(s.path("depends_on").isArray()).as(name + ": depends_on needs conditions").isFalse();
            s.path("depends_on").fields().forEachRemaining(dep -> {
                String condition = dep.getValue().path("condition").asText();
                assertThat(condition).as(name + " -> " + dep.getKey()).isIn("service_healthy", "service_completed_successfully");
                assertThat(services().has(dep.getKey())).isTrue();
                if (condition.equals("service_healthy")) {
                    assertThat(services().path(dep.getKey()).path("healthcheck").path("test")).isNotEmpty();
                }
            });
        });
        assertThat(services().fieldNames()).toIterable().contains("kafka", "redis", "lgtm").containsAll(Repo.SERVICES);
        assertThat(services().path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services().path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
    }

    static List<String> platformServices() {
        return Repo.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("platformServices")
    void platformServiceIsBuiltFromItsDockerfileAndConfiguredWithKeysItReads(String service) {
        ServiceConfig config = ServiceConfig.of(service);
        JsonNode s = services().path(service);
        assertThat(s.path("build").path("context").asText()).isEqualTo(".");
        assertThat(s.path("build").path("dockerfile").asText()).isEqualTo(service + "/Dockerfile");
        String healthcheck = s.path("healthcheck").path("test").toString();
        assertThat(healthcheck).contains("/dev/tcp/127.0.0.1/" + config.managementPort() + " ")
                .contains("GET " + config.healthPath("readiness") + " ");
        assertThat(s.path("ports")).extracting(JsonNode::asText).contains(config.httpPort() + ":" + config.httpPort());

        JsonNode env = s.path("environment");
        assertThat(env.isObject()).as("environment as a map").isTrue();
        env.fields().forEachRemaining(e -> {
            assertThat(config.reader(e.getKey())).as(service + ": nothing in the service reads " + e.getKey()).isNotNull();
            for (String host : hostsIn(e.getValue().asText())) {
                assertThat(services().has(host)).as(e.getKey() + " points at compose service " + host).isTrue();
            }
        });
        if (config.hasExtension("redis-client")) {
            assertThat(env.path("QUARKUS_REDIS_HOSTS").asText()).isEqualTo("redis://redis:6379");
            assertThat(s.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");
        }
        if (config.property("kafka.bootstrap.servers", null) != null) {
            assertThat(env.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo(internalKafkaListener());
            assertThat(s.path("depends_on").path("kafka-init").path("condition").asText()).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void workerReachesContextServiceByItsComposeName() {
        String url = services().path("execution-worker").path("environment").path("QUARKUS_REST_CLIENT_CONTEXT_SERVICE_URL").asText();
        assertThat(url).isEqualTo("http://context-service:" + ServiceConfig.of("context-service").httpPort());
        assertThat(services().path("execution-worker").path("depends_on").path("context-service").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void topicsMatchTheLocalStack() {
        Matcher stack = Pattern.compile("TOPICS=\"([^\"]+)\"").matcher(Repo.read(Repo.path("stack")));
        assertThat(stack.find()).isTrue();
        Map<String, Integer> expected = new LinkedHashMap<>();
        Matcher m = TOPIC.matcher(stack.group(1));
        while (m.find()) {
            expected.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(topicPartitions()).isEqualTo(expected).containsKeys("agent.executions", "agent.metrics", "agent.alerts");
    }

    private static String internalKafkaListener() {
        Matcher m = Pattern.compile("INTERNAL://([\\w-]+:\\d+)")
                .matcher(services().path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Host names in a value such as redis://redis:6379 or kafka:29092. */
    private static Set<String> hostsIn(String value) {
        Set<String> hosts = new HashSet<>();
        Matcher m = Pattern.compile("(?:^|//|,)([a-z][a-z0-9-]*):\\d+").matcher(value);
        while (m.find()) {
            hosts.add(m.group(1));
        }
        return hosts;
    }
}
