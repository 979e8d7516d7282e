package io.levqor.engine;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which runs to list: every part is optional; {@code from} inclusive, {@code to} exclusive. {@code trigger} (the
 * trigger type: {@code api}, {@code manual}, {@code webhook}, {@code schedule}, …) and {@code text} (found, case
 * insensitively, in the run's input or error) are looked for in a bounded window of the newest runs that match the
 * rest ({@link Runs#SEARCH_WINDOW}), so they stay cheap however long the history is. {@code parentRunId} keeps the
 * child runs that run's {@code workflow} steps started.
 */
public record RunFilter(
        @Nullable UUID workflowId,
        @Nullable RunStatus status,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable String trigger,
        @Nullable String text,
        @Nullable UUID parentRunId) {

    /** Any runs, children or not. */
    public RunFilter(
            @Nullable UUID workflowId,
            @Nullable RunStatus status,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable String trigger,
            @Nullable String text) {
        this(workflowId, status, from, to, trigger, text, null);
    }

    /** Without trigger or text: only what the indexes answer. */
    public RunFilter(
            @Nullable UUID workflowId, @Nullable RunStatus status, @Nullable Instant from, @Nullable Instant to) {
        this(workflowId, status, from, to, null, null);
    }

    public static RunFilter all() {
        return new RunFilter(null, null, null, null);
    }

    /** Whether the trigger or the text narrows the list (a search through a bounded window). */
    public boolean searches() {
        return trigger != null || text != null;
    }
}
