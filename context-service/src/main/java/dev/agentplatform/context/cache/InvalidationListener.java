package dev.agentplatform.context.cache;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Subscribes one dedicated Redis connection to the invalidation channel and hands every message
 * to {@code onMessage}. While the subscription is not established, {@link #subscribed()} is false
 * (caches then bypass themselves), and every (re)subscription calls {@code onReset} because
 * messages published while it was down are lost. Reconnects after {@code reconnectDelay}.
 */
public final class InvalidationListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InvalidationListener.class);

    private final Vertx vertx;
    private final String redisUrl;
    private final String channel;
    private final Duration reconnectDelay;
    private final Consumer<String> onMessage;
    private final Runnable onReset;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private Redis client;
    private long generation;

    public InvalidationListener(Vertx vertx, String redisUrl, String channel, Duration reconnectDelay,
            Consumer<String> onMessage, Runnable onReset) {
        this.vertx = vertx;
        this.redisUrl = redisUrl;
        this.channel = channel;
        this.reconnectDelay = reconnectDelay;
        this.onMessage = onMessage;
        this.onReset = onReset;
    }

    public InvalidationListener start() {
        connect();
        return this;
    }

    public boolean subscribed() {
        return subscribed;
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        long current = ++generation;
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
        client = redis;
        redis.connect().onSuccess(conn -> subscribe(current, conn)).onFailure(e -> lost(current, e));
    }

    private void subscribe(long current, RedisConnection conn) {
        conn.handler(this::onPush);
        conn.exceptionHandler(e -> lost(current, e));
        conn.endHandler(v -> lost(current, new IllegalStateException("connection closed")));
        conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).onSuccess(r -> {
            onReset.run();
            subscribed = generation == current;
            LOG.debugf("subscribed to %s", channel);
        }).onFailure(e -> lost(current, e));
    }

    private void onPush(Response push) {
        if (push != null && push.size() >= 3 && "message".equals(push.get(0).toString())) {
            onMessage.accept(push.get(2).toString());
        }
    }

    /** A connection of an older generation failing is ignored: it was already replaced. */
    private synchronized void lost(long failedGeneration, Throwable failure) {
        if (closed || failedGeneration != generation) {
            return;
        }
        generation++;
        subscribed = false;
        onReset.run();
        LOG.warnf("invalidation subscription lost (%s); caches bypassed until it is back", failure.toString());
        closeQuietly();
        vertx.setTimer(Math.max(1, reconnectDelay.toMillis()), id -> connect());
    }

    private void closeQuietly() {
        Redis old = client;
        client = null;
        if (old != null) {
            old.close();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        subscribed = false;
        closeQuietly();
    }
}
