package dev.agentplatform.monitoring.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Minute buckets of good and bad events per SLI in event time, with running sums for every
 * window, so a burn rate costs O(1) per event whatever the window length. "Now" is the latest
 * event time seen; a window of L minutes holds the buckets of the last L minutes including the
 * current, partial one. Buckets older than the longest window are dropped. Not thread-safe: one
 * instance belongs to one stream task.
 */
public final class SloWindows {

    private static final int KINDS = SloKind.values().length;
    private static final long MINUTE_MS = 60_000;

    private final List<Duration> windows;
    private final long[] windowMinutes;
    private final NavigableMap<Long, long[]> buckets = new TreeMap<>();
    /** sums[window][kind * 2] = valid events, sums[window][kind * 2 + 1] = bad events. */
    private final long[][] sums;
    private long nowMinute = Long.MIN_VALUE;
    private long watermarkMs = Long.MIN_VALUE;

    /** @param windows the windows to keep sums for; the longest also bounds what is kept */
    public SloWindows(List<Duration> windows) {
        this.windows = List.copyOf(windows);
        this.windowMinutes = windows.stream().mapToLong(Duration::toMinutes).toArray();
        this.sums = new long[windows.size()][KINDS * 2];
    }

    /** A fresh, empty bucket value: valid and bad counts per SLI. */
    public static long[] emptyBucket() {
        return new long[KINDS * 2];
    }

    public static long minuteOf(long epochMs) {
        return Math.floorDiv(epochMs, MINUTE_MS);
    }

    /** The latest event time seen, or Long.MIN_VALUE before the first event. */
    public long watermarkMs() {
        return watermarkMs;
    }

    /**
     * Moves "now" forward to an event time (never back), evicting what leaves each window.
     * Returns the minutes of the buckets dropped for good (older than the longest window).
     */
    public List<Long> advanceTo(long eventTimeMs) {
        if (eventTimeMs <= watermarkMs) {
            return List.of();
        }
        watermarkMs = eventTimeMs;
        long target = minuteOf(eventTimeMs);
        if (nowMinute == Long.MIN_VALUE) {
            nowMinute = target;
            return List.of();
        }
        if (target == nowMinute) {
            return List.of();
        }
        for (int w = 0; w < windowMinutes.length; w++) {
            // Buckets with minute in (old - L, new - L] leave window w.
            for (long[] bucket : buckets.subMap(nowMinute - windowMinutes[w], false, target - windowMinutes[w], true).values()) {
                subtract(sums[w], bucket);
            }
        }
        nowMinute = target;
        NavigableMap<Long, long[]> expired = buckets.headMap(nowMinute - longest(), true);
        List<Long> dropped = new ArrayList<>(expired.keySet());
        expired.clear();
        return dropped;
    }

    /**
     * Counts one event of an SLI at an event time no later than now (call {@link #advanceTo} first).
     * Returns the updated bucket (for persisting), or null when the event is older than every window.
     */
    public long[] add(long eventTimeMs, SloKind kind, boolean bad) {
        long minute = minuteOf(eventTimeMs);
        if (minute > nowMinute) {
            throw new IllegalStateException("advance to the event time before adding");
        }
        if (minute <= nowMinute - longest()) {
            return null;
        }
        long[] bucket = buckets.computeIfAbsent(minute, m -> emptyBucket());
        int index = kind.ordinal() * 2;
        bucket[index]++;
        if (bad) {
            bucket[index + 1]++;
        }
        for (int w = 0; w < windowMinutes.length; w++) {
            if (minute > nowMinute - windowMinutes[w]) {
                sums[w][index]++;
                if (bad) {
                    sums[w][index + 1]++;
                }
            }
        }
        return bucket;
    }

    /** Puts back a persisted bucket (restoring from the state store), counting it in its windows. */
    public void restore(long minute, long[] bucket, long watermark) {
        advanceTo(watermark);
        if (minute > nowMinute || minute <= nowMinute - longest()) {
            return;
        }
        long[] copy = bucket.clone();
        long[] previous = buckets.put(minute, copy);
        for (int w = 0; w < windowMinutes.length; w++) {
            if (minute > nowMinute - windowMinutes[w]) {
                if (previous != null) {
                    subtract(sums[w], previous);
                }
                add(sums[w], copy);
            }
        }
    }

    /** Valid events of an SLI in a window. */
    public long total(Duration window, SloKind kind) {
        return total(indexOf(window), kind);
    }

    /** Bad events of an SLI in a window. */
    public long bad(Duration window, SloKind kind) {
        return bad(indexOf(window), kind);
    }

    /** Valid events of an SLI in the window at {@code index} of {@link #windows()} (see {@link #indexOf}). */
    public long total(int index, SloKind kind) {
        return sums[index][kind.ordinal() * 2];
    }

    /** Bad events of an SLI in the window at {@code index} of {@link #windows()}. */
    public long bad(int index, SloKind kind) {
        return sums[index][kind.ordinal() * 2 + 1];
    }

    /** The burn rate of an SLO over the window at {@code index} of {@link #windows()}. */
    public double burnRate(int index, SloTarget slo) {
        long total = total(index, slo.kind());
        return BurnRate.of(total == 0 ? 0 : (double) bad(index, slo.kind()) / total, slo.target());
    }

    /** Bad / valid in a window; 0 without traffic. */
    public double errorRatio(Duration window, SloKind kind) {
        long total = total(window, kind);
        return total == 0 ? 0 : (double) bad(window, kind) / total;
    }

    /** The burn rate of an SLO over a window. */
    public double burnRate(Duration window, SloTarget slo) {
        return BurnRate.of(errorRatio(window, slo.kind()), slo.target());
    }

    /** Minutes currently bucketed, oldest first (for persistence clean-up and tests). */
    public Map<Long, long[]> buckets() {
        return java.util.Collections.unmodifiableMap(buckets);
    }

    public List<Duration> windows() {
        return windows;
    }

    private long longest() {
        long max = 0;
        for (long minutes : windowMinutes) {
            max = Math.max(max, minutes);
        }
        return max;
    }

    /** The position of a window in {@link #windows()}, for the index-based accessors. */
    public int indexOf(Duration window) {
        int index = windows.indexOf(window);
        if (index < 0) {
            throw new IllegalArgumentException("no sums kept for window " + window);
        }
        return index;
    }

    private static void subtract(long[] sum, long[] bucket) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] -= bucket[i];
        }
    }

    private static void add(long[] sum, long[] bucket) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += bucket[i];
        }
    }
}
