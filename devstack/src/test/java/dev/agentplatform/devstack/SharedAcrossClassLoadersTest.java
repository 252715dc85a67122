package dev.agentplatform.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Quarkus loads devstack once per test application class loader; the shared broker and server
 * must still be started only once per JVM. Simulates that with an isolated class loader.
 */
class SharedAcrossClassLoadersTest {

    @Test
    void secondClassLoaderBorrowsTheSharedKafkaBroker() throws Exception {
        String owner = KafkaBroker.shared().bootstrapServers();
        try (URLClassLoader isolated = isolatedClassLoader()) {
            Object borrowed = call(isolated, KafkaBroker.class.getName(), "shared", null);
            assertThat(borrowed.getClass()).isNotSameAs(KafkaBroker.class);
            assertThat(call(isolated, KafkaBroker.class.getName(), "bootstrapServers", borrowed)).isEqualTo(owner);
        }
    }

    @Test
    void secondClassLoaderBorrowsTheSharedRedisIncludingStopAndRestart() throws Exception {
        RedisServer owner = RedisServer.shared();
        try (URLClassLoader isolated = isolatedClassLoader()) {
            Object borrowed = call(isolated, RedisServer.class.getName(), "shared", null);
            assertThat(call(isolated, RedisServer.class.getName(), "url", borrowed)).isEqualTo(owner.url());
            assertThat(call(isolated, RedisServer.class.getName(), "supportsRestart", borrowed))
                    .isEqualTo(owner.supportsRestart());
            if (owner.supportsRestart()) {
                call(isolated, RedisServer.class.getName(), "stop", borrowed);
                assertThat(RawRedis.accepts(owner.host(), owner.port())).as("owner's process stopped").isFalse();
                call(isolated, RedisServer.class.getName(), "restart", borrowed);
                assertThat(RawRedis.command(owner.host(), owner.port(), "PING")).isEqualTo("+PONG");
            }
        }
    }

    private static Object call(ClassLoader loader, String className, String method, Object target) throws Exception {
        return loader.loadClass(className).getMethod(method).invoke(target);
    }

    /** Same class path, but nothing delegated to the application class loader. */
    private static URLClassLoader isolatedClassLoader() {
        URL[] urls = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(SharedAcrossClassLoadersTest::toUrl)
                .toArray(URL[]::new);
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    private static URL toUrl(String path) {
        try {
            return new File(path).toURI().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(path, e);
        }
    }
}
