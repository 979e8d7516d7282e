package io.levqor.engine;

/** Which version of its workflow a retried run goes on with: its own (the default), the latest, or a given one. */
public sealed interface RetryVersion {

    /** The version the run pinned when it started: a replay of the same definition. */
    RetryVersion OWN = new Own();

    /** The workflow's current version, so a fix saved after the failure helps the failed run. */
    RetryVersion LATEST = new Latest();

    /** A given version of the workflow. */
    static RetryVersion number(int version) {
        return new Numbered(version);
    }

    /** The run's own version. */
    record Own() implements RetryVersion {}

    /** The workflow's latest version. */
    record Latest() implements RetryVersion {}

    /** Version {@code version} of the workflow. */
    record Numbered(int version) implements RetryVersion {}
}
