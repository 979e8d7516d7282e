package io.levqor.engine;

import java.util.Locale;

/** Where a run stands: {@code queued → running → succeeded | failed | cancelled}; {@code refused} by admission. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** A scheduled fire that admission turned down, kept so the builder sees it. */
    REFUSED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    public static RunStatus fromApiName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
