package io.levqor.engine.jdbc;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One recorded step attempt; JSON columns as text. Status: {@code succeeded}, {@code failed}, {@code skipped}.
 *
 * @param path where the step sits in the definition ({@code check.cases[0].notify}); its id for top-level steps
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
        Instant finishedAt) {}
