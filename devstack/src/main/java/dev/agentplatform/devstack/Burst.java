package dev.agentplatform.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Many calls released at once from many threads, for tests of behaviour under concurrency. */
public final class Burst {

    private Burst() {
    }

    /**
     * Runs {@code call(0) .. call(count - 1)} from {@code threads} threads, all released together,
     * and returns their answers in order; fails if any call throws or all have not answered within
     * a minute.
     */
    public static <T> List<T> of(int count, int threads, IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return call.apply(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            for (Future<T> future : futures) {
                answers.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
