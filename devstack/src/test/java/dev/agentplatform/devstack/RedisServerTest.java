package dev.agentplatform.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void answersPingSetAndGet() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(RawRedis.command(redis.host(), redis.port(), "PING")).isEqualTo("+PONG");
            assertThat(RawRedis.command(redis.host(), redis.port(), "SET devstack-key hello")).isEqualTo("+OK");
            assertThat(RawRedis.command(redis.host(), redis.port(), "GET devstack-key")).isEqualTo("hello");
            assertThat(redis.url()).isEqualTo("redis://" + redis.host() + ":" + redis.port());
        }
    }

    @Test
    void commandReturnsStatusIntegerBulkAndNilReplies() {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(redis.command("HSET", "devstack-hash", "max concurrent", "2")).isEqualTo("1");
            assertThat(redis.command("HGET", "devstack-hash", "max concurrent")).isEqualTo("2");
            assertThat(redis.command("SET", "devstack-plain", "a b")).isEqualTo("OK");
            assertThat(redis.command("GET", "devstack-missing")).isNull();
            assertThatThrownBy(() -> redis.command("NOSUCHCOMMAND")).hasMessageContaining("NOSUCHCOMMAND");
        }
    }

    @Test
    void flushAllRemovesKeys() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            RawRedis.command(redis.host(), redis.port(), "SET devstack-flush x");

            redis.flushAll();

            assertThat(RawRedis.command(redis.host(), redis.port(), "GET devstack-flush")).isNull();
        }
    }

    @Test
    void stopAndRestartKeepThePort() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            assumeTrue(redis.supportsRestart(), "only a redis-server child process can be restarted");
            int port = redis.port();
            RawRedis.command(redis.host(), port, "SET devstack-restart x");

            redis.stop();
            assertThat(RawRedis.accepts(redis.host(), port)).as("accepts connections while stopped").isFalse();

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(RawRedis.command(redis.host(), port, "PING")).isEqualTo("+PONG");
            assertThat(RawRedis.command(redis.host(), port, "GET devstack-restart")).as("no persistence").isNull();
        }
    }

    @Test
    void closeLeavesNoProcessBehind() {
        RedisServer redis = RedisServer.start();
        assumeTrue(redis.supportsRestart(), "only a child process can be checked");
        ProcessHandle process = redis.processHandle().orElseThrow();
        assertThat(process.isAlive()).isTrue();

        redis.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(RawRedis.accepts(redis.host(), redis.port())).isFalse();
    }

    @Test
    void externalModeParsesTheUrlAndRefusesFailureInjection() throws IOException {
        RedisServer running = RedisServer.shared();
        System.setProperty(RedisServer.URL_ENV, "redis://" + running.host() + ":" + running.port() + "/0");
        try (RedisServer external = RedisServer.start()) {
            assertThat(external.mode()).isEqualTo(RedisServer.MODE_EXTERNAL);
            assertThat(external.host()).isEqualTo(running.host());
            assertThat(external.port()).isEqualTo(running.port());
            assertThat(external.supportsRestart()).isFalse();
            assertThatThrownBy(external::stop).isInstanceOf(UnsupportedOperationException.class);
            external.flushAll();
        } finally {
            System.clearProperty(RedisServer.URL_ENV);
        }
        assertThat(RawRedis.command(running.host(), running.port(), "PING")).as("still running").isEqualTo("+PONG");
    }

    @Test
    void restartIsRejectedWhileRunning() {
        try (RedisServer redis = RedisServer.start()) {
            assumeTrue(redis.supportsRestart());
            assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("stop()");
        }
    }
}
