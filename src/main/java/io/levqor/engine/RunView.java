package io.levqor.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A run as callers see it; {@code steps} is null in lists and filled for a single run.
 *
 * @param trigger how it started: {@code manual}, {@code api}, {@code webhook}, {@code schedule}
 * @param input what the trigger carried ({@code {input}} or {@code {body, headers, query}})
 */
public record RunView(
        UUID id,
        UUID workflowId,
        int version,
        String status,
        String trigger,
        @Nullable Object input,
        @Nullable Object output,
        @Nullable String error,
        Instant createdAt,
        @Nullable Instant finishedAt,
        @Nullable List<Step> steps) {

    /**
     * One step of the run with its attempts in order.
     *
     * @param path where it sits in the definition: its id at the top level, else like {@code check.cases[0].notify},
     *     or {@code each[17].call} for a step of a loop's item
     * @param item inside a {@code forEach}: the index of the (innermost) loop's item it ran for; null elsewhere
     */
    public record Step(
            String id,
            String path,
            String type,
            String status,
            List<Attempt> attempts,
            @Nullable Integer item) {

        /** A step outside any loop. */
        public Step(String id, String path, String type, String status, List<Attempt> attempts) {
            this(id, path, type, status, attempts, null);
        }
    }

    /** One try of a step. */
    public record Attempt(
            int number,
            Instant startedAt,
            Instant finishedAt,
            @Nullable Object input,
            @Nullable Object output,
            @Nullable String error) {}
}
