package dev.agentplatform.monitoring.rules;

import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
        int at = entries.size(); // where the entry goes: entries are in event-time order
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.id().equals(entry.id())) {
                return this;
            }
            if (EVENT_TIME.compare(e, entry) > 0) {
                at = i;
            }
        }
        int size = entries.size() + 1;
        int from = Math.max(0, size - capacity); // keep the latest capacity
        Entry[] next = new Entry[size - from];
        for (int i = from, j = 0; i < size; i++, j++) {
            next[j] = i < at ? entries.get(i) : i == at ? entry : entries.get(i - 1);
        }
        return new RecentExecutions(List.of(next));
    }

    public int size() {
        return entries.size();
    }

    public long failures() {
        long failures = 0;
        for (Entry e : entries) {
            if (e.failed()) {
                failures++;
            }
        }
        return failures;
    }

    public double errorRate() {
        return entries.isEmpty() ? 0 : (double) failures() / entries.size();
    }

    public double averageDurationMs() {
        if (entries.isEmpty()) {
            return 0;
        }
        long sum = 0;
        for (Entry e : entries) {
            sum += e.durationMs();
        }
        return (double) sum / entries.size();
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
        long measured = 0;
        for (Entry e : entries) {
            if (e.cpuUtilization() != null) {
                measured++;
            }
        }
        return measured;
    }

    /** Average CPU utilization of the executions that have one; 0 when none has. */
    public double averageCpuUtilization() {
        double sum = 0;
        long measured = 0;
        for (Entry e : entries) {
            if (e.cpuUtilization() != null) {
                sum += e.cpuUtilization();
                measured++;
            }
        }
        return measured == 0 ? 0 : sum / measured;
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

    // --- storage encoding ---------------------------------------------------------------------

    /** The first byte of the binary encoding; the older JSON encoding starts with '{'. */
    private static final byte BINARY_V1 = 1;
    private static final int FAILED = 1;
    private static final int HAS_CPU = 2;
    private static final int HAS_TRACE = 4;

    /** The compact binary form kept in the state store (and its changelog). */
    public byte[] toBytes() {
        int size = 1 + 4;
        for (Entry e : entries) {
            size += 8 + 2 + utf8Length(e.id()) + 1 + 8 + (e.cpuUtilization() != null ? 8 : 0)
                    + (e.traceParent() != null ? 2 + utf8Length(e.traceParent()) : 0);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(BINARY_V1);
        out.putInt(entries.size());
        for (Entry e : entries) {
            out.putLong(e.occurredAtMs());
            putUtf(out, e.id());
            out.put((byte) ((e.failed() ? FAILED : 0) | (e.cpuUtilization() != null ? HAS_CPU : 0)
                    | (e.traceParent() != null ? HAS_TRACE : 0)));
            out.putLong(e.durationMs());
            if (e.cpuUtilization() != null) {
                out.putDouble(e.cpuUtilization());
            }
            if (e.traceParent() != null) {
                putUtf(out, e.traceParent());
            }
        }
        return out.array();
    }

    /** Bytes of a string in modified UTF-8 (as {@code DataOutputStream.writeUTF}, which {@link #fromBytes} reads). */
    private static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
        }
        if (length > 65535) {
            throw new IllegalArgumentException("string too long to store: " + length + " bytes");
        }
        return length;
    }

    private static void putUtf(ByteBuffer out, String s) {
        out.putShort((short) utf8Length(s));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                out.put((byte) c);
            } else if (c <= 0x07FF) {
                out.put((byte) (0xC0 | ((c >> 6) & 0x1F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else {
                out.put((byte) (0xE0 | ((c >> 12) & 0x0F)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    /** Reads {@link #toBytes} or the JSON form stored by earlier versions; null gives none. */
    public static RecentExecutions fromBytes(byte[] stored) {
        if (stored == null) {
            return empty();
        }
        try {
            if (stored.length > 0 && stored[0] == '{') {
                return EventCodec.mapper().readValue(stored, RecentExecutions.class);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored));
            if (in.readByte() != BINARY_V1) {
                throw new IllegalStateException("unknown encoding of recent executions");
            }
            int size = in.readInt();
            List<Entry> entries = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long at = in.readLong();
                String id = in.readUTF();
                int flags = in.readByte();
                long duration = in.readLong();
                Double cpu = (flags & HAS_CPU) != 0 ? in.readDouble() : null;
                String trace = (flags & HAS_TRACE) != 0 ? in.readUTF() : null;
                entries.add(new Entry(at, id, (flags & FAILED) != 0, duration, cpu, trace));
            }
            return new RecentExecutions(entries);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt recent executions", e);
        }
    }

    private static Optional<String> latestTrace(List<Entry> candidates) {
        return candidates.isEmpty() ? Optional.empty()
                : Optional.ofNullable(candidates.get(candidates.size() - 1).traceParent());
    }
}
