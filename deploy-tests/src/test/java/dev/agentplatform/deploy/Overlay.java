package dev.agentplatform.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;

/** One assembled overlay (k8s/overlays/NAME) and look-ups into it. */
record Overlay(String name, List<ObjectNode> resources) {

    static final List<String> NAMES = List.of("dev", "prod");

    static Overlay build(String name) {
        return new Overlay(name, Kustomize.build(Repo.path("k8s/overlays/" + name)));
    }

    List<ObjectNode> ofKind(String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> r.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new NoSuchElementException(this.name + ": no " + kind + "/" + name));
    }

    String namespace() {
        return ofKind("Namespace").get(0).path("metadata").path("name").asText();
    }

    static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new TreeMap<>();
        labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** The one container of a service's Deployment. */
    static JsonNode container(ObjectNode deployment) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        if (containers.size() != 1) {
            throw new IllegalStateException("expected one container in " + Kustomize.id(deployment));
        }
        return containers.get(0);
    }
}
