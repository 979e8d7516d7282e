package io.levqor.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A workspace's LLM usage: totals per day (in its time zone) and the latest runs that used LLM steps. Costs are in
 * millionths of {@code currency}.
 */
public record LlmUsageReport(String currency, String timeZone, List<Day> days, List<Run> runs) {

    /** One day's LLM usage; days without any are listed as zero. */
    public record Day(LocalDate day, long promptTokens, long completionTokens, long credits, long costMicros) {}

    /** One run's LLM usage, summed over its llm step attempts. */
    public record Run(
            UUID runId,
            long attempts,
            long promptTokens,
            long completionTokens,
            long credits,
            long costMicros,
            Instant lastAt) {}
}
