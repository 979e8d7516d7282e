package io.levqor.engine;

import io.levqor.engine.internal.StepTester;
import io.levqor.shared.WorkspaceId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * "Test step" for modules outside the engine (the console's editor): runs one step of a definition for real on the
 * data given and stores no run, as {@code POST /api/v1/workflows/test-step} does.
 */
@Component
public class StepTests {

    private final StepTester tester;

    StepTests(StepTester tester) {
        this.tester = tester;
    }

    /**
     * How the test went.
     *
     * @param status {@code succeeded}, {@code failed} or {@code skipped}
     */
    public record Outcome(
            String status,
            String path,
            @Nullable Object input,
            @Nullable Object output,
            @Nullable String error,
            long durationMs,
            List<String> logs) {}

    /**
     * Tests the step {@code stepRef} (its id or path) of {@code definition}; {@code steps} maps earlier step ids to their
     * outputs. A definition with problems throws {@link io.levqor.shared.ValidationFailed} with JSON pointers.
     */
    public Outcome test(
            WorkspaceId workspace,
            @Nullable UUID workflowId,
            @Nullable Object definition,
            String stepRef,
            Map<String, Object> trigger,
            Map<String, @Nullable Object> steps,
            @Nullable Object item,
            @Nullable Integer index) {
        StepTester.Result result = tester.test(
                workspace, workflowId, definition, stepRef, new StepTester.Data(trigger, steps, item, index));
        return new Outcome(
                result.status(),
                result.path(),
                result.input(),
                result.output(),
                result.error(),
                result.durationMs(),
                result.logs());
    }
}
