package io.levqor.ops.anomaly;

import io.levqor.ops.series.Series;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Anomaly detection, bound to {@code levqor.ops.anomaly.*} (docs/operations.md, "Anomaly detection").
 *
 * @param enabled false: the series are still kept and shown, but no anomaly alert fires
 * @param weeks how many past weeks the baseline of an hour of the week is taken from
 * @param recent the window the current value is the per-minute mean of (complete minutes only)
 * @param sigmas the band's half-width in standard deviations of the baseline
 * @param chartHours how many hours the console's charts and the API's points cover
 * @param minVolume per series, the least count in the recent window (or expected there, for a drop) that may alert;
 *     series not named keep their defaults ({@link #DEFAULT_MIN_VOLUME})
 */
@ConfigurationProperties("levqor.ops.anomaly")
public record AnomalySettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("4") int weeks,
        @DefaultValue("5m") Duration recent,
        @DefaultValue("3") double sigmas,
        @DefaultValue("3") int chartHours,
        @Nullable Map<String, Long> minVolume) {

    /** The built-in minimum volumes: a quiet night's handful of events raises nothing. */
    public static final Map<String, Long> DEFAULT_MIN_VOLUME = Map.of(
            Series.RUNS_STARTED, 100L,
            Series.RUNS_FAILED, 20L,
            Series.SIGNUPS, 10L,
            Series.PAYMENTS, 5L,
            Series.HTTP_5XX, 20L);

    public AnomalySettings {
        if (weeks < 1 || weeks > 7) {
            throw new IllegalArgumentException("levqor.ops.anomaly.weeks must be between 1 and 7");
        }
        if (recent.compareTo(Duration.ofMinutes(1)) < 0 || recent.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("levqor.ops.anomaly.recent must be between 1m and 1h");
        }
        if (!(sigmas > 0)) {
            throw new IllegalArgumentException("levqor.ops.anomaly.sigmas must be positive");
        }
        if (chartHours < 1 || chartHours > 24) {
            throw new IllegalArgumentException("levqor.ops.anomaly.chart-hours must be between 1 and 24");
        }
        Map<String, Long> merged = new HashMap<>(DEFAULT_MIN_VOLUME);
        if (minVolume != null) {
            minVolume.forEach((series, least) -> {
                if (!DEFAULT_MIN_VOLUME.containsKey(series)) {
                    throw new IllegalArgumentException("levqor.ops.anomaly.min-volume: no series '" + series
                            + "' (known: " + Series.WATCHED + ")");
                }
                if (least < 0) {
                    throw new IllegalArgumentException(
                            "levqor.ops.anomaly.min-volume." + series + " must not be negative");
                }
                merged.put(series, least);
            });
        }
        minVolume = Map.copyOf(merged);
    }

    /** The minimum volumes, defaults merged; never null. */
    @Override
    public Map<String, Long> minVolume() {
        return minVolume == null ? DEFAULT_MIN_VOLUME : minVolume;
    }
}
