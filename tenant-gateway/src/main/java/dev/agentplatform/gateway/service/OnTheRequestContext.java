package dev.agentplatform.gateway.service;

import io.smallrye.context.CleanAutoCloseable;
import io.smallrye.context.SmallRyeThreadContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * Assembles Mutiny pipelines without MicroProfile context propagation, for the submission path.
 *
 * <p>Mutiny, with SmallRye Context Propagation present (the messaging extension brings it),
 * wraps every callback of every operator so that it captures the caller's thread contexts (CDI
 * request context, OpenTelemetry context) when it is created and restores them around each call.
 * On the submission path that is redundant: every stage runs on the request's own Vert.x
 * (duplicated) context, where Quarkus keeps both the CDI request context and the OpenTelemetry
 * context, and the Kafka acknowledgement is brought back to that context explicitly
 * ({@code ExecutionPublisher}). The wrapping cost about a tenth of the gateway's CPU per job.
 *
 * <p>While {@link #uni} assembles a pipeline, and while it is subscribed to, the current thread
 * context propagates nothing and clears nothing, so Mutiny leaves callbacks as they are. Only code
 * whose every stage stays on the request's Vert.x context, or which passes what it needs explicitly
 * (the trace), may be assembled here; a stage that continues elsewhere (a timeout, a retry's
 * back-off) continues without the request's thread contexts, and must not need them.
 */
public final class OnTheRequestContext {

    private static final SmallRyeThreadContext NOTHING = SmallRyeThreadContext.builder()
            .propagated(ThreadContext.NONE).cleared(ThreadContext.NONE).unchanged(ThreadContext.ALL_REMAINING).build();

    private OnTheRequestContext() {
    }

    /**
     * The pipeline {@code assembly} builds, built with Mutiny's context propagation off, and
     * subscribed to with it off (operators such as {@code Uni.createFrom().emitter} wrap their
     * callbacks when subscribed to).
     */
    public static <T> Uni<T> uni(Supplier<Uni<T>> assembly) {
        Uni<T> pipeline;
        try (CleanAutoCloseable ignored = SmallRyeThreadContext.withThreadContext(NOTHING)) {
            pipeline = assembly.get();
        }
        return new Unpropagated<>(pipeline);
    }

    private static final class Unpropagated<T> extends AbstractUni<T> {
        private final Uni<T> upstream;

        Unpropagated(Uni<T> upstream) {
            this.upstream = upstream;
        }

        @Override
        public void subscribe(UniSubscriber<? super T> subscriber) {
            try (CleanAutoCloseable ignored = SmallRyeThreadContext.withThreadContext(NOTHING)) {
                AbstractUni.subscribe(upstream, subscriber);
            }
        }
    }
}
