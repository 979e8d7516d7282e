package io.levqor.connectors;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How one attempt of a step ended. */
public sealed interface StepOutcome {

    /** The step did its work; {@code output} becomes {@code steps.<id>.output}. {@code usage} is metered. */
    record Succeeded(@Nullable Object output, Map<String, Object> usage) implements StepOutcome {}

    /**
     * The step failed. A retryable failure is tried again per the step's retry policy, no sooner than
     * {@code retryAfter} when the peer said so (HTTP 429 {@code Retry-After}, Telegram's {@code retry_after}).
     */
    record Failed(
            String error,
            boolean retryable,
            @Nullable Duration retryAfter,
            @Nullable Object output) implements StepOutcome {}

    /** Come back later (a durable delay): the engine re-queues the step's job for {@code until}. */
    record Sleep(Instant until, @Nullable Object output) implements StepOutcome {}

    static StepOutcome succeeded(@Nullable Object output) {
        return new Succeeded(output, Map.of());
    }

    static StepOutcome failed(String error, boolean retryable) {
        return new Failed(error, retryable, null, null);
    }
}
