package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Evaluates the overlay's NetworkPolicies the way the cluster does (default deny, then the union of
 * the policies that select a pod) for the flows the architecture needs, and for some it must not allow.
 */
class NetworkPolicyTest {

    /** A pod as a policy sees it: its labels and its namespace's labels. */
    record Pod(Map<String, String> labels, Map<String, String> namespaceLabels) {
    }

    private static final String NAME = "app.kubernetes.io/name";
    private static final String NS = "kubernetes.io/metadata.name";

    private static Pod external(String namespace, String labelKey, String name) {
        return new Pod(Map.of(labelKey, name), Map.of(NS, namespace));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheArchitecturesFlowsAreAllowed(String overlayName) {
        Overlay overlay = Overlay.build(overlayName);
        Map<String, String> home = Map.of(NS, overlay.namespace());
        java.util.function.Function<String, Pod> local = name -> new Pod(Map.of(NAME, name), home);
        int gateway = ServiceConfig.of("tenant-gateway").httpPort();
        int context = ServiceConfig.of("context-service").httpPort();
        int monitoring = ServiceConfig.of("monitoring-service").httpPort();
        Pod ingressController = external("ingress-nginx", NAME, "ingress-nginx");
        Pod prometheus = external("monitoring", NAME, "prometheus");
        Pod dns = external("kube-system", "k8s-app", "kube-dns");
        // Kafka and Redis run in their own namespaces (operator-managed), outside the default deny.

        assertThat(allowed(overlay, ingressController, local.apply("tenant-gateway"), gateway, "TCP")).isTrue();
        assertThat(allowed(overlay, local.apply("execution-worker"), local.apply("context-service"), context, "TCP")).isTrue();
        assertThat(allowed(overlay, local.apply("context-service"), local.apply("monitoring-service"), monitoring, "TCP")).isTrue();
        for (String s : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.of(s);
            assertThat(allowed(overlay, prometheus, local.apply(s), config.managementPort(), "TCP")).as("scrape " + s).isTrue();
            assertThat(allowed(overlay, local.apply(s), dns, 53, "UDP")).as("DNS from " + s).isTrue();
            assertThat(allowed(overlay, local.apply(s), external("kafka", NAME, "kafka"), 9092, "TCP")).as(s + " -> Kafka")
                    .isEqualTo(config.hasExtension("messaging-kafka") && !s.equals("context-service"));
            assertThat(allowed(overlay, local.apply(s), external("redis", NAME, "redis"), 6379, "TCP")).as(s + " -> Redis")
                    .isEqualTo(config.hasExtension("redis-client"));
            assertThat(allowed(overlay, local.apply(s), external("observability", NAME, "opentelemetry-collector"), 4317, "TCP"))
                    .as(s + " -> OpenTelemetry Collector (OTLP/gRPC)").isEqualTo(config.hasExtension("opentelemetry"));
        }
        // default deny holds for everything else
        assertThat(allowed(overlay, local.apply("execution-worker"), local.apply("tenant-gateway"), gateway, "TCP")).isFalse();
        assertThat(allowed(overlay, local.apply("tenant-gateway"), local.apply("context-service"), context, "TCP")).isFalse();
        assertThat(allowed(overlay, ingressController, local.apply("execution-worker"), 8081, "TCP")).isFalse();
        assertThat(allowed(overlay, external("elsewhere", NAME, "curl"), local.apply("tenant-gateway"), gateway, "TCP")).isFalse();
        assertThat(allowed(overlay, local.apply("tenant-gateway"), external("elsewhere", NAME, "anything"), 443, "TCP")).isFalse();
        assertThat(allowed(overlay, local.apply("tenant-gateway"), external("observability", NAME, "opentelemetry-collector"), 4318, "TCP"))
                .as("only the collector's OTLP/gRPC port").isFalse();
    }

    /** A connection is allowed when the source's egress and the destination's ingress both allow it. */
    static boolean allowed(Overlay overlay, Pod from, Pod to, int port, String protocol) {
        return direction(overlay, from, to, port, protocol, "Egress", "egress", "to")
                && direction(overlay, to, from, port, protocol, "Ingress", "ingress", "from");
    }

    private static boolean direction(Overlay overlay, Pod self, Pod peer, int port, String protocol,
                                     String type, String rulesField, String peersField) {
        if (!self.namespaceLabels().get(NS).equals(overlay.namespace())) {
            return true; // pods outside the namespace are not governed by these policies
        }
        boolean selected = false;
        for (JsonNode policy : overlay.ofKind("NetworkPolicy")) {
            JsonNode spec = policy.path("spec");
            if (!matches(spec.path("podSelector"), self.labels()) || !has(spec.path("policyTypes"), type)) {
                continue;
            }
            selected = true;
            for (JsonNode rule : spec.path(rulesField)) {
                if (peerMatches(rule.path(peersField), peer, self) && portMatches(rule.path("ports"), port, protocol)) {
                    return true;
                }
            }
        }
        return !selected;
    }

    private static boolean peerMatches(JsonNode peers, Pod peer, Pod self) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode p : peers) {
            boolean namespaceOk = p.has("namespaceSelector")
                    ? matches(p.get("namespaceSelector"), peer.namespaceLabels())
                    : peer.namespaceLabels().equals(self.namespaceLabels());
            boolean podOk = !p.has("podSelector") || matches(p.get("podSelector"), peer.labels());
            if (p.has("ipBlock") || (namespaceOk && podOk && (p.has("podSelector") || p.has("namespaceSelector")))) {
                if (!p.has("ipBlock")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, int port, String protocol) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (p.path("port").asInt() == port && p.path("protocol").asText("TCP").equals(protocol)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector.has("matchExpressions")) {
            throw new IllegalArgumentException("matchExpressions are not evaluated here: " + selector);
        }
        return labels.entrySet().containsAll(Overlay.labels(selector.path("matchLabels")).entrySet());
    }

    private static boolean has(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
