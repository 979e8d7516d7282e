package io.levqor.ops.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.ops.anomaly.AnomalyDetector.Direction;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTests {

    /** Four weeks of an hour: 240 per-minute samples of a Poisson-like count around {@code mean}. */
    static long[] baseline(double mean, long seed) {
        Random random = new Random(seed);
        return LongStream.range(0, 240).map(i -> poisson(random, mean)).toArray();
    }

    static long[] recent(double mean, long seed) {
        Random random = new Random(seed);
        return LongStream.range(0, 5).map(i -> poisson(random, mean)).toArray();
    }

    // Knuth's method: fine for the small means these tests use.
    static long poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    @Test
    void ordinaryNoiseRaisesNothing() {
        // A thousand recent windows drawn from the baseline's own distribution: none leaves the 3 σ band.
        long[] samples = baseline(40, 1);
        for (long seed = 0; seed < 1000; seed++) {
            var verdict = AnomalyDetector.assess(recent(40, 100 + seed), samples, 3, 20, Direction.BOTH);
            assertThat(verdict.state()).as("seed %d", seed).isEqualTo(AnomalyDetector.NORMAL);
        }
    }

    @Test
    void aQuietNightsBlipIsBelowTheMinimumVolume() {
        // Nights see a failure now and then; a burst of 16 in five minutes is beyond the band (a 0.05 a minute mean,
        // σ at least the Poisson noise of 1: up to 3.05 a minute) but below the minimum volume of 20.
        long[] night = baseline(0.05, 2);
        var verdict = AnomalyDetector.assess(new long[] {4, 4, 4, 4, 0}, night, 3, 20, Direction.UP);
        assertThat(verdict.current()).isGreaterThan(verdict.band().upper());
        assertThat(verdict.state()).isEqualTo(AnomalyDetector.QUIET);
        assertThat(verdict.alerting()).isFalse();
        // Nor does a flat zero baseline make a single event an anomaly: σ is at least the Poisson noise.
        assertThat(AnomalyDetector.assess(new long[] {0, 0, 1, 0, 0}, new long[240], 3, 0, Direction.BOTH)
                        .state())
                .isEqualTo(AnomalyDetector.NORMAL);
    }

    @Test
    void aRealSpikeAlerts() {
        long[] samples = baseline(40, 3);
        var verdict = AnomalyDetector.assess(recent(120, 4), samples, 3, 20, Direction.UP);
        assertThat(verdict.state()).isEqualTo(AnomalyDetector.SPIKE);
        assertThat(verdict.alerting()).isTrue();
        assertThat(verdict.band().mean()).isBetween(38.0, 42.0);
        assertThat(verdict.band().upper()).isBetween(55.0, 65.0);
    }

    @Test
    void aDropAlertsWhenTheBaselineExpectsEnoughVolumeAndOnlyForSeriesThatCanDrop() {
        long[] samples = baseline(40, 5);
        long[] fallen = {2, 1, 0, 3, 1};
        assertThat(AnomalyDetector.assess(fallen, samples, 3, 20, Direction.BOTH)
                        .state())
                .isEqualTo(AnomalyDetector.DROP);
        // Fewer failures is never an alert.
        assertThat(AnomalyDetector.assess(fallen, samples, 3, 20, Direction.UP).state())
                .isEqualTo(AnomalyDetector.NORMAL);
        // A drop from a trickle (2 a minute, 10 expected in five minutes) is below a minimum volume of 20.
        long[] trickle = baseline(2, 6);
        assertThat(AnomalyDetector.assess(new long[5], trickle, 3, 20, Direction.BOTH)
                        .state())
                .isIn(AnomalyDetector.QUIET, AnomalyDetector.NORMAL);
        assertThat(AnomalyDetector.assess(new long[5], trickle, 3, 20, Direction.BOTH)
                        .alerting())
                .isFalse();
    }

    @Test
    void withoutABaselineWeekItIsLearning() {
        var verdict = AnomalyDetector.assess(new long[] {500, 500, 500, 500, 500}, new long[0], 3, 20, Direction.UP);
        assertThat(verdict.state()).isEqualTo(AnomalyDetector.LEARNING);
        assertThat(verdict.alerting()).isFalse();
    }
}
