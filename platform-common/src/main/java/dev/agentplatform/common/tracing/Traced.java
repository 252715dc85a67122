package dev.agentplatform.common.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.function.Supplier;

/**
 * Runs reactive work with a trace context current while it is created and subscribed to, so
 * instrumented clients (REST client, Redis) that start their request on subscription pick it up
 * as parent. Needed where the work continues on a thread that never saw the context, such as a
 * Kafka producer's acknowledgement callback.
 */
public final class Traced {

    private Traced() {
    }

    public static <T> Uni<T> within(Context context, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Cancellable subscription;
            try (Scope ignored = context.makeCurrent()) {
                subscription = work.get().subscribe().with(emitter::complete, emitter::fail);
            }
            emitter.onTermination(subscription::cancel);
        });
    }
}
