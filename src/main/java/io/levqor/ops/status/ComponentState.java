package io.levqor.ops.status;

import java.util.Locale;

/** A component's state on the status page, from best to worst. */
public enum ComponentState {
    OPERATIONAL,
    DEGRADED,
    OUTAGE;

    /** The name in JSON and in the probes' rows. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ComponentState of(String apiName) {
        return valueOf(apiName.toUpperCase(Locale.ROOT));
    }

    public ComponentState worst(ComponentState other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The state an open incident of this impact puts its components in: minor degrades, major and critical are outages. */
    public static ComponentState ofImpact(String impact) {
        return impact.equals("minor") ? DEGRADED : OUTAGE;
    }
}
