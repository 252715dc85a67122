package dev.agentplatform.devstack.demo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What the demo did for one tenant and what came of it; safe to update from several threads. */
final class TenantStats {

    private long submitted;
    private long admitted;
    private long refusals;
    private final Map<String, Long> rejected = new TreeMap<>();
    private long succeeded;
    private long failed;
    private long[] durations = new long[64];
    private int completed;

    synchronized void submitted() {
        submitted++;
    }

    synchronized void admitted() {
        admitted++;
    }

    /** A refusal, by the quota limits it names ({@code maxConcurrentAgents}), or a reason such as {@code http 503}. */
    synchronized void rejected(Iterable<String> reasons) {
        refusals++;
        boolean any = false;
        for (String reason : reasons) {
            rejected.merge(reason, 1L, Long::sum);
            any = true;
        }
        if (!any) {
            rejected.merge("unknown", 1L, Long::sum);
        }
    }

    /** A job reached a final status after running for {@code durationMs}. */
    synchronized void completed(boolean success, long durationMs) {
        if (success) {
            succeeded++;
        } else {
            failed++;
        }
        if (completed == durations.length) {
            durations = Arrays.copyOf(durations, completed * 2);
        }
        durations[completed++] = durationMs;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(submitted, admitted, refusals, new LinkedHashMap<>(rejected), succeeded, failed,
                Percentiles.p95(Arrays.copyOf(durations, completed)));
    }

    /**
     * Counters at one moment.
     *
     * @param rejected        refused submissions
     * @param rejectedByLimit refusals per limit; one refusal may name several limits
     * @param p95Ms           95th percentile of the execution durations, -1 before the first completion
     */
    record Snapshot(long submitted, long admitted, long rejected, Map<String, Long> rejectedByLimit, long succeeded,
            long failed, long p95Ms) {

        long completed() {
            return succeeded + failed;
        }
    }
}
