package io.levqor.console.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.RunView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunShapesTests {

    @Test
    void aSubWorkflowStepsChildIsTheRunItsAttemptAwaitedWhateverTheChildAnswered() {
        UUID child = UUID.randomUUID();
        Instant at = Instant.parse("2026-12-08T00:00:00Z");
        // The child's own output is the step's output, and it names no run: only the attempt knows the child.
        RunView.Attempt attempt =
                new RunView.Attempt(1, at, at, Map.of("input", 1), Map.of("total", 3), null, null, child);
        RunView run = new RunView(
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                "succeeded",
                "manual",
                null,
                null,
                null,
                at,
                at,
                List.of(new RunView.Step("sub", "sub", "workflow", "succeeded", List.of(attempt))),
                null,
                null);

        assertThat(RunShapes.children(run)).singleElement().satisfies(found -> {
            assertThat(found.runId()).isEqualTo(child);
            assertThat(found.step()).isEqualTo("sub");
        });
    }
}
