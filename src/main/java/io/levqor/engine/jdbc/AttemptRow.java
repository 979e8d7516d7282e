package io.levqor.engine.jdbc;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One recorded step attempt; JSON columns as text. Status: {@code succeeded}, {@code failed}, {@code skipped}. */
public record AttemptRow(
        int stepIndex,
        String stepId,
        String stepType,
        String status,
        @Nullable String input,
        @Nullable String output,
        @Nullable String error,
        Instant startedAt,
        Instant finishedAt) {}
