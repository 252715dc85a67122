package dev.agentplatform.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Bodies declared ({@code Content-Length}) above the HTTP server's
 * {@code quarkus.http.limits.max-body-size} get a 413 problem like every other error, before the
 * server refuses them itself with an empty 413. A chunked body that grows past the limit is still
 * cut off by the server with its own empty 413: the limit is enforced inside its input stream,
 * past any handler of ours (the gateway's submissions have a lower limit of their own, answered as
 * a problem either way).
 */
@ApplicationScoped
public class BodyLimitProblems {

    /** Quarkus' default {@code quarkus.http.limits.max-body-size}. */
    private static final long DEFAULT_MAX = 10240L * 1024;

    void register(@Observes Router router) {
        long max = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(DEFAULT_MAX);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> check(ctx, max));
    }

    private static void check(RoutingContext ctx, long max) {
        long length = declaredLength(ctx);
        if (length > max) {
            reject(ctx, length, max);
            return;
        }
        ctx.next();
    }

    /** The request's {@code Content-Length}, or -1 when it has none (chunked) or a malformed one. */
    public static long declaredLength(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1; // a malformed length is the HTTP server's business
        }
    }

    /** Answers a body of {@code length} declared bytes, over {@code max}, with a 413 problem, and closes the connection. */
    public static void reject(RoutingContext ctx, long length, long max) {
        ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
        Problem problem = new Problem(type.uri(), type.title(), type.status(),
                "the body has " + length + " bytes; at most " + max + " are accepted", ctx.request().path(), null, Map.of());
        ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                .end(Json.encode(problem));
    }
}
