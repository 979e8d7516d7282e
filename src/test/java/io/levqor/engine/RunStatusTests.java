package io.levqor.engine;

import static io.levqor.engine.RunStatus.CANCELLED;
import static io.levqor.engine.RunStatus.FAILED;
import static io.levqor.engine.RunStatus.QUEUED;
import static io.levqor.engine.RunStatus.REFUSED;
import static io.levqor.engine.RunStatus.RUNNING;
import static io.levqor.engine.RunStatus.SUCCEEDED;
import static io.levqor.engine.RunStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunStatusTests {

    // The table the code must implement, written out again on purpose: each pair is a test.
    private static final Set<List<RunStatus>> ALLOWED = Set.of(
            List.of(QUEUED, RUNNING),
            List.of(QUEUED, SUCCEEDED),
            List.of(QUEUED, FAILED),
            List.of(QUEUED, CANCELLED),
            List.of(RUNNING, WAITING),
            List.of(RUNNING, SUCCEEDED),
            List.of(RUNNING, FAILED),
            List.of(RUNNING, CANCELLED),
            List.of(WAITING, QUEUED),
            List.of(WAITING, RUNNING),
            List.of(WAITING, FAILED),
            List.of(WAITING, CANCELLED),
            List.of(FAILED, QUEUED));

    static Stream<Arguments> allowedMoves() {
        return pairs(true);
    }

    static Stream<Arguments> refusedMoves() {
        return pairs(false);
    }

    private static Stream<Arguments> pairs(boolean allowed) {
        List<Arguments> pairs = new ArrayList<>();
        for (RunStatus from : RunStatus.values()) {
            for (RunStatus to : RunStatus.values()) {
                if (ALLOWED.contains(List.of(from, to)) == allowed) {
                    pairs.add(Arguments.of(from, to));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} is allowed")
    @MethodSource("allowedMoves")
    void allowsTheMovesInTheTable(RunStatus from, RunStatus to) {
        assertThat(from.canMoveTo(to)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1} is refused")
    @MethodSource("refusedMoves")
    void refusesEveryOtherMove(RunStatus from, RunStatus to) {
        assertThat(from.canMoveTo(to)).isFalse();
    }

    @Test
    void theTableCoversAllFortyNinePairs() {
        assertThat(allowedMoves().count() + refusedMoves().count()).isEqualTo(49);
        assertThat(allowedMoves().count()).isEqualTo(13);
    }

    @Test
    void theConditionalUpdatesTakeTheirSourcesFromTheTable() {
        // the worker's final write, cancel, the deadline, the retry
        assertThat(RunStatus.sourcesOf(SUCCEEDED, FAILED)).containsExactly(QUEUED, RUNNING);
        assertThat(RunStatus.sourcesOf(CANCELLED)).containsExactly(QUEUED, RUNNING, WAITING);
        assertThat(RunStatus.sourcesOf(FAILED)).containsExactly(QUEUED, RUNNING, WAITING);
        assertThat(RunStatus.sourcesOf(QUEUED)).containsExactly(WAITING, FAILED);
        assertThat(RunStatus.sourcesOf(REFUSED)).isEmpty();
    }

    @Test
    void waitingIsNeitherFinalNorQueuedAndHasAnApiName() {
        assertThat(Stream.of(RunStatus.values()).filter(RunStatus::isFinal))
                .containsExactly(SUCCEEDED, FAILED, CANCELLED, REFUSED);
        assertThat(RunStatus.fromApiName("waiting")).isEqualTo(WAITING);
        assertThat(WAITING.apiName()).isEqualTo("waiting");
    }
}
