package dev.agentplatform.gateway.rest;

import dev.agentplatform.common.problem.BodyLimitProblems;
import dev.agentplatform.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
        long length = BodyLimitProblems.declaredLength(ctx);
        if (length > max) {
            BodyLimitProblems.reject(ctx, length, max);
            return;
        }
        ctx.next();
    }
}
