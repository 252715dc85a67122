package dev.agentplatform.devstack;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Answers "can Testcontainers start containers here?" once per JVM.
 *
 * <p>{@code DEVSTACK_DOCKER} (environment variable or system property): {@code false} skips the
 * probe entirely (e.g. CI runners known to have no engine); {@code true} still probes but keeps
 * Testcontainers' detailed error report visible, for when you expect Docker and it is not found.
 */
public final class Docker {

    /** Environment variable / system property controlling the probe, see class comment. */
    public static final String SWITCH = "DEVSTACK_DOCKER";

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Docker.class);

    /**
     * Upper bound for the probe. Testcontainers answers in well under a second both with and
     * without an engine, but a DOCKER_HOST pointing at an unreachable TCP host can hang much longer.
     */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    /** Testcontainers logs a multi-line ERROR here when no engine is found, which is normal for us. */
    private static final String NOISY_CATEGORY = "org.testcontainers.dockerclient";

    /** Where the answer is remembered for other class loaders in this JVM. */
    private static final String PROBED_PROPERTY = "devstack.docker.available";

    private static volatile Boolean available;

    private Docker() {
    }

    /**
     * True only when Testcontainers can reach a Docker engine. Cached for the whole JVM (also
     * across Quarkus class loaders, via a system property); never throws.
     */
    public static boolean available() {
        Boolean answer = available;
        if (answer == null) {
            synchronized (JvmWide.lock("docker")) {
                if (available == null) {
                    available = probeOnce();
                }
                answer = available;
            }
        }
        return answer;
    }

    private static boolean probeOnce() {
        String earlier = System.getProperty(PROBED_PROPERTY);
        if (earlier != null) {
            return Boolean.parseBoolean(earlier);
        }
        boolean answer = probe();
        System.setProperty(PROBED_PROPERTY, Boolean.toString(answer));
        return answer;
    }

    private static boolean probe() {
        String setting = Settings.get(SWITCH);
        if ("false".equalsIgnoreCase(setting)) {
            LOG.info("Docker not probed: {}=false", SWITCH);
            return false;
        }
        boolean answer = "true".equalsIgnoreCase(setting) ? askTestcontainers() : askTestcontainersQuietly();
        LOG.info("Docker engine {} (set {}=false to skip this probe)", answer ? "found" : "not found", SWITCH);
        return answer;
    }

    private static boolean askTestcontainersQuietly() {
        Logger noisy = LogContext.getLogContext().getLogger(NOISY_CATEGORY);
        Level previous = noisy.getLevel();
        noisy.setLevel(Level.OFF);
        try {
            return askTestcontainers();
        } finally {
            noisy.setLevel(previous);
        }
    }

    private static boolean askTestcontainers() {
        try {
            return CompletableFuture
                    .supplyAsync(() -> DockerClientFactory.instance().isDockerAvailable())
                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception | LinkageError e) {
            LOG.debug("Docker probe failed, treating Docker as unavailable", e);
            return false;
        }
    }
}
