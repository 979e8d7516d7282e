package io.levqor.engine;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a run stands, with its transition table in plain sight. Every status change in the database is a
 * conditional {@code UPDATE … WHERE status IN (…)} whose list comes from {@link #sourcesOf}, so a move that is not
 * in the table matches no row: a late worker, a second cancel or a replayed retry changes nothing.
 */
public enum RunStatus {
    QUEUED,
    RUNNING,
    /** Parked until something outside the run happens (a signal, a due time): no job is claimed for it. */
    WAITING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** A scheduled fire that admission turned down, kept so the builder sees it. */
    REFUSED;

    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            // one statement writes a worker's final word, from either active status (a capped run still queued
            // fails when its pinned version is gone); the deadline fails a run wherever it is
            QUEUED, EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELLED),
            RUNNING, EnumSet.of(WAITING, SUCCEEDED, FAILED, CANCELLED),
            // resumed through the queue or straight on a worker; timed out or past its deadline it fails
            WAITING, EnumSet.of(QUEUED, RUNNING, FAILED, CANCELLED),
            // POST /runs/{id}/retry replays a failed run from the failed step
            FAILED, EnumSet.of(QUEUED),
            SUCCEEDED, EnumSet.noneOf(RunStatus.class),
            CANCELLED, EnumSet.noneOf(RunStatus.class),
            // a refused run never started: nothing to resume or retry
            REFUSED, EnumSet.noneOf(RunStatus.class));

    /** Whether the table allows moving from this status to {@code next}; staying put is not a move. */
    public boolean canMoveTo(RunStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** The statuses a run may be in to move to every one of {@code targets}, in declaration order. */
    public static Set<RunStatus> sourcesOf(RunStatus target, RunStatus... more) {
        Set<RunStatus> sources = EnumSet.noneOf(RunStatus.class);
        for (RunStatus from : values()) {
            boolean all = from.canMoveTo(target);
            for (RunStatus other : more) {
                all &= from.canMoveTo(other);
            }
            if (all) {
                sources.add(from);
            }
        }
        return sources;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run has ended: nothing runs or waits for it any more (a failed run may still be retried). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == REFUSED;
    }

    public static RunStatus fromApiName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
