package io.levqor.ops.anomaly;

/**
 * The statistics, free of storage: a band of {@code mean ± sigmas × σ} from per-minute baseline samples, and the
 * verdict on the recent minutes against it.
 */
public final class AnomalyDetector {

    /** Which way a series may be anomalous: failures only up (fewer failures is good news), the rest both ways. */
    public enum Direction {
        UP,
        BOTH
    }

    /** A baseline's band per minute. */
    public record Band(double mean, double sigma, double lower, double upper) {}

    /** The verdict: {@code normal}, {@code spike}, {@code drop}, {@code quiet} or {@code learning}. */
    public record Assessment(String state, double current, long recentCount, Band band) {

        /** Whether the verdict is worth an alert. */
        public boolean alerting() {
            return state.equals(SPIKE) || state.equals(DROP);
        }
    }

    public static final String NORMAL = "normal";
    public static final String SPIKE = "spike";
    public static final String DROP = "drop";
    public static final String QUIET = "quiet";
    public static final String LEARNING = "learning";

    private AnomalyDetector() {}

    /**
     * The band of per-minute {@code samples}. σ is at least the Poisson noise of the mean ({@code √max(mean, 1)}):
     * counts of independent events vary that much by themselves, so a baseline that happened to be flat does not
     * make an ordinary wobble an anomaly.
     */
    public static Band band(long[] samples, double sigmas) {
        if (samples.length == 0) {
            return new Band(0, 0, 0, 0);
        }
        double sum = 0;
        for (long sample : samples) {
            sum += sample;
        }
        double mean = sum / samples.length;
        double squares = 0;
        for (long sample : samples) {
            squares += (sample - mean) * (sample - mean);
        }
        double sigma = Math.max(Math.sqrt(squares / samples.length), Math.sqrt(Math.max(mean, 1)));
        return new Band(mean, sigma, Math.max(0, mean - sigmas * sigma), mean + sigmas * sigma);
    }

    /**
     * The verdict on {@code recent} (the last complete minutes) against the baseline {@code samples} (per minute, the
     * same hour of the week in past weeks; empty while there is no past week). A spike needs at least {@code
     * minVolume} in the recent minutes; a drop needs the baseline to expect at least that many there.
     */
    public static Assessment assess(long[] recent, long[] samples, double sigmas, long minVolume, Direction direction) {
        long count = 0;
        for (long value : recent) {
            count += value;
        }
        double current = recent.length == 0 ? 0 : (double) count / recent.length;
        Band band = band(samples, sigmas);
        if (samples.length == 0) {
            return new Assessment(LEARNING, current, count, band);
        }
        if (current > band.upper()) {
            return new Assessment(count >= minVolume ? SPIKE : QUIET, current, count, band);
        }
        if (direction == Direction.BOTH && current < band.lower()) {
            double expected = band.mean() * recent.length;
            return new Assessment(expected >= minVolume ? DROP : QUIET, current, count, band);
        }
        return new Assessment(NORMAL, current, count, band);
    }
}
