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
 * @param llm the tokens, credits and cost of the run's llm step attempts, summed; null in lists and when none ran
 * @param parentRunId the run whose {@code workflow} step started this one; null for every other run
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
        @Nullable List<Step> steps,
        @Nullable LlmTotal llm,
        @Nullable UUID parentRunId) {

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

    /**
     * One try of a step.
     *
     * @param llm what an llm step's attempt used and was charged; null for other steps
     * @param childRunId a {@code workflow} step's attempt: the child run it started and awaited; null for others
     */
    public record Attempt(
            int number,
            Instant startedAt,
            Instant finishedAt,
            @Nullable Object input,
            @Nullable Object output,
            @Nullable String error,
            @Nullable Llm llm,
            @Nullable UUID childRunId) {

        /** An attempt of any step but a {@code workflow} one. */
        public Attempt(
                int number,
                Instant startedAt,
                Instant finishedAt,
                @Nullable Object input,
                @Nullable Object output,
                @Nullable String error,
                @Nullable Llm llm) {
            this(number, startedAt, finishedAt, input, output, error, llm, null);
        }
    }

    /**
     * An llm step attempt's metering.
     *
     * @param credits credits charged for its tokens
     * @param costMicros the provider's price for them, in millionths of {@code currency}
     */
    public record Llm(
            String model,
            long promptTokens,
            long completionTokens,
            long totalTokens,
            long credits,
            long costMicros,
            String currency) {}

    /** The run's llm attempts summed up. */
    public record LlmTotal(
            int attempts,
            long promptTokens,
            long completionTokens,
            long totalTokens,
            long credits,
            long costMicros,
            String currency) {}
}
