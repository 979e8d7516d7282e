package io.levqor.growth;

import java.time.Duration;
import java.util.Optional;

/**
 * A mail of the lifecycle: the sequence after signup (day 0, 1, 3, 7 and 14) and the behaviour nudges. Each goes at
 * most once per person. Conversion mail (upgrade prompts) is skipped for a person whose workspace pays.
 */
public enum LifecycleStep {
    DAY_0("day-0", 0, MailCategory.TIPS, false, "Welcome to Levqor"),
    DAY_1("day-1", 1, MailCategory.TIPS, false, "Your first workflow in five minutes"),
    DAY_3("day-3", 3, MailCategory.TIPS, false, "Three workflows people build first"),
    DAY_7("day-7", 7, MailCategory.MARKETING, true, "What a paid plan adds"),
    DAY_14("day-14", 14, MailCategory.MARKETING, true, "Two weeks in: keep your workflows running"),
    /** No workflow a day after signup. */
    NUDGE_NO_WORKFLOW("nudge-no-workflow", -1, MailCategory.TIPS, false, "Start from a template"),
    /** A workflow exists since a day and never ran. */
    NUDGE_NEVER_RUN("nudge-never-run", -1, MailCategory.TIPS, false, "Your workflow has not run yet"),
    /** The credit balance fell below 20 % of the plan's allotment. */
    NUDGE_CREDITS_LOW("nudge-credits-low", -1, MailCategory.MARKETING, true, "You are running low on credits"),
    /** A run was refused by the free plan's daily cap. */
    NUDGE_DAILY_CAP("nudge-daily-cap", -1, MailCategory.MARKETING, true, "You reached today's run limit"),
    /** Nothing created or run for seven days. */
    NUDGE_INACTIVE("nudge-inactive", -1, MailCategory.TIPS, false, "We have not seen you in a while");

    /** How long without activity before {@link #NUDGE_INACTIVE}. */
    public static final Duration INACTIVE_AFTER = Duration.ofDays(7);

    private final String key;
    private final int day;
    private final MailCategory category;
    private final boolean conversion;
    private final String defaultSubject;

    LifecycleStep(String key, int day, MailCategory category, boolean conversion, String defaultSubject) {
        this.key = key;
        this.day = day;
        this.category = category;
        this.conversion = conversion;
        this.defaultSubject = defaultSubject;
    }

    /** The name stored, in URLs and of the default templates ({@code growth/lifecycle/day-1.html}). */
    public String key() {
        return key;
    }

    /** Days after signup for the sequence; -1 for a nudge. */
    public int day() {
        return day;
    }

    public boolean isSequence() {
        return day >= 0;
    }

    public MailCategory category() {
        return category;
    }

    /** An upgrade prompt: not sent to a paying person. */
    public boolean conversion() {
        return conversion;
    }

    public String defaultSubject() {
        return defaultSubject;
    }

    public static Optional<LifecycleStep> fromKey(String key) {
        for (LifecycleStep step : values()) {
            if (step.key.equals(key)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }
}
