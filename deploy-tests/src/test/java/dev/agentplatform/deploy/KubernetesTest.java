package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay assembles, and every Deployment in it meets the hardening and matches its service's configuration. */
class KubernetesTest {

    static Stream<Arguments> overlayAndService() {
        return Overlay.NAMES.stream().flatMap(o -> Repo.SERVICES.stream().map(s -> Arguments.of(o, s)));
    }

    @Test
    void everyManifestParsesAsKubernetesObjects() {
        List<java.nio.file.Path> files = Repo.files("k8s", ".yaml");
        assertThat(files).hasSizeGreaterThan(30);
        for (var file : files) {
            for (ObjectNode doc : Repo.yamlDocuments(file)) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    assertThat(doc.path("kind").asText()).as(file.toString()).isEqualTo("Kustomization");
                } else {
                    assertThat(doc.path("apiVersion").asText()).as(file + " apiVersion").isNotBlank();
                    assertThat(doc.path("kind").asText()).as(file + " kind").isNotBlank();
                    assertThat(doc.path("metadata").path("name").asText()).as(file + " name").isNotBlank();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayAssemblesWithEveryReferenceResolved(String name) {
        Overlay overlay = Overlay.build(name);
        Set<String> ids = new HashSet<>();
        for (ObjectNode r : overlay.resources()) {
            assertThat(ids.add(Kustomize.id(r))).as("duplicate " + Kustomize.id(r)).isTrue();
            if (!r.path("kind").asText().equals("Namespace")) {
                assertThat(r.path("metadata").path("namespace").asText()).as(Kustomize.id(r)).isEqualTo(overlay.namespace());
            }
        }
        assertThat(overlay.namespace()).isEqualTo(name.equals("prod") ? "agent-platform" : "agent-platform-" + name);
        assertThat(overlay.ofKind("Deployment")).extracting(d -> d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        for (ObjectNode d : overlay.ofKind("Deployment")) {
            JsonNode pod = d.path("spec").path("template").path("spec");
            overlay.get("ServiceAccount", pod.path("serviceAccountName").asText());
            for (JsonNode from : Overlay.container(d).path("envFrom")) {
                if (from.has("configMapRef")) {
                    overlay.get("ConfigMap", from.path("configMapRef").path("name").asText());
                } else {
                    assertThat(secretExists(overlay, from.path("secretRef").path("name").asText()))
                            .as(name + ": Secret or ExternalSecret " + from).isTrue();
                }
            }
        }
        for (ObjectNode svc : overlay.ofKind("Service")) {
            assertThat(overlay.ofKind("Deployment")).as("a Deployment behind " + Kustomize.id(svc))
                    .anyMatch(d -> Overlay.labels(d.path("spec").path("template").path("metadata").path("labels"))
                            .entrySet().containsAll(Overlay.labels(svc.path("spec").path("selector")).entrySet()));
        }
        for (ObjectNode pdb : overlay.ofKind("PodDisruptionBudget")) {
            assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
            overlay.get("Deployment", pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText());
        }
        assertThat(overlay.ofKind("PodDisruptionBudget")).hasSize(Repo.SERVICES.size());
    }

    private static boolean secretExists(Overlay overlay, String name) {
        return overlay.find("Secret", name).isPresent() || overlay.ofKind("ExternalSecret").stream()
                .anyMatch(e -> e.path("spec").path("target").path("name").asText().equals(name));
    }

    @ParameterizedTest
    @MethodSource("overlayAndService")
    void deploymentIsHardened(String overlayName, String service) {
        ObjectNode d = Overlay.build(overlayName).get("Deployment", service);
        JsonNode spec = d.path("spec");
        JsonNode pod = spec.path("template").path("spec");
        JsonNode psc = pod.path("securityContext");
        assertThat(psc.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(psc.path("runAsUser").asInt()).isEqualTo(1000);
        assertThat(psc.path("fsGroup").asInt()).isEqualTo(2000);
        assertThat(psc.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();

        JsonNode c = Overlay.container(d);
        JsonNode csc = c.path("securityContext");
        assertThat(csc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(csc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(csc.path("capabilities").path("drop")).extracting(JsonNode::asText).containsExactly("ALL");
        String tmpVolume = null;
        for (JsonNode m : c.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals("/tmp")) {
                tmpVolume = m.path("name").asText();
            }
        }
        assertThat(tmpVolume).as("a volume on /tmp").isNotNull();
        String tmp = tmpVolume;
        assertThat(pod.path("volumes")).anyMatch(v -> v.path("name").asText().equals(tmp) && v.has("emptyDir"));

        assertThat(spec.path("strategy").path("type").asText()).isEqualTo("RollingUpdate");
        assertThat(spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(spec.path("strategy").path("rollingUpdate").path("maxSurge").asInt()).isEqualTo(1);

        for (String kind : List.of("requests", "limits")) {
            assertThat(c.path("resources").path(kind).path("cpu").asText()).as(kind + " cpu").isNotBlank();
            assertThat(c.path("resources").path(kind).path("memory").asText()).as(kind + " memory").isNotBlank();
        }
        assertThat(Quantity.cpu(c.path("resources").path("requests").path("cpu").asText()))
                .isLessThanOrEqualTo(Quantity.cpu(c.path("resources").path("limits").path("cpu").asText()));
        assertThat(Quantity.bytes(c.path("resources").path("requests").path("memory").asText()))
                .isLessThanOrEqualTo(Quantity.bytes(c.path("resources").path("limits").path("memory").asText()));

        Map<String, String> expected = Map.of("app.kubernetes.io/name", service, "app.kubernetes.io/part-of", "agent-platform");
        assertThat(Overlay.labels(d.path("metadata").path("labels"))).containsAllEntriesOf(expected);
        assertThat(Overlay.labels(spec.path("template").path("metadata").path("labels"))).containsAllEntriesOf(expected)
                .containsAllEntriesOf(Overlay.labels(spec.path("selector").path("matchLabels")));
        assertThat(c.path("image").asText()).startsWith("agent-platform/" + service + ":");

        Map<String, String> fieldRefs = new java.util.HashMap<>();
        c.path("env").forEach(e -> fieldRefs.put(e.path("name").asText(), e.path("valueFrom").path("fieldRef").path("fieldPath").asText()));
        assertThat(fieldRefs).containsEntry("POD_NAME", "metadata.name").containsEntry("POD_NAMESPACE", "metadata.namespace");
        assertThat(c.path("envFrom")).anyMatch(f -> f.has("configMapRef")).anyMatch(f -> f.has("secretRef"));
    }

    @ParameterizedTest
    @MethodSource("overlayAndService")
    void probesScrapingAndPortsMatchTheServiceConfiguration(String overlayName, String service) {
        Overlay overlay = Overlay.build(overlayName);
        ServiceConfig config = ServiceConfig.of(service);
        ObjectNode d = overlay.get("Deployment", service);
        JsonNode c = Overlay.container(d);
        Map<String, Integer> ports = new java.util.HashMap<>();
        c.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(ports).containsValue(config.httpPort());

        Map<String, String> probes = Map.of("livenessProbe", "liveness", "readinessProbe", "readiness", "startupProbe", "startup");
        probes.forEach((probe, kind) -> {
            JsonNode get = c.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).isEqualTo(config.healthPath(kind));
            JsonNode port = get.path("port");
            int number = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
            assertThat(number).as(probe + " port").isEqualTo(config.managementPort());
        });
        // the seed's probe figures
        assertThat(c.path("livenessProbe").path("periodSeconds").asInt()).isEqualTo(10);
        assertThat(c.path("livenessProbe").path("timeoutSeconds").asInt()).isEqualTo(5);
        assertThat(c.path("livenessProbe").path("failureThreshold").asInt()).isEqualTo(3);
        assertThat(c.path("readinessProbe").path("periodSeconds").asInt()).isEqualTo(5);
        assertThat(c.path("readinessProbe").path("timeoutSeconds").asInt()).isEqualTo(3);

        JsonNode annotations = d.path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(config.managementPort()));
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(config.metricsPath());

        JsonNode servicePort = overlay.get("Service", service).path("spec").path("ports").get(0);
        assertThat(servicePort.path("port").asInt()).isEqualTo(config.httpPort());
        assertThat(ports.get(servicePort.path("targetPort").asText())).isEqualTo(config.httpPort());
    }

    @ParameterizedTest
    @MethodSource("overlayAndService")
    void tracesAreExportedToTheCollector(String overlayName, String service) {
        Overlay overlay = Overlay.build(overlayName);
        ServiceConfig config = ServiceConfig.of(service);
        assertThat(config.hasExtension("opentelemetry")).as(service + " traces").isTrue();
        JsonNode c = Overlay.container(overlay.get("Deployment", service));
        List<String> endpoints = new ArrayList<>();
        for (JsonNode from : c.path("envFrom")) {
            if (from.has("configMapRef")) {
                JsonNode data = overlay.get("ConfigMap", from.path("configMapRef").path("name").asText()).path("data");
                if (data.has("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")) {
                    endpoints.add(data.path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText());
                }
            }
        }
        // without it the service exports to localhost:4317, where nothing listens in a pod
        assertThat(endpoints).as(overlayName + " " + service + " OTLP endpoint").hasSize(1);
        assertThat(config.property("quarkus.otel.exporter.otlp.protocol", "grpc")).isEqualTo("grpc");
        assertThat(endpoints.get(0)).as("OTLP/gRPC port, allowed by allow-otlp-egress").matches("http://[a-z0-9.-]+:4317");
    }

    @ParameterizedTest
    @MethodSource("overlayAndService")
    void configurationKeysAreReadByTheService(String overlayName, String service) {
        Overlay overlay = Overlay.build(overlayName);
        ServiceConfig config = ServiceConfig.of(service);
        JsonNode c = Overlay.container(overlay.get("Deployment", service));
        List<String> names = new ArrayList<>();
        c.path("env").forEach(e -> names.add(e.path("name").asText()));
        names.removeAll(List.of("POD_NAME", "POD_NAMESPACE")); // downward API, for logs and metrics tags
        for (JsonNode from : c.path("envFrom")) {
            if (from.has("configMapRef")) {
                overlay.get("ConfigMap", from.path("configMapRef").path("name").asText()).path("data").fieldNames()
                        .forEachRemaining(names::add);
            } else {
                String secret = from.path("secretRef").path("name").asText();
                overlay.find("Secret", secret).ifPresent(s -> {
                    s.path("stringData").fieldNames().forEachRemaining(names::add);
                    s.path("data").fieldNames().forEachRemaining(names::add);
                });
                overlay.ofKind("ExternalSecret").stream()
                        .filter(e -> e.path("spec").path("target").path("name").asText().equals(secret))
                        .forEach(e -> e.path("spec").path("data").forEach(x -> names.add(x.path("secretKey").asText())));
            }
        }
        assertThat(names).isNotEmpty();
        for (String env : names) {
            assertThat(config.reader(env)).as(overlayName + " " + service + ": nothing in the service reads " + env).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void autoscalingFollowsTheSeed(String name) {
        Overlay overlay = Overlay.build(name);
        for (String service : Repo.SERVICES) {
            if (service.equals("execution-worker")) {
                assertThat(overlay.find("HorizontalPodAutoscaler", service)).as("workers scale on lag, not CPU").isEmpty();
                continue;
            }
            JsonNode hpa = overlay.get("HorizontalPodAutoscaler", service);
            assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
            assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(service);
            assertThat(hpa.path("spec").path("minReplicas").asInt()).isPositive()
                    .isLessThanOrEqualTo(hpa.path("spec").path("maxReplicas").asInt());
            List<String> resources = new ArrayList<>();
            hpa.path("spec").path("metrics").forEach(m -> resources.add(m.path("resource").path("name").asText()));
            assertThat(resources).containsExactlyInAnyOrder("cpu", "memory");
            assertSeedBehaviour(hpa.path("spec").path("behavior"));
            if (name.equals("prod")) {
                assertThat(hpa.path("spec").path("minReplicas").asInt()).isEqualTo(3);
            }
        }
        ServiceConfig worker = ServiceConfig.of("execution-worker");
        JsonNode so = overlay.get("ScaledObject", "execution-worker").path("spec");
        assertThat(so.path("scaleTargetRef").path("name").asText()).isEqualTo("execution-worker");
        assertSeedBehaviour(so.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior"));
        JsonNode trigger = so.path("triggers").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        String topic = trigger.path("metadata").path("topic").asText();
        assertThat(topic).isEqualTo(worker.property("mp.messaging.incoming.executions-in.topics",
                worker.property("mp.messaging.incoming.executions-in.topic", null)));
        assertThat(trigger.path("metadata").path("consumerGroup").asText())
                .isEqualTo(worker.property("mp.messaging.incoming.executions-in.group.id", null));
        assertThat(trigger.path("metadata").path("bootstrapServers").asText()).as("KEDA reads the broker the worker uses")
                .isEqualTo(overlay.get("ConfigMap", "execution-worker-config").path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText());
        assertThat(so.path("maxReplicaCount").asInt()).as("no more workers than partitions")
                .isLessThanOrEqualTo(ComposeTest.topicPartitions().get(topic));
    }

    private static void assertSeedBehaviour(JsonNode behavior) {
        assertThat(behavior.path("scaleUp").path("stabilizationWindowSeconds").asInt()).isEqualTo(60);
        assertPolicy(behavior.path("scaleUp").path("policies"), 50);
        assertThat(behavior.path("scaleDown").path("stabilizationWindowSeconds").asInt()).isEqualTo(300);
        assertPolicy(behavior.path("scaleDown").path("policies"), 10);
    }

    private static void assertPolicy(JsonNode policies, int percent) {
        assertThat(policies).hasSize(1);
        assertThat(policies.get(0).path("type").asText()).isEqualTo("Percent");
        assertThat(policies.get(0).path("value").asInt()).isEqualTo(percent);
        assertThat(policies.get(0).path("periodSeconds").asInt()).isEqualTo(60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void gatewayIngressTerminatesTls(String name) {
        Overlay overlay = Overlay.build(name);
        JsonNode ingress = overlay.get("Ingress", "tenant-gateway").path("spec");
        assertThat(ingress.path("tls")).isNotEmpty();
        String host = ingress.path("rules").get(0).path("host").asText();
        assertThat(ingress.path("tls").get(0).path("hosts")).extracting(JsonNode::asText).contains(host);
        assertThat(ingress.path("tls").get(0).path("secretName").asText()).isNotBlank();
        JsonNode backend = ingress.path("rules").get(0).path("http").path("paths").get(0).path("backend").path("service");
        assertThat(backend.path("name").asText()).isEqualTo("tenant-gateway");
        assertThat(overlay.get("Service", "tenant-gateway").path("spec").path("ports"))
                .anyMatch(p -> p.path("name").asText().equals(backend.path("port").path("name").asText()));
        assertThat(overlay.ofKind("Ingress")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void secretsHoldNoRealValues(String name) {
        Overlay overlay = Overlay.build(name);
        for (ObjectNode secret : overlay.ofKind("Secret")) {
            secret.path("stringData").fields().forEachRemaining(e ->
                    assertThat(e.getValue().asText()).as(Kustomize.id(secret) + " " + e.getKey()).doesNotContain("@"));
            assertThat(secret.has("data")).as("no encoded values in " + Kustomize.id(secret)).isFalse();
        }
        if (name.equals("prod")) {
            assertThat(overlay.ofKind("Secret")).as("prod reads Secrets from the secret store").isEmpty();
        }
    }

    @Test
    void prometheusRuleIsExactlyThePromtoolCheckedRulesFile() {
        JsonNode cr = Repo.yaml(Repo.path("k8s/base/common/prometheusrule.yaml"));
        JsonNode plain = Repo.yaml(Repo.path("deploy/prometheus/agent-platform.rules.yml"));
        assertThat(cr.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(cr.path("spec").path("groups")).isEqualTo(plain.path("groups"));
        for (String overlay : Overlay.NAMES) {
            assertThat(Overlay.build(overlay).ofKind("PrometheusRule")).hasSize(1);
        }
    }
}
