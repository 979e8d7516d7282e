package io.levqor.engine.jdbc;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One recorded step attempt; JSON columns as text. Status: {@code succeeded}, {@code failed}, {@code skipped}.
 *
 * @param path where the step sits in the definition ({@code check.cases[0].notify}); its id for top-level steps
 * @param usage what the attempt reported for metering (an llm step's model and tokens); null when nothing, and
 *     never stored here: billing keeps it
 */
public record AttemptRow(
        int stepIndex,
        String path,
        String stepId,
        String stepType,
        String status,
        @Nullable String input,
        @Nullable String output,
        @Nullable String error,
        Instant startedAt,
        Instant finishedAt,
        @Nullable Map<String, Object> usage) {

    public AttemptRow(
            int stepIndex,
            String path,
            String stepId,
            String stepType,
            String status,
            @Nullable String input,
            @Nullable String output,
            @Nullable String error,
            Instant startedAt,
            Instant finishedAt) {
        this(stepIndex, path, stepId, stepType, status, input, output, error, startedAt, finishedAt, null);
    }

    /** The same attempt at another position (an implied loop item attempt takes its loop's). */
    public AttemptRow atIndex(int index) {
        return new AttemptRow(
                index, path, stepId, stepType, status, input, output, error, startedAt, finishedAt, usage);
    }

    /** The same attempt with what it reported for metering. */
    public AttemptRow withUsage(Map<String, Object> metered) {
        return new AttemptRow(
                stepIndex, path, stepId, stepType, status, input, output, error, startedAt, finishedAt, metered);
    }
}
