package io.levqor.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A funnel report: for each step, how many units (workspaces or users) reached it in order within the window.
 *
 * @param from start of the range the first step must fall in (inclusive)
 * @param to end of that range (exclusive); later steps may fall up to {@code window} after it
 * @param window how long after its first step a unit has to finish the funnel, ISO-8601 ({@code PT336H})
 * @param by what is counted: {@code workspace} or {@code user}
 */
public record Funnel(Instant from, Instant to, String window, String by, List<Step> steps) {

    public Funnel {
        steps = List.copyOf(steps);
    }

    /**
     * One step of a funnel.
     *
     * @param people units that reached this step (and every step before it, in order)
     * @param conversionFromPrevious {@code people} ÷ the previous step's, 4 decimals (1 for the first step; 0 when
     *     the previous step had nobody)
     * @param conversionFromFirst {@code people} ÷ the first step's, 4 decimals
     * @param medianSecondsFromPrevious median time from the previous step to this one, in whole seconds, over the
     *     units that reached it; null (absent from the JSON) for the first step and when nobody reached it
     */
    public record Step(
            int index,
            String name,
            long people,
            BigDecimal conversionFromPrevious,
            BigDecimal conversionFromFirst,
            @Nullable Long medianSecondsFromPrevious) {}
}
