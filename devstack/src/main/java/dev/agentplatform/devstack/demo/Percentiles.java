package dev.agentplatform.devstack.demo;

import java.util.Arrays;

/** Nearest-rank percentiles: the value below or at which p % of the samples lie, always a sample. */
final class Percentiles {

    private Percentiles() {
    }

    /** The 95th percentile of the samples, or -1 for none. */
    static long p95(long[] samples) {
        return percentile(samples, 95);
    }

    static long percentile(long[] samples, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile lies in (0, 100], got " + p);
        }
        if (samples.length == 0) {
            return -1;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
