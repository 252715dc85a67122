package dev.agentplatform.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} child process on 127.0.0.1, without persistence, that can be killed and
 * brought back on the same port to simulate a Redis outage.
 */
final class RedisProcess implements Restartable, AutoCloseable {

    static final String HOST = "127.0.0.1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);

    private final Path executable;
    private final int port;
    private final Path directory;
    private final Path log;
    private final Thread shutdownHook;
    private Process process;

    private RedisProcess(Path executable, int port, Path directory) {
        this.executable = executable;
        this.port = port;
        this.directory = directory;
        this.log = directory.resolve("redis.log");
        // Without this hook a test JVM that exits without close() would leave redis-server running.
        this.shutdownHook = new Thread(this::kill, "devstack-redis-" + port);
    }

    /** The {@code redis-server} executable found on PATH, if any. */
    static Optional<Path> findExecutable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts redis-server on a free port and returns once it answers PING. */
    static RedisProcess start(Path executable) {
        RedisProcess redis = new RedisProcess(executable, FreePort.find(), createDirectory());
        Runtime.getRuntime().addShutdownHook(redis.shutdownHook);
        try {
            redis.launch();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("devstack-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a working directory for redis-server", e);
        }
    }

    int port() {
        return port;
    }

    /** The running process, for tests that check nothing is left behind. */
    synchronized Optional<ProcessHandle> handle() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** Kills the server (SIGKILL, like a crash); the port is remembered for {@link #restart()}. */
    @Override
    public synchronized void stop() {
        kill();
    }

    /** Starts the server again on the same port and waits until it answers PING. */
    @Override
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running; stop() it first");
        }
        launch();
    }

    private synchronized void launch() {
        try {
            process = new ProcessBuilder(command())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + executable, e);
        }
        awaitPong();
    }

    private List<String> command() {
        return List.of(executable.toString(),
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--protected-mode", "no",
                "--save", "",
                "--appendonly", "no",
                "--dir", directory.toString());
    }

    private void awaitPong() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with code " + process.exitValue()
                        + " while starting on port " + port + "; " + LogTail.of(log, 20));
            }
            if (answersPing()) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        kill();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                + START_TIMEOUT + "; " + LogTail.of(log, 20));
    }

    private boolean answersPing() {
        try (RespConnection connection = new RespConnection(HOST, port, PING_TIMEOUT)) {
            return "PONG".equals(connection.send("PING"));
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(process);
        process = null;
    }

    private void awaitExit(Process dying) {
        try {
            if (!dying.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server pid " + dying.pid() + " did not exit within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server and deletes its working directory. */
    @Override
    public synchronized void close() {
        kill();
        removeShutdownHook();
        deleteDirectory();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (close() called from a hook); nothing to unregister.
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // Only temporary files are left behind; not worth failing a test over.
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for redis-server", e);
        }
    }
}
