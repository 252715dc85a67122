package dev.agentplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Each service's image: a JRE base, the fast-jar layout, a non-root user, its real port and health path. */
class DockerfileTest {

    static List<String> services() {
        return Repo.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void imageRunsTheFastJarAsUid1000OnAJre(String service) {
        ServiceConfig config = ServiceConfig.of(service);
        List<String> lines = Repo.read(Repo.path(service + "/Dockerfile")).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).hasSize(1);
        assertThat(from.get(0)).containsAnyOf("-jre", "openjdk-17-runtime").doesNotContain("jdk:").doesNotContain("maven");
        assertThat(lines).noneMatch(l -> l.startsWith("RUN ")); // nothing installed: no build tools, no package manager
        assertThat(lines).contains("USER 1000:0", "EXPOSE " + config.httpPort());
        List<String> copies = lines.stream().filter(l -> l.startsWith("COPY ")).toList();
        assertThat(copies).hasSize(4).allMatch(l -> l.contains(" " + service + "/target/quarkus-app/"));
        assertThat(String.join("\n", copies)).contains("quarkus-app/lib/", "quarkus-app/quarkus/", "quarkus-app/app/",
                "quarkus-app/quarkus-run.jar");
        assertThat(lines).anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("quarkus-run.jar"));
        String healthcheck = String.join(" ", lines.subList(lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("HEALTHCHECK")).findFirst().orElseThrow()), lines.size()));
        assertThat(healthcheck).contains("/dev/tcp/127.0.0.1/" + config.managementPort() + " ")
                .contains("GET " + config.healthPath("readiness") + " ");
        assertThat(config.property("quarkus.package.jar.type", "fast-jar").toLowerCase(Locale.ROOT)).isEqualTo("fast-jar");
    }

    /** A service with a jvm.options (what ./stack and its benchmark run it with) runs its image with the same options. */
    @ParameterizedTest
    @MethodSource("services")
    void imageRunsTheServicesOwnJvmOptions(String service) {
        java.nio.file.Path options = Repo.path(service + "/jvm.options");
        if (!java.nio.file.Files.exists(options)) {
            return;
        }
        List<String> wanted = Repo.read(options).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(wanted).isNotEmpty();
        String env = Repo.read(Repo.path(service + "/Dockerfile")).lines().map(String::strip)
                .filter(l -> l.startsWith("ENV JAVA_TOOL_OPTIONS=")).findFirst().orElseThrow();
        List<String> image = List.of(env.substring(env.indexOf('=') + 1).replace("\"", "").split("\\s+"));
        assertThat(image).containsAll(wanted);
    }

    @Test
    void dockerignoreSendsOnlyThePackagedApplications() {
        List<String> lines = Repo.read(Repo.path(".dockerignore")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines.get(0)).isEqualTo("*");
        assertThat(lines.subList(1, lines.size()))
                .containsExactlyInAnyOrderElementsOf(Repo.SERVICES.stream().map(s -> "!" + s + "/target/quarkus-app/").toList());
    }
}
