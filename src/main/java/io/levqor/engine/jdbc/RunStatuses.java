package io.levqor.engine.jdbc;

import io.levqor.engine.RunStatus;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link RunStatus} sets as SQL literal lists, for the {@code WHERE status IN (…)} of conditional updates. */
final class RunStatuses {

    private RunStatuses() {}

    /** {@code 'queued', 'running'}: constant text built from the enum, never from input. */
    static String in(Set<RunStatus> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("no status may move there");
        }
        return statuses.stream().map(s -> "'" + s.apiName() + "'").collect(Collectors.joining(", "));
    }

    /** The statuses that may move to {@code target} (and every one of {@code more}), as an SQL list. */
    static String sourcesOf(RunStatus target, RunStatus... more) {
        return in(RunStatus.sourcesOf(target, more));
    }
}
