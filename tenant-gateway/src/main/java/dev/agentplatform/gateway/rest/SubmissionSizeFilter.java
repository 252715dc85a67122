package dev.agentplatform.gateway.rest;

import dev.agentplatform.common.problem.Problem;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.json.Json;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Refuses oversized job submissions with a 413 problem before their body is read, by the declared
 * {@code Content-Length}. Bodies sent chunked, without one, are counted as they are read
 * ({@link SubmissionReader}) and get the same 413 problem.
 */
@ApplicationScoped
public class SubmissionSizeFilter {

    private final long max;

    public SubmissionSizeFilter(GatewayConfig config) {
        this.max = config.maxSubmissionBytes();
    }

    void register(@Observes Router router) {
        router.route().order(-100).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST || !ctx.request().path().endsWith("/jobs")) {
            ctx.next();
            return;
        }
        String declared = ctx.request().getHeader("Content-Length");
        long length = -1;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            // a malformed length is the HTTP server's business
        }
        if (length > max) {
            reject(ctx, length);
            return;
        }
        ctx.next();
    }

    private void reject(RoutingContext ctx, long length) {
        ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
        Problem problem = new Problem(type.uri(), type.title(), type.status(),
                "the body has " + length + " bytes; at most " + max + " are accepted", ctx.request().path(), null, Map.of());
        ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                .end(Json.encode(problem));
    }
}
