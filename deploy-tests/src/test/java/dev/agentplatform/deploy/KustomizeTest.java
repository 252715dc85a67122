package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small resolver in {@link Kustomize}, against kustomize itself where kubectl is installed. */
class KustomizeTest {

    @Test
    void strategicMergeMergesContainersByNameAndReplacesOtherLists() throws Exception {
        ObjectNode target = (ObjectNode) Repo.YAML.readTree("""
                spec:
                  replicas: 3
                  template:
                    spec:
                      containers:
                        - name: app
                          image: a:1
                          resources: {requests: {cpu: 500m, memory: 512Mi}}
                        - name: sidecar
                          image: s:1
                  tls:
                    - hosts: [a.example]
                """);
        ObjectNode patch = (ObjectNode) Repo.YAML.readTree("""
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: app
                          resources: {requests: {cpu: 100m}}
                  tls:
                    - hosts: [b.example]
                """);
        Kustomize.merge(target, patch);
        JsonNode containers = target.path("spec").path("template").path("spec").path("containers");
        assertThat(target.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("image").asText()).isEqualTo("a:1");
        assertThat(containers.get(0).path("resources").path("requests").path("cpu").asText()).isEqualTo("100m");
        assertThat(containers.get(0).path("resources").path("requests").path("memory").asText()).isEqualTo("512Mi");
        assertThat(target.path("spec").path("tls")).hasSize(1);
        assertThat(target.path("spec").path("tls").get(0).path("hosts").get(0).asText()).isEqualTo("b.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void resolverAgreesWithKubectlKustomize(String overlay) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed; the Java resolver stands alone");
        Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
        Process p = new ProcessBuilder("kubectl", "kustomize", Repo.path("k8s/overlays/" + overlay).toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<ObjectNode> expected = sorted(Repo.yamlDocuments(out));
        List<ObjectNode> actual = sorted(Kustomize.build(Repo.path("k8s/overlays/" + overlay)));
        Files.delete(out);
        assertThat(actual).extracting(Kustomize::id).containsExactlyElementsOf(expected.stream().map(Kustomize::id).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as(Kustomize.id(expected.get(i))).isEqualTo(expected.get(i));
        }
    }

    private static List<ObjectNode> sorted(List<ObjectNode> resources) {
        List<ObjectNode> copy = new ArrayList<>(resources);
        copy.sort(Comparator.comparing(Kustomize::id));
        return copy;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
