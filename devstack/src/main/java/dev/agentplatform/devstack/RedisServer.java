package dev.agentplatform.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A running, real Redis for tests.
 *
 * <p>{@link #start()} picks, in order: the server named by {@code REDIS_URL}; a Testcontainers
 * {@value #IMAGE} when Docker answers; a {@code redis-server} child process when one is on PATH.
 */
public final class RedisServer implements AutoCloseable {

    public static final String MODE_EXTERNAL = "external";
    public static final String MODE_TESTCONTAINERS = "testcontainers";
    public static final String MODE_CHILD_PROCESS = "child-process";

    /** Environment variable (or system property) naming an existing Redis, e.g. {@code redis://host:6379}. */
    public static final String URL_ENV = "REDIS_URL";

    static final String IMAGE = "redis:7-alpine";

    private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
    private static final int REDIS_PORT = 6379;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private static RedisServer shared;

    private final URI url;
    private final String mode;
    private final Restartable restartable;
    private final AutoCloseable owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisServer(String url, String mode, Restartable restartable, AutoCloseable owned) {
        this.url = URI.create(url);
        this.mode = mode;
        this.restartable = restartable;
        this.owned = owned;
        if (this.url.getHost() == null) {
            throw new IllegalArgumentException("Expected a Redis URL like redis://host:6379, got one without a host: "
                    + withoutCredentials(this.url));
        }
    }

    /**
     * The JVM-wide server, started on first use and stopped by a shutdown hook. Do not close it.
     * Tests may {@link #stop()} and {@link #restart()} it, but must restart it before they finish
     * because every other test in the JVM uses it too.
     */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            shared = startOrBorrowShared();
        }
        return shared;
    }

    private static RedisServer startOrBorrowShared() {
        synchronized (JvmWide.lock("redis")) {
            SharedResourceMXBean published = JvmWide.lookup("redis");
            if (published != null) {
                // Another class loader (another Quarkus test app) owns the shared server; stop()
                // and restart() still reach its process through JMX.
                Restartable remote = published.isRestartable() ? JvmWide.remote(published) : null;
                return new RedisServer(published.getAddress(), published.getMode(), remote, null);
            }
            RedisServer server = start();
            JvmWide.closeOnShutdown("redis", server);
            JvmWide.publish("redis", server.url(), server.mode(), server.restartable);
            return server;
        }
    }

    /**
     * Starts (or, for {@code REDIS_URL}, just points at) a new server; the caller closes it.
     *
     * @throws IllegalStateException when none of the three options is available
     */
    public static RedisServer start() {
        String external = Settings.get(URL_ENV);
        if (external != null) {
            LOG.info("Redis mode {}: {} is set to {}", MODE_EXTERNAL, URL_ENV, withoutCredentials(URI.create(external)));
            return new RedisServer(external, MODE_EXTERNAL, null, null);
        }
        if (Docker.available()) {
            LOG.info("Redis mode {}: a Docker engine answered, starting {}", MODE_TESTCONTAINERS, IMAGE);
            return startContainer();
        }
        Optional<Path> executable = RedisProcess.findExecutable();
        if (executable.isPresent()) {
            LOG.info("Redis mode {}: no {} and no Docker engine, running {}", MODE_CHILD_PROCESS, URL_ENV,
                    executable.get());
            return startProcess(executable.get());
        }
        throw new IllegalStateException("No Redis available: set " + URL_ENV + " (e.g. redis://localhost:6379),"
                + " run a Docker engine, or install redis-server on PATH");
    }

    private static RedisServer startContainer() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(REDIS_PORT);
        container.start();
        String url = "redis://" + container.getHost() + ":" + container.getMappedPort(REDIS_PORT);
        return new RedisServer(url, MODE_TESTCONTAINERS, null, container::stop);
    }

    private static RedisServer startProcess(Path executable) {
        RedisProcess process = RedisProcess.start(executable);
        String url = "redis://" + RedisProcess.HOST + ":" + process.port();
        return new RedisServer(url, MODE_CHILD_PROCESS, process, process);
    }

    /** e.g. {@code redis://127.0.0.1:40123}, usable as {@code quarkus.redis.hosts}. */
    public String url() {
        return url.toString();
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return url.getPort() == -1 ? REDIS_PORT : url.getPort();
    }

    /** {@value #MODE_EXTERNAL}, {@value #MODE_TESTCONTAINERS} or {@value #MODE_CHILD_PROCESS}. */
    public String mode() {
        return mode;
    }

    /**
     * True when {@link #stop()} and {@link #restart()} work: for a redis-server child process,
     * including the shared one seen from another Quarkus class loader.
     */
    public boolean supportsRestart() {
        return restartable != null;
    }

    /** Kills the server like a crash would; its port stays assigned to this object for {@link #restart()}. */
    public void stop() {
        requireRestartable().stop();
    }

    /** Starts the server again on the same port (with empty data) and waits until it answers PING. */
    public void restart() {
        requireRestartable().restart();
    }

    private Restartable requireRestartable() {
        if (restartable == null) {
            throw new UnsupportedOperationException("stop()/restart() need a Redis child process, this one is " + mode);
        }
        return restartable;
    }

    /**
     * Runs one Redis command and returns the reply as text: status and integer replies as is
     * ({@code "OK"}, {@code "3"}), bulk strings as their content, nil as {@code null}. Array
     * replies are not supported. Meant for test setup and assertions, e.g.
     * {@code command("HSET", "quota", "max", "2")}.
     *
     * @throws UncheckedIOException on connection failures and Redis error replies
     */
    public String command(String... args) {
        try (RespConnection connection = new RespConnection(host(), port(), COMMAND_TIMEOUT)) {
            authenticateIfNeeded(connection);
            return connection.send(args);
        } catch (IOException e) {
            String name = args.length == 0 ? "(empty command)" : args[0];
            throw new UncheckedIOException(name + " failed on " + withoutCredentials(url), e);
        }
    }

    /** Deletes every key in every database, so tests sharing a server start from a clean slate. */
    public void flushAll() {
        command("FLUSHALL");
    }

    private void authenticateIfNeeded(RespConnection connection) throws IOException {
        String userInfo = url.getUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return;
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            connection.send("AUTH", userInfo);
        } else if (colon == 0) {
            connection.send("AUTH", userInfo.substring(1));
        } else {
            connection.send("AUTH", userInfo.substring(0, colon), userInfo.substring(colon + 1));
        }
    }

    /** Kills the child process or stops the container; does nothing for external or borrowed servers. */
    @Override
    public void close() {
        if (owned != null && closed.compareAndSet(false, true)) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop " + this, e);
            }
        }
    }

    /** The child process, if this object runs one; lets tests verify nothing is left running. */
    Optional<ProcessHandle> processHandle() {
        return restartable instanceof RedisProcess process ? process.handle() : Optional.empty();
    }

    @Override
    public String toString() {
        return "RedisServer[" + mode + " " + withoutCredentials(url) + "]";
    }

    /** For logs and messages: REDIS_URL may carry a password. */
    private static String withoutCredentials(URI uri) {
        return uri.getUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
}
