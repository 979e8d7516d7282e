package io.levqor.workflow;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One step of a definition.
 *
 * @param condition the raw {@code if} template; null means always
 * @param timeout the step's own timeout; null leaves it to the engine's default
 * @param credential the name of a workspace credential the step uses
 * @param fields every other member of the step object ({@code url}, {@code body}, {@code output}…), raw templates
 */
public record StepDefinition(
        String id,
        String type,
        @Nullable Object condition,
        RetryPolicy retry,
        @Nullable Duration timeout,
        @Nullable String credential,
        Map<String, Object> fields) {

    public StepDefinition {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
