package dev.agentplatform.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundredIsNinetyFive() {
        long[] samples = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray();
        assertThat(Percentiles.p95(samples)).isEqualTo(95);
        assertThat(Percentiles.percentile(samples, 50)).isEqualTo(50);
        assertThat(Percentiles.percentile(samples, 100)).isEqualTo(100);
    }

    @Test
    void aFewSlowSamplesDominateTheTailOfASmallSet() {
        // 19 fast and one slow: rank ceil(0.95 * 20) = 19 is still fast; a second slow one makes it slow.
        long[] oneSlow = LongStream.concat(LongStream.generate(() -> 30).limit(19), LongStream.of(2500)).toArray();
        long[] twoSlow = LongStream.concat(LongStream.generate(() -> 30).limit(18), LongStream.of(2500, 2600)).toArray();
        assertThat(Percentiles.p95(oneSlow)).isEqualTo(30);
        assertThat(Percentiles.p95(twoSlow)).isEqualTo(2500);
    }

    @Test
    void noSamplesHaveNoPercentile() {
        assertThat(Percentiles.p95(new long[0])).isEqualTo(-1);
        assertThat(Percentiles.p95(new long[] {7})).isEqualTo(7);
        assertThatThrownBy(() -> Percentiles.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavesTheSamplesUnsorted() {
        long[] samples = {5, 1, 3};
        Percentiles.p95(samples);
        assertThat(samples).containsExactly(5, 1, 3);
    }
}
