package io.levqor.connectors;

import io.levqor.shared.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of workflow step ({@code http}, {@code transform}, {@code slack}…). The engine finds every
 * implementation by its {@link #name()}, renders the step's {@code {{ … }}} expressions, and calls
 * {@link #execute}; it owns retries, leases and history, so an implementation only does the work once.
 */
public interface StepType {

    /** The {@code type} of the step in a workflow definition. */
    String name();

    /**
     * JSON Schema (as plain maps and lists) of the step's own fields, besides the common ones ({@code id},
     * {@code type}, {@code if}, {@code retry}, {@code timeout}, {@code credential}); used to validate definitions
     * and published in the workflow schema.
     */
    Map<String, Object> schema();

    /**
     * Fields whose strings are taken as they are: neither checked nor rendered as {@code {{ … }}} templates (a
     * {@code code} step's script, where braces are JavaScript and run data must never be spliced into the source).
     */
    default Set<String> literalFields() {
        return Set.of();
    }

    /**
     * Problems the {@link #schema()} cannot express (a script that does not compile), checked when a definition is
     * saved; each {@link FieldError#field()} is a JSON pointer relative to the step, like {@code /code}.
     */
    default List<FieldError> check(Map<String, Object> fields) {
        return List.of();
    }

    /** Pure steps have no side effects and are fast; the engine runs them inline with the step before. */
    default boolean pure() {
        return false;
    }

    /**
     * Does the step's work once. Must not block past {@link StepRequest#timeout()}, must send
     * {@link StepRequest#idempotencyKey()} with every outbound call that accepts one, and should return promptly
     * when the thread is interrupted (the run was cancelled or the lease lost).
     */
    StepOutcome execute(StepRequest request) throws InterruptedException;
}
