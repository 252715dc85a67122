package dev.agentplatform.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of kustomize the overlays use, so they can be assembled where no kustomize binary is
 * installed: {@code resources} (files, or directories with a kustomization), {@code namespace},
 * {@code patches} by path (strategic merge; the patch names its target) and {@code images}.
 * Anything else in a kustomization is an error rather than silently ignored, so the overlays
 * cannot outgrow this resolver unnoticed. {@code KustomizeTest} compares it with
 * {@code kubectl kustomize} where kubectl is installed.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "patches", "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "ClusterSecretStore", "CustomResourceDefinition", "PriorityClass", "StorageClass");
    /** Lists merged element by element on this key (the strategic-merge keys of the fields the overlays patch). */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "volumes", "name", "env", "name", "volumeMounts", "mountPath");

    private Kustomize() {
    }

    static List<ObjectNode> build(Path dir) {
        ObjectNode k = Repo.yaml(dir.resolve("kustomization.yaml"));
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + field + "' is not supported here");
            }
        });
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            resources.addAll(Files.isDirectory(p) ? build(p) : Repo.yamlDocuments(p));
        }
        for (JsonNode patch : k.path("patches")) {
            if (patch.size() != 1 || !patch.has("path")) {
                throw new IllegalArgumentException(dir + ": only patches given by path are supported: " + patch);
            }
            for (ObjectNode doc : Repo.yamlDocuments(dir.resolve(patch.get("path").asText()))) {
                merge(find(resources, doc, dir), doc);
            }
        }
        for (JsonNode image : k.path("images")) {
            resources.forEach(r -> setImage(r, image));
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            resources.stream().filter(r -> !CLUSTER_SCOPED.contains(r.path("kind").asText()))
                    .forEach(r -> ((ObjectNode) r.get("metadata")).put("namespace", ns));
        }
        return resources;
    }

    static String id(JsonNode resource) {
        return resource.path("kind").asText() + "/" + resource.path("metadata").path("name").asText();
    }

    private static ObjectNode find(List<ObjectNode> resources, ObjectNode patch, Path dir) {
        List<ObjectNode> found = resources.stream().filter(r -> id(r).equals(id(patch))).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(dir + ": patch target " + id(patch) + " matches " + found.size() + " resources");
        }
        return found.get(0);
    }

    /** Strategic merge: maps merge recursively, keyed lists merge by key, other lists and scalars replace. */
    static void merge(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (name.startsWith("$")) {
                throw new IllegalArgumentException("strategic-merge directive " + name + " is not supported here");
            }
            JsonNode existing = target.get(name);
            if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else if (value.isArray() && existing != null && existing.isArray() && MERGE_KEYS.containsKey(name)) {
                mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(name));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
        for (JsonNode item : patch) {
            ObjectNode match = null;
            for (JsonNode t : target) {
                if (t.path(key).equals(item.path(key))) {
                    match = (ObjectNode) t;
                }
            }
            if (match != null) {
                merge(match, (ObjectNode) item);
            } else {
                target.add(item.deepCopy());
            }
        }
    }

    private static void setImage(JsonNode node, JsonNode image) {
        if (node.isObject()) {
            JsonNode current = node.get("image");
            if (current != null && current.isTextual() && imageName(current.asText()).equals(image.get("name").asText())) {
                String name = image.hasNonNull("newName") ? image.get("newName").asText() : imageName(current.asText());
                String tag = image.hasNonNull("digest") ? "@" + image.get("digest").asText()
                        : ":" + (image.hasNonNull("newTag") ? image.get("newTag").asText() : imageTag(current.asText()));
                ((ObjectNode) node).put("image", name + tag);
            }
        }
        node.forEach(child -> setImage(child, image));
    }

    private static String imageName(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    private static String imageTag(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }
}
