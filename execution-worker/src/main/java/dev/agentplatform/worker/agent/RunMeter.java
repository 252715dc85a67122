package dev.agentplatform.worker.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;

/**
 * What one run consumed. A run is asynchronous and hops threads, so the JVM's per-thread counters
 * cannot simply be read at its start and end; instead every piece of code that works on behalf of
 * the run is wrapped in {@link #measure}, which reads the current thread's CPU time and allocated
 * bytes before and after and charges the difference to the run. Waiting (timers, sockets) costs
 * nothing, and work the I/O event loop does for many runs at once is not attributed to any.
 * Where the JVM cannot measure (no thread CPU time or allocation support) the figures stay null.
 */
public final class RunMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean SUN_THREADS =
            THREADS instanceof com.sun.management.ThreadMXBean sun ? sun : null;
    private static final boolean CPU = cpuSupported();
    private static final boolean ALLOCATION = allocationSupported();

    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong allocatedBytes = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();
    private final DoubleAdder costUsd = new DoubleAdder();
    private volatile boolean tokensReported;

    /** Runs {@code work} on the current thread and charges its CPU time and allocations to this run. */
    public <T> T measure(Supplier<T> work) {
        long cpuBefore = CPU ? THREADS.getCurrentThreadCpuTime() : 0;
        long allocBefore = ALLOCATION ? SUN_THREADS.getCurrentThreadAllocatedBytes() : 0;
        try {
            return work.get();
        } finally {
            if (CPU) {
                cpuNanos.addAndGet(Math.max(0, THREADS.getCurrentThreadCpuTime() - cpuBefore));
            }
            if (ALLOCATION) {
                allocatedBytes.addAndGet(Math.max(0, SUN_THREADS.getCurrentThreadAllocatedBytes() - allocBefore));
            }
        }
    }

    /** An LLM call's token usage and its price. */
    public void tokens(long prompt, long completion, double cost) {
        promptTokens.addAndGet(prompt);
        completionTokens.addAndGet(completion);
        costUsd.add(cost);
        tokensReported = true;
    }

    /** CPU time in ms, or null where the JVM does not measure it. */
    public Long cpuTimeMs() {
        return CPU ? cpuNanos.get() / 1_000_000 : null;
    }

    /** CPU time in ns, or null where the JVM does not measure it. */
    public Long cpuTimeNanos() {
        return CPU ? cpuNanos.get() : null;
    }

    public Long allocatedBytes() {
        return ALLOCATION ? allocatedBytes.get() : null;
    }

    public Long promptTokens() {
        return tokensReported ? promptTokens.get() : null;
    }

    public Long completionTokens() {
        return tokensReported ? completionTokens.get() : null;
    }

    public Double costUsd() {
        return tokensReported ? costUsd.sum() : null;
    }

    private static boolean cpuSupported() {
        try {
            if (THREADS.isCurrentThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static boolean allocationSupported() {
        try {
            if (SUN_THREADS == null || !SUN_THREADS.isThreadAllocatedMemorySupported()) {
                return false;
            }
            if (!SUN_THREADS.isThreadAllocatedMemoryEnabled()) {
                SUN_THREADS.setThreadAllocatedMemoryEnabled(true);
            }
            return SUN_THREADS.isThreadAllocatedMemoryEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
