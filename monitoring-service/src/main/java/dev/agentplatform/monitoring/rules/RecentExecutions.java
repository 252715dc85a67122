package dev.agentplatform.monitoring.rules;

import dev.agentplatform.events.ExecutionCompleted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The latest executions of a tenant and agent in event-time order (not arrival order), at most
 * {@code capacity} of them: what the threshold rules look at. Immutable; {@link #with} returns a copy.
 */
public record RecentExecutions(List<Entry> entries) {

    /**
     * One execution.
     *
     * @param occurredAtMs   when it ended (event time)
     * @param id             the event id, to order executions of the same millisecond and to deduplicate
     * @param failed         FAILED or TIMED_OUT
     * @param durationMs     how long it ran
     * @param cpuUtilization CPU time over (reserved cores × duration), null when not measured or too short
     * @param traceParent    its W3C traceparent, when known
     */
    public record Entry(long occurredAtMs, String id, boolean failed, long durationMs, Double cpuUtilization,
            String traceParent) {
    }

    private static final Comparator<Entry> EVENT_TIME =
            Comparator.comparingLong(Entry::occurredAtMs).thenComparing(Entry::id);

    public RecentExecutions {
        entries = List.copyOf(entries);
    }

    public static RecentExecutions empty() {
        return new RecentExecutions(List.of());
    }

    /** An entry for a completed execution; CPU utilization only for runs of at least {@code minDurationMs}. */
    public static Entry entryOf(ExecutionCompleted e, long minDurationMs) {
        Double cpu = null;
        var r = e.resources();
        if (r != null && r.cpuTimeMs() != null && r.reservedCpuCores() != null && r.reservedCpuCores() > 0
                && e.durationMs() >= minDurationMs && e.durationMs() > 0) {
            cpu = r.cpuTimeMs() / (r.reservedCpuCores() * e.durationMs());
        }
        boolean failed = switch (e.status()) {
            case FAILED, TIMED_OUT -> true;
            default -> false;
        };
        return new Entry(e.occurredAt().toEpochMilli(), e.id(), failed, e.durationMs(), cpu, e.traceParent());
    }

    /** These executions plus one, keeping the latest {@code capacity} by event time; a redelivered id is ignored. */
    public RecentExecutions with(Entry entry, int capacity) {
        if (entries.stream().anyMatch(e -> e.id().equals(entry.id()))) {
            return this;
        }
        List<Entry> next = new ArrayList<>(entries);
        next.add(entry);
        next.sort(EVENT_TIME);
        return new RecentExecutions(next.subList(Math.max(0, next.size() - capacity), next.size()));
    }

    public int size() {
        return entries.size();
    }

    public long failures() {
        return entries.stream().filter(Entry::failed).count();
    }

    public double errorRate() {
        return entries.isEmpty() ? 0 : (double) failures() / entries.size();
    }

    public double averageDurationMs() {
        return entries.stream().mapToLong(Entry::durationMs).average().orElse(0);
    }

    /** The 95th percentile of the durations, nearest-rank (of 10 executions: the slowest). */
    public long p95DurationMs() {
        long[] sorted = entries.stream().mapToLong(Entry::durationMs).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(0.95 * sorted.length);
        return sorted[rank - 1];
    }

    /** Executions with a CPU utilization figure. */
    public long measuredUtilizations() {
        return entries.stream().filter(e -> e.cpuUtilization() != null).count();
    }

    /** Average CPU utilization of the executions that have one; 0 when none has. */
    public double averageCpuUtilization() {
        return entries.stream().filter(e -> e.cpuUtilization() != null)
                .mapToDouble(Entry::cpuUtilization).average().orElse(0);
    }

    /** The traceparent of the latest failed execution, if any. */
    public Optional<String> latestFailureTrace() {
        return latestTrace(entries.stream().filter(Entry::failed).toList());
    }

    /** The traceparent of the slowest execution. */
    public Optional<String> slowestTrace() {
        return entries.stream().max(Comparator.comparingLong(Entry::durationMs)).map(Entry::traceParent);
    }

    /** The traceparent of the most CPU-hungry execution. */
    public Optional<String> busiestTrace() {
        return entries.stream().filter(e -> e.cpuUtilization() != null)
                .max(Comparator.comparingDouble(Entry::cpuUtilization)).map(Entry::traceParent);
    }

    private static Optional<String> latestTrace(List<Entry> candidates) {
        return candidates.isEmpty() ? Optional.empty()
                : Optional.ofNullable(candidates.get(candidates.size() - 1).traceParent());
    }
}
