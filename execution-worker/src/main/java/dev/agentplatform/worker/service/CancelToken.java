package dev.agentplatform.worker.service;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Signals that a running job was asked to stop. */
public final class CancelToken {

    private final CompletableFuture<String> cancelled = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    public void cancel(String reason) {
        cancelled.complete(reason == null ? "cancel requested" : reason);
    }

    public boolean isCancelled() {
        return cancelled.isDone();
    }

    /** Fails with {@link Cancelled} once the job is cancelled; never completes otherwise. */
    public <T> Uni<T> whenCancelled() {
        // An emitter rather than completionStage(): cancelling the subscription must not cancel the token.
        return Uni.createFrom().emitter(emitter -> cancelled.thenAccept(reason -> emitter.fail(new Cancelled(reason))));
    }

    /** Calls {@code action} with the reason once the job is cancelled (at once if it already is), on the cancelling thread. */
    public void onCancel(Consumer<String> action) {
        cancelled.thenAccept(action);
    }

    /** Runs {@code action} once the job's holder let it go (at once if it already did), on the releasing thread. */
    public void onRelease(Runnable action) {
        released.thenRun(action);
    }

    /** Completes once the job's holder let it go (finished or handed back). */
    public Uni<Void> whenReleased() {
        return Uni.createFrom().emitter(emitter -> released.thenRun(() -> emitter.complete(null)));
    }

    void release() {
        released.complete(null);
    }

    /** The run was stopped on request. */
    public static final class Cancelled extends RuntimeException {
        Cancelled(String reason) {
            super(reason, null, false, false);
        }
    }
}
