package dev.agentplatform.common.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run with EVALSHA: one round trip when Redis has it cached, and a single EVAL
 * (which also caches it) after a NOSCRIPT, for example after Redis restarted or failed over.
 */
public final class LuaScript {

    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1(source);
    }

    /**
     * Loads a script from the classpath, for example {@code /lua/admit.lua}, after the given
     * libraries: scripts sent to Redis cannot load code of their own, so what several scripts share
     * (a {@code local function}) is kept once in a library and placed before each script that uses it.
     */
    public static LuaScript fromClasspath(String resource, String... libraries) {
        StringBuilder source = new StringBuilder();
        for (String library : libraries) {
            source.append(read(library)).append('\n');
        }
        return new LuaScript(resource, source.append(read(resource)).toString());
    }

    private static String read(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no Lua script at " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", argv(sha1, keys, args))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.execute("EVAL", argv(source, keys, args)));
    }

    public String name() {
        return name;
    }

    public String sha1() {
        return sha1;
    }

    /** The source sent with EVAL: the libraries, then the script. */
    public String source() {
        return source;
    }

    private static String[] argv(String script, List<String> keys, List<String> args) {
        List<String> argv = new ArrayList<>(2 + keys.size() + args.size());
        argv.add(script);
        argv.add(Integer.toString(keys.size()));
        argv.addAll(keys);
        argv.addAll(args);
        return argv.toArray(String[]::new);
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
