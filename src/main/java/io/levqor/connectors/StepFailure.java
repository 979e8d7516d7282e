package io.levqor.connectors;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Thrown from inside a step to end its attempt as {@link StepOutcome.Failed}. */
public class StepFailure extends RuntimeException {

    private final boolean retryable;
    private final @Nullable Duration retryAfter;

    public StepFailure(String message, boolean retryable, @Nullable Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static StepFailure permanent(String message) {
        return new StepFailure(message, false, null);
    }

    public static StepFailure retryable(String message) {
        return new StepFailure(message, true, null);
    }

    public boolean retryable() {
        return retryable;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    public StepOutcome.Failed toOutcome() {
        return new StepOutcome.Failed(getMessage(), retryable, retryAfter, null);
    }
}
